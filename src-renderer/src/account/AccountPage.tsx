/**
 * The Account page: sign in, available and reserved coins (or, offline, the last known balance "as of"),
 * buying coins with Stripe Checkout in the browser, purchases being waited for, and the coin history.
 */
import { useState, type ReactNode } from 'react';
import type { Balance, CoinPackage, Purchase, Transaction } from '../../../src-shared/api/account';
import { EmptyState } from '../components/States';
import { call, useApiEvent } from '../lib/api';
import { fmtInt, plural } from '../lib/format';
import { useAction } from '../lib/use-action';
import { useAsync } from '../lib/use-async';
import { useAccount } from './session';
import { SignInCard } from './SignIn';
import './account.css';

export const fmtWhen = (at: number | string) =>
  new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function fmtPrice(pkg: CoinPackage): string {
  const currency = pkg.currency.toUpperCase();
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  return format.format(pkg.amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

function BalanceFigures({ balance }: { balance: Balance }) {
  return (
    <>
      {balance.offline ? (
        <p className="notice acc-offline" role="status" data-testid="balance-offline">
          Offline — this is your last known balance, as of {fmtWhen(balance.asOf)}.
        </p>
      ) : null}
      <div className="figures acc-figures" data-testid="balance">
        <Coins label="Available" coins={balance.available} id="balance-available">
          what you can spend now
        </Coins>
        <Coins label="Reserved" coins={balance.reserved} id="balance-reserved">
          held for unlocks in progress
        </Coins>
        <Coins label="Balance" coins={balance.balance} id="balance-total">
          {balance.offline ? `as of ${fmtWhen(balance.asOf)}` : 'available + reserved'}
        </Coins>
        {balance.debt > 0 ? (
          <Coins label="Owed" coins={balance.debt} id="balance-debt">
            from a refunded purchase; repaid from new coins
          </Coins>
        ) : null}
      </div>
    </>
  );
}

function Coins(props: { label: string; coins: number; id: string; children: ReactNode }) {
  return (
    <div className="card figure">
      <div className="label">{props.label}</div>
      <div className="value" data-testid={props.id}>
        {fmtInt(props.coins)}
        <span className="unit">coins</span>
      </div>
      <div className="sub">{props.children}</div>
    </div>
  );
}

const PURCHASE_LABEL: Record<Purchase['status'], string> = {
  pending: 'Waiting for payment',
  processing: 'Payment processing',
  paid: 'Paid',
  failed: 'Payment failed',
};

function PurchaseRow({ purchase, onChanged }: { purchase: Purchase; onChanged: () => void }) {
  const { busy, error, run } = useAction();
  const open = purchase.status === 'pending' || purchase.status === 'processing';
  const check = () =>
    run(async () => {
      await call('account-purchase-check', { sessionId: purchase.sessionId });
      onChanged();
    });
  return (
    <li className={`acc-purchase ${purchase.status}`} data-testid="purchase" data-status={purchase.status}>
      <div>
        <strong>{purchase.coins > 0 ? `${fmtInt(purchase.coins)} coins` : 'A purchase'}</strong>
        <span className="muted"> · {PURCHASE_LABEL[purchase.status]}</span>
        <div className="muted acc-small">
          {open
            ? 'Finish paying in your browser; the coins arrive here as soon as Stripe confirms.'
            : `Started ${fmtWhen(purchase.startedAt)}`}
        </div>
        {error ? <div className="notice error">{error.message}</div> : null}
      </div>
      {open ? (
        <div className="acc-row">
          {purchase.url ? (
            <a className="btn small" href={purchase.url} target="_blank" rel="noopener noreferrer">
              Open checkout again
            </a>
          ) : null}
          <button className="btn small" onClick={() => void check()} disabled={busy}>
            {busy ? 'Checking…' : 'Check now'}
          </button>
        </div>
      ) : null}
    </li>
  );
}

function BuyCoins({ onStarted }: { onStarted: () => void }) {
  const packages = useAsync(() => call('account-packages', {}), []);
  const { busy, doing, error, run } = useAction();
  const buy = (pkg: CoinPackage) => {
    // Opened while the click still counts (a browser blocks pop-ups opened later); pointed at Stripe next.
    const tab = window.open('', '_blank');
    return run(async () => {
      try {
        const purchase = await call('account-checkout', { packageId: pkg.id });
        if (tab) tab.location.href = purchase.url;
        else window.open(purchase.url, '_blank', 'noopener,noreferrer');
        onStarted();
      } catch (e) {
        tab?.close();
        throw e;
      }
    }, pkg.id);
  };
  return (
    <section className="acc-section" aria-labelledby="acc-buy-title">
      <h2 id="acc-buy-title">Buy coins</h2>
      <p className="muted acc-small">
        One category of six insights costs {fmtInt(packages.data?.unlockPrice ?? 400)} coins; you pay only for
        the insights that succeed. Payment is by Stripe, in your browser.
      </p>
      {packages.error ? <p className="notice error">{packages.error.message}</p> : null}
      <div className="acc-packages">
        {(packages.data?.packages ?? []).map((pkg) => (
          <div key={pkg.id} className="card acc-package" data-testid={`package-${pkg.id}`}>
            <div className="acc-package-coins">
              {fmtInt(pkg.coins)} <span className="muted">coins</span>
            </div>
            <div className="muted acc-small">
              {fmtPrice(pkg)} ·{' '}
              {plural(Math.floor(pkg.coins / (packages.data?.unlockPrice ?? 400)), 'unlock')}
            </div>
            <button className="btn primary" disabled={busy} onClick={() => void buy(pkg)}>
              {doing === pkg.id ? 'Opening Stripe…' : `Buy for ${fmtPrice(pkg)}`}
            </button>
          </div>
        ))}
      </div>
      {error ? (
        <p className="notice error" role="alert">
          {error.message}
        </p>
      ) : null}
    </section>
  );
}

const KIND_LABEL: Record<Transaction['kind'], string> = {
  signup_bonus: 'Welcome bonus',
  purchase: 'Bought',
  reserve: 'Reserved for an unlock',
  capture: 'Paid for insights',
  release: 'Returned from an unlock',
  refund: 'Refunded purchase',
  grant: 'Granted',
};

function change(t: Transaction): { text: string; tone: 'plus' | 'minus' | 'hold' } {
  if (t.amount > 0) return { text: `+${fmtInt(t.amount)}`, tone: 'plus' };
  if (t.amount < 0) return { text: `−${fmtInt(-t.amount)}`, tone: 'minus' };
  return {
    text: t.reservedDelta >= 0 ? `${fmtInt(t.reservedDelta)} held` : `${fmtInt(-t.reservedDelta)} freed`,
    tone: 'hold',
  };
}

/** The ledger, newest first, a page at a time (remounted when coins move). */
function History() {
  const first = useAsync(() => call('account-transactions', { limit: 20 }), []);
  const [more, setMore] = useState<Transaction[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const { busy, error, run } = useAction();
  const next = cursor === undefined ? first.data?.nextCursor : cursor;
  const loadMore = async () => {
    if (!next) return;
    await run(async () => {
      const page = await call('account-transactions', { limit: 20, before: next });
      setMore((m) => [...m, ...page.transactions]);
      setCursor(page.nextCursor);
    });
  };
  const rows = [...(first.data?.transactions ?? []), ...more];
  return (
    <section className="acc-section" aria-labelledby="acc-history-title">
      <h2 id="acc-history-title">Coin history</h2>
      {first.error ? (
        <p className="notice">
          {first.error.code === 'server-unreachable'
            ? 'The history shows again once the credits server can be reached.'
            : first.error.message}
        </p>
      ) : null}
      {rows.length > 0 ? (
        <div className="card acc-history">
          <table className="acc-table" data-testid="transactions">
            <thead>
              <tr>
                <th>When</th>
                <th>What</th>
                <th className="num">Coins</th>
                <th className="num">Available after</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t) => {
                const c = change(t);
                return (
                  <tr key={t.id} data-kind={t.kind}>
                    <td className="muted">{fmtWhen(t.createdAt)}</td>
                    <td>
                      {KIND_LABEL[t.kind]}
                      {t.note ? <span className="muted"> · {t.note}</span> : null}
                    </td>
                    <td className={`num acc-${c.tone}`}>{c.text}</td>
                    <td className="num">{fmtInt(t.balanceAfter - t.reservedAfter)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : first.data ? (
        <p className="muted">No coins have moved yet.</p>
      ) : null}
      {next ? (
        <button
          className="btn acc-more"
          onClick={() => void loadMore()}
          disabled={busy}
          data-testid="more-transactions"
        >
          {busy ? 'Loading…' : 'Show older'}
        </button>
      ) : null}
      {error ? <p className="notice error">{error.message}</p> : null}
    </section>
  );
}

function SignedIn() {
  const account = useAccount();
  const [version, setVersion] = useState(0);
  const purchases = useAsync(() => call('account-purchases', {}), [version]);
  const balance = useAsync(() => call('account-balance', {}), [version]);
  const bump = () => setVersion((v) => v + 1);
  useApiEvent('account-changed', (event) => {
    if (event.reason === 'purchase' || event.reason === 'balance') bump();
  });
  const shown = balance.data ?? account.balance;
  const list = purchases.data?.purchases ?? [];
  const open = list.filter((p) => p.status === 'pending' || p.status === 'processing');
  const recent = list.filter((p) => p.status === 'paid' || p.status === 'failed').slice(0, 3);
  return (
    <>
      <div className="acc-who">
        <span className="muted">
          Signed in{account.email ? ` as ${account.email}` : ''} · {account.status?.userId}
        </span>
        <button className="btn small" onClick={() => void account.signOut()} data-testid="sign-out">
          Sign out
        </button>
      </div>
      {shown ? <BalanceFigures balance={shown} /> : null}
      {balance.error ? <p className="notice error">{balance.error.message}</p> : null}
      {open.length + recent.length > 0 ? (
        <section className="acc-section" aria-labelledby="acc-purchases-title">
          <h2 id="acc-purchases-title">Purchases</h2>
          <ul className="card acc-purchases">
            {[...open, ...recent].map((p) => (
              <PurchaseRow key={p.sessionId} purchase={p} onChanged={bump} />
            ))}
          </ul>
        </section>
      ) : null}
      {shown?.offline ? null : <BuyCoins onStarted={bump} />}
      <History key={version} />
    </>
  );
}

export function AccountPage() {
  const account = useAccount();
  const status = account.status;
  return (
    <div className="page acc-page">
      <header className="page-header">
        <div>
          <h1>Account</h1>
          <p className="subtitle">
            Your coins for AI insights. Everything else in RelivChats is free and offline.
          </p>
        </div>
      </header>
      {!status ? null : !status.serverUrl && !status.signedIn ? (
        <div className="card">
          <EmptyState
            icon="user"
            title="Coins need a credits server"
            actions={
              <a className="btn primary" href="#/settings">
                Choose one in the settings
              </a>
            }
          >
            Set the address of a credits server, or start one beside the app. Until then, statistics and
            insights with your own Gemini key work as they are.
          </EmptyState>
        </div>
      ) : status.signedIn ? (
        <SignedIn />
      ) : (
        <SignInCard />
      )}
    </div>
  );
}
