/**
 * The account domain through dispatch on a real AppContext, against the real credits server (in this
 * process, PGlite in memory) with Clerk-style test tokens, the fake Stripe and the fake Gemini. The
 * renderer is played by the test: it hands tokens over with `account-session` and answers
 * `account-token-needed` — exactly what src-renderer/src/account/session.tsx does with Clerk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountStatus, Balance, Purchase } from '../../../src-shared/api/account';
import type { PushEventName, PushEvents } from '../../../src-shared/contract';
import type { Transactions } from '../../../src-shared/server-api';
import { createAppContext } from '../../../src-main/app-context';
import type { AppContext } from '../../../src-main/context';
import { dispatch } from '../../../src-main/dispatch';
import { startTestServer, type TestServer } from '../server/support/server';

type Emitted = { event: PushEventName; payload: unknown };

describe('account (desktop ↔ credits server)', () => {
  let server: TestServer;
  let dir: string;
  let ctx: AppContext & { close(): void };
  let emitted: Emitted[];
  /** How the "renderer" answers 'account-token-needed' (null: it does not answer). */
  let renderer: ((reason: string) => string | null) | null;
  let n = 0;

  const call = <T>(name: string, args: unknown = {}) => dispatch(ctx, name, args) as Promise<T>;
  const events = <E extends PushEventName>(event: E) =>
    emitted.filter((e) => e.event === event).map((e) => e.payload as PushEvents[E]);
  const until = async (check: () => boolean, what: string) => {
    for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
    if (!check()) throw new Error(`timed out waiting for ${what}`);
  };
  const signIn = async (userId: string, expiresIn = 60) =>
    call<AccountStatus>('account-session', { token: server.clerk.token(userId, { expiresIn }) });

  /** The app (again, after a "restart"), on the test's library. */
  const open = () =>
    createAppContext({
      libraryPath: join(dir, 'library.sqlite'),
      dataDir: dir,
      account: { pollMs: 40, session: { waitMs: 1500 } },
      emit: (event, payload) => {
        emitted.push({ event, payload });
        if (event === 'account-token-needed' && renderer) {
          const token = renderer((payload as { reason: string }).reason);
          setTimeout(() => void dispatch(ctx, 'account-session', { token }), 5);
        }
      },
    });

  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => {
    await server?.close();
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relivchats-account-'));
    emitted = [];
    renderer = null;
    ctx = open();
    await call('settings-set-credits-server', { mode: 'remote', url: server.url });
  });
  afterEach(() => {
    ctx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is signed out until the renderer hands over a session, and says why coins are unavailable', async () => {
    const status = await call<AccountStatus>('account-status');
    expect(status).toMatchObject({ serverUrl: server.url, signedIn: false, userId: null });
    await expect(call('account-balance')).rejects.toMatchObject({ code: 'not-signed-in' });
    await expect(ctx.account.creditsServer()).resolves.toBeNull();

    const user = `user_acc_${++n}`;
    expect(await signIn(user)).toMatchObject({ signedIn: true, userId: user });
    expect(events('account-changed')).toContainEqual({ reason: 'session' });
    const credits = await ctx.account.creditsServer();
    expect(credits?.url).toBe(server.url);
    await expect(credits!.token()).resolves.toMatch(/^ey/);

    expect(await call<AccountStatus>('account-session', { token: null })).toMatchObject({ signedIn: false });
    await expect(ctx.account.creditsServer()).resolves.toBeNull();
    await expect(call('account-session', { token: 'not-a-jwt' })).rejects.toMatchObject({
      code: 'invalid-arguments',
    });
  });

  it('reads the balance and the ledger, page by page', async () => {
    const user = `user_acc_${++n}`;
    await signIn(user);
    const balance = await call<Balance>('account-balance');
    expect(balance).toMatchObject({ balance: 50, reserved: 0, available: 50, offline: false, userId: user });
    // An operator grants coins and an unlock reserves its price.
    const { grant } = await import('../../../server/ledger/grants');
    await grant(
      { db: server.server.db.db, now: () => new Date() },
      { userId: user, coins: 400, note: 'test', idempotencyKey: `grant-${user}` },
    );
    await server.call('POST', '/api/unlocks', {
      user,
      body: { chatFingerprint: 'chat-fingerprint-1', category: 'romantic', idempotencyKey: `k-${user}-2` },
    });
    expect(await call<Balance>('account-balance')).toMatchObject({
      balance: 450,
      reserved: 400,
      available: 50,
    });

    const first = await call<Transactions>('account-transactions', { limit: 2 });
    expect(first.transactions.map((t) => t.kind)).toEqual(['reserve', 'grant']);
    expect(first.nextCursor).not.toBeNull();
    const second = await call<Transactions>('account-transactions', { limit: 2, before: first.nextCursor });
    expect(second.transactions.map((t) => t.kind)).toEqual(['signup_bonus']);
    expect(second.nextCursor).toBeNull();
  });

  it('shows the last known balance, marked offline, when the server cannot be reached', async () => {
    const user = `user_acc_${++n}`;
    await signIn(user);
    const live = await call<Balance>('account-balance');
    expect(live.offline).toBe(false);
    // The same library, now without a network.
    ctx.close();
    ctx = createAppContext({
      libraryPath: join(dir, 'library.sqlite'),
      dataDir: dir,
      account: {
        fetch: async () => {
          throw new TypeError('fetch failed');
        },
      },
    });
    await call('account-session', { token: server.clerk.token(user) });
    expect(await call<Balance>('account-balance')).toEqual({
      ...live,
      offline: true,
      offlineReason: expect.stringMatching(/cannot be reached \(fetch failed\)/),
    });
    // Someone else signing in on this computer does not see it.
    await call('account-session', { token: server.clerk.token(`${user}_other`) });
    await expect(call('account-balance')).rejects.toMatchObject({ code: 'server-unreachable' });
  });

  it('asks the renderer for a fresh token before the one it holds expires, and after a refusal', async () => {
    const user = `user_acc_${++n}`;
    await signIn(user, 10); // expires within the 20 s renewal window
    const fresh: string[] = [];
    renderer = () => {
      const token = server.clerk.token(user, { expiresIn: 60 });
      fresh.push(token);
      return token;
    };
    await call('account-balance');
    expect(events('account-token-needed')).toEqual([{ reason: 'expiring' }]);
    expect(fresh).toHaveLength(1);
    // The held token is good now: no more asking.
    await call('account-balance');
    expect(events('account-token-needed')).toHaveLength(1);

    // A token the server refuses (another key signed it): the client retries once with a renewed one.
    const { createClerkTestKeys } = await import('../../support/clerk-tokens');
    await call('account-session', { token: createClerkTestKeys().token(user) });
    await expect(call<Balance>('account-balance')).resolves.toMatchObject({ userId: user });
    expect(events('account-token-needed').at(-1)).toEqual({ reason: 'rejected' });
  });

  it('says the session expired when the renderer does not answer, and signed out when it says so', async () => {
    const user = `user_acc_${++n}`;
    await signIn(user, 1); // as good as expired
    await expect(call('account-balance')).rejects.toMatchObject({ code: 'session-expired' });
    renderer = () => null;
    await expect(call('account-balance')).rejects.toMatchObject({ code: 'not-signed-in' });
    expect((await call<AccountStatus>('account-status')).signedIn).toBe(false);
  });

  it('after a restart, waits for the page to restore the session instead of failing (resumed jobs)', async () => {
    const user = `user_acc_${++n}`;
    await signIn(user);
    ctx.close();
    ctx = open();
    expect((await call<AccountStatus>('account-status')).signedIn).toBe(false);
    const credits = await ctx.account.creditsServer();
    expect(credits?.url).toBe(server.url);
    const token = server.clerk.token(user);
    const waiting = credits!.token();
    setTimeout(() => void call('account-session', { token }), 50); // Clerk has loaded in the page
    await expect(waiting).resolves.toBe(token);

    // Signed out on purpose: the next start expects nobody.
    await call('account-session', { token: null });
    ctx.close();
    ctx = open();
    await expect(ctx.account.creditsServer()).resolves.toBeNull();
  });

  it('buys coins: Stripe Checkout, a signed webhook, the status endpoint polled until paid', async () => {
    const user = `user_acc_${++n}`;
    await signIn(user);
    const purchase = await call<Purchase>('account-checkout', { packageId: 'coins-500' });
    expect(purchase).toMatchObject({ packageId: 'coins-500', coins: 500, status: 'pending' });
    expect(purchase.url).toContain(purchase.sessionId);
    expect((await call<{ purchases: Purchase[] }>('account-purchases')).purchases).toEqual([purchase]);

    // The buyer pays; Stripe tells the server (webhook) and the app learns of it by polling the status.
    const event = server.stripe.event('checkout.session.completed', server.stripe.pay(purchase.sessionId));
    expect((await server.deliver(event)).status).toBe(200);
    await until(
      () => events('account-changed').some((e) => e.reason === 'purchase' && e.purchase?.status === 'paid'),
      'the purchase to be seen paid',
    );
    await until(() => events('account-changed').some((e) => e.balance?.available === 550), 'the new balance');
    const [paid] = (await call<{ purchases: Purchase[] }>('account-purchases')).purchases;
    expect(paid).toMatchObject({ sessionId: purchase.sessionId, status: 'paid' });
    expect(await call<Balance>('account-balance')).toMatchObject({ balance: 550, available: 550 });
    await expect(call('account-checkout', { packageId: 'coins-nope' })).rejects.toMatchObject({
      code: 'invalid-request',
    });
  });

  it('checks a purchase at once when the relivchats:// link comes back, even one it did not open', async () => {
    const user = `user_acc_${++n}`;
    const checkout = await server.call('POST', '/api/payments/checkout', {
      user,
      body: { packageId: 'coins-1200', idempotencyKey: `checkout-${user}` },
    });
    const sessionId = checkout.body.sessionId as string;
    server.stripe.pay(sessionId); // paid at Stripe; no webhook yet: the status endpoint fulfils it
    // Signed out, the link is remembered and checked after signing in.
    await ctx.account.openLink({ kind: 'checkout', sessionId });
    expect((await call<{ purchases: Purchase[] }>('account-purchases')).purchases[0]).toMatchObject({
      sessionId,
      status: 'pending',
    });
    await signIn(user);
    await until(
      () =>
        events('account-changed').some(
          (e) => e.purchase?.sessionId === sessionId && e.purchase.status === 'paid',
        ),
      'the linked purchase to be checked',
    );
    expect(await call<Balance>('account-balance')).toMatchObject({ available: 1250 });
  });
});
