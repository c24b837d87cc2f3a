/**
 * The account as the app sees it: who is signed in (Session), the balance (cached in the library's
 * settings, so offline it is shown "as of" when it was last seen), coin packages, the ledger, and buying
 * coins. A Stripe Checkout opened from here is watched: its status is asked every few seconds while the
 * buyer is likely paying (and at once when the relivchats:// link comes back), and the UI hears
 * 'account-changed' when it is paid or failed.
 */
import { z } from 'zod';
import type { AccountStatus, Balance, Purchase } from '../../src-shared/api/account';
import { Me, type CheckoutStatus, type Packages, type Transactions } from '../../src-shared/server-api';
import type { Emit } from '../context';
import { AppError } from '../errors';
import type { CreditsServer } from '../insights/payment';
import type { CreditsServerSettings } from '../settings/credits-server';
import type { SettingsStore } from '../settings/store';
import { CreditsClient } from './client';
import { Session, type SessionOptions } from './session';

const BALANCE_KEY = 'account.balance';
const PURCHASES_KEY = 'account.purchases';
/** Whether someone was signed in when the app last ran (never who: the session is Clerk's). */
const SIGNED_IN_KEY = 'account.signed-in';
/** Finished purchases kept for the page (newest first). */
const KEEP_FINISHED = 10;

const CachedBalance = z.object({
  serverUrl: z.string(),
  userId: z.string(),
  me: Me,
  asOf: z.number(),
});

const StoredPurchase = z.object({
  sessionId: z.string(),
  url: z.string(),
  packageId: z.string(),
  coins: z.number(),
  status: z.enum(['pending', 'processing', 'paid', 'failed']),
  startedAt: z.number(),
  checkedAt: z.number().nullable(),
  userId: z.string().nullable(),
  serverUrl: z.string().nullable(),
});
type StoredPurchase = z.infer<typeof StoredPurchase>;

const open = (p: Pick<Purchase, 'status'>) => p.status === 'pending' || p.status === 'processing';

export interface AccountServiceOptions {
  store: SettingsStore;
  server: CreditsServerSettings;
  emit: Emit;
  session?: SessionOptions;
  /** How often an open checkout is asked about (default 3 s). */
  pollMs?: number;
  /** How long after it was opened a checkout is polled (default 30 min; later only on demand). */
  pollForMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export class AccountService {
  readonly session: Session;
  /** Which credits server (remote, local or none). */
  readonly server: CreditsServerSettings;
  readonly #o: AccountServiceOptions;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null = null;
  #polling = false;
  #closed = false;

  constructor(options: AccountServiceOptions) {
    this.#o = options;
    this.server = options.server;
    this.#now = options.now ?? Date.now;
    this.session = new Session(options.emit, options.session);
    this.session.expectSession(options.store.get(SIGNED_IN_KEY, z.boolean()) === true);
    this.session.onChange((userId) => {
      options.store.set(SIGNED_IN_KEY, userId !== null);
      options.emit('account-changed', { reason: 'session' });
      if (userId) this.#checkOpenPurchases(true);
    });
  }

  status(): AccountStatus {
    return {
      serverUrl: this.#o.server.currentUrl(),
      publishableKey: this.#o.server.publishableKey(),
      signedIn: this.session.signedIn,
      userId: this.session.userId,
    };
  }

  /** The server the signed-in user pays with (insights), or null when signed out or none is configured. */
  async creditsServer(): Promise<CreditsServer | null> {
    if (!this.session.signedInOrExpected) return null;
    const url = await this.#o.server.url();
    return url ? { url, token: () => this.session.token() } : null;
  }

  async #client(): Promise<CreditsClient> {
    const url = await this.#o.server.url();
    if (!url) {
      throw new AppError(
        'no-credits-server',
        'No credits server is set up: choose one in the settings to use coins.',
      );
    }
    if (!this.session.signedIn) throw new AppError('not-signed-in', 'Sign in (Account page) to use coins.');
    return new CreditsClient({
      url,
      token: (o) => this.session.token(o),
      ...(this.#o.fetch ? { fetch: this.#o.fetch } : {}),
    });
  }

  // ------------------------------------------------------------------------------------------------------
  // Balance, packages, ledger

  /** The live balance (and remembers it), or the last known one when the server cannot be reached. */
  async balance(): Promise<Balance> {
    const client = await this.#client();
    const userId = this.session.userId!;
    try {
      const me = await client.me();
      const asOf = this.#now();
      this.#o.store.set(BALANCE_KEY, { serverUrl: client.url, userId, me, asOf });
      return { ...me, asOf, offline: false, offlineReason: null };
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'server-unreachable') throw error;
      const cached = this.#o.store.get(BALANCE_KEY, CachedBalance);
      if (!cached || cached.userId !== userId || cached.serverUrl !== client.url) throw error;
      return { ...cached.me, asOf: cached.asOf, offline: true, offlineReason: error.message };
    }
  }

  async packages(): Promise<Packages> {
    return (await this.#client()).packages();
  }

  async transactions(query: { limit: number; before?: string | undefined }): Promise<Transactions> {
    return (await this.#client()).transactions(query);
  }

  /** Reads the balance again and tells the UI (after a purchase, a settlement…); quiet when it fails. */
  async refreshBalance(): Promise<Balance | null> {
    try {
      const balance = await this.balance();
      this.#o.emit('account-changed', { reason: 'balance', balance });
      return balance;
    } catch {
      return null;
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // Buying coins

  purchases(): Purchase[] {
    const userId = this.session.userId;
    return this.#stored()
      .filter((p) => p.userId === null || p.userId === userId)
      .map(({ userId: _u, serverUrl: _s, ...p }) => p);
  }

  async checkout(packageId: string): Promise<Purchase> {
    const client = await this.#client();
    const packages = await client.packages();
    const pkg = packages.packages.find((p) => p.id === packageId);
    if (!pkg) throw new AppError('invalid-request', `There is no coin package "${packageId}".`);
    const checkout = await client.checkout(packageId);
    const purchase: StoredPurchase = {
      sessionId: checkout.sessionId,
      url: checkout.url,
      packageId,
      coins: pkg.coins,
      status: 'pending',
      startedAt: this.#now(),
      checkedAt: null,
      userId: this.session.userId,
      serverUrl: client.url,
    };
    this.#save([purchase, ...this.#stored().filter((p) => p.sessionId !== purchase.sessionId)]);
    this.#schedule();
    const { userId: _u, serverUrl: _s, ...view } = purchase;
    return view;
  }

  /** Asks the server about a purchase now (it fulfils it if Stripe says it is paid). */
  async checkPurchase(sessionId: string): Promise<Purchase> {
    const client = await this.#client();
    const status = await client.checkoutStatus(sessionId);
    const purchase = this.#record(sessionId, status, client.url);
    this.#schedule();
    return purchase;
  }

  /**
   * `relivchats://checkout?session_id=cs_…` (where the server's checkout success page sends the buyer):
   * check that purchase now. Other links just bring the app forward.
   */
  async openLink(link: { kind: 'checkout'; sessionId: string | null }): Promise<void> {
    if (link.sessionId) {
      if (!this.#stored().some((p) => p.sessionId === link.sessionId)) {
        this.#save([
          {
            sessionId: link.sessionId,
            url: '',
            packageId: '',
            coins: 0,
            status: 'pending',
            startedAt: this.#now(),
            checkedAt: null,
            userId: this.session.userId,
            serverUrl: null,
          },
          ...this.#stored(),
        ]);
      }
      if (this.session.signedIn) await this.checkPurchase(link.sessionId).catch(() => undefined);
    } else {
      this.#checkOpenPurchases(false);
    }
    this.#o.emit('account-changed', { reason: 'purchase' });
  }

  #record(sessionId: string, status: CheckoutStatus, serverUrl: string): Purchase {
    const all = this.#stored();
    const before = all.find((p) => p.sessionId === sessionId);
    const now = this.#now();
    const updated: StoredPurchase = {
      sessionId,
      url: before?.url ?? '',
      packageId: status.packageId,
      coins: status.coins,
      status: status.status,
      startedAt: before?.startedAt ?? now,
      checkedAt: now,
      userId: before?.userId ?? this.session.userId,
      serverUrl: before?.serverUrl ?? serverUrl,
    };
    this.#save([updated, ...all.filter((p) => p.sessionId !== sessionId)]);
    const { userId: _u, serverUrl: _s, ...view } = updated;
    if (before?.status !== updated.status) {
      this.#o.emit('account-changed', { reason: 'purchase', purchase: view });
      if (updated.status === 'paid') void this.refreshBalance();
    }
    return view;
  }

  #stored(): StoredPurchase[] {
    return this.#o.store.get(PURCHASES_KEY, z.array(StoredPurchase)) ?? [];
  }

  /** Keeps every open purchase and the latest finished ones. */
  #save(purchases: StoredPurchase[]): void {
    const finished = purchases.filter((p) => !open(p)).slice(0, KEEP_FINISHED);
    const kept = purchases.filter((p) => open(p) || finished.includes(p));
    this.#o.store.set(PURCHASES_KEY, kept);
  }

  /** Open purchases of the signed-in user worth polling (`all`: however old). */
  #watched(all: boolean): StoredPurchase[] {
    const userId = this.session.userId;
    if (!userId) return [];
    const since = this.#now() - (this.#o.pollForMs ?? 30 * 60_000);
    return this.#stored().filter(
      (p) => open(p) && (p.userId === null || p.userId === userId) && (all || p.startedAt >= since),
    );
  }

  #checkOpenPurchases(all: boolean): void {
    if (this.#polling || this.#closed) return;
    const due = this.#watched(all);
    if (due.length === 0) return;
    this.#polling = true;
    void (async () => {
      for (const p of due) await this.checkPurchase(p.sessionId).catch(() => undefined);
    })().finally(() => {
      this.#polling = false;
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#timer || this.#closed || this.#watched(false).length === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#checkOpenPurchases(false);
    }, this.#o.pollMs ?? 3000);
    this.#timer.unref();
  }

  /** Forgets the cached balance and the purchases (deleting local data). */
  forgetLocal(): void {
    this.#o.store.delete(BALANCE_KEY);
    this.#o.store.delete(PURCHASES_KEY);
    this.#o.store.delete(SIGNED_IN_KEY);
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
