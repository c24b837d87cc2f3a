/**
 * Property tests of the ledger over random sequences of operations: a small model of the rules (prices,
 * rounding, expiry, idempotency keys, refunds and debt) predicts every answer and every balance; the
 * database's own invariants are checked after every run. A second property runs random batches
 * concurrently, where only the invariants can be predicted — and must hold.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/errors';
import { transaction } from '../../../server/db/tx';
import { ensureAccount, getAccount } from '../../../server/ledger/account';
import { grant } from '../../../server/ledger/grants';
import { checkInvariants } from '../../../server/ledger/invariants';
import { PACKAGES, RESERVATION_TTL_MS, UNLOCK_PRICE } from '../../../server/ledger/prices';
import { type LedgerDeps, release, reserve, settle, sweepExpired } from '../../../server/ledger/reservations';
import { fulfilCheckoutSession, refundCharge } from '../../../server/payments/fulfilment';
import { backends, openTestDb } from './support/databases';

/** settle/release act as the reservation's owner, unless `foreign` (then as `user`, usually someone else). */
type Op =
  | { kind: 'reserve'; user: number; key: number; category: number }
  | { kind: 'settle'; user: number; res: number; succeeded: number; key: number; foreign: boolean }
  | { kind: 'release'; user: number; res: number; key: number; foreign: boolean }
  | { kind: 'grant'; user: number; coins: number; key: number }
  /** A negative grant of every available coin (so that refunds run into spent coins). */
  | { kind: 'drain'; user: number; key: number }
  | { kind: 'buy'; user: number; pkg: number }
  | { kind: 'refund'; purchase: number; cents: number }
  | { kind: 'advance'; minutes: number }
  | { kind: 'sweep' };

const USERS = 3;
const KEYS = 6; // few keys: retries and reused keys happen often
const user = fc.nat(USERS - 1);
const key = fc.nat(KEYS - 1);
const foreign = fc.nat(4).map((n) => n === 0);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('reserve' as const), user, key, category: fc.nat(2) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('settle' as const),
      user,
      res: fc.nat(20),
      succeeded: fc.nat(6),
      key,
      foreign,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('release' as const), user, res: fc.nat(20), key, foreign }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('grant' as const),
      user,
      coins: fc.integer({ min: -1500, max: 900 }).filter((c) => c !== 0),
      key,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('drain' as const), user, key }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('buy' as const), user, pkg: fc.nat(PACKAGES.length - 1) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      purchase: fc.nat(10),
      cents: fc.integer({ min: 1, max: 2000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 45 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sweep' as const) }) },
);

interface ModelAccount {
  balance: number;
  reserved: number;
  debt: number;
}
interface ModelReservation {
  id: string;
  user: number;
  status: 'active' | 'settled' | 'released' | 'expired';
  captured: number;
  succeeded?: number;
  expiresAt: number;
}
interface ModelPurchase {
  sessionId: string;
  pi: string;
  user: number;
  coins: number;
  amount: number;
  refundedCents: number;
  coinsRefunded: number;
}
type Outcome = { ok: unknown } | { error: string };

const START = 1500;

class Model {
  accounts: ModelAccount[] = Array.from({ length: USERS }, () => ({
    balance: 50 + START,
    reserved: 0,
    debt: 0,
  }));
  reservations: ModelReservation[] = [];
  purchases: ModelPurchase[] = [];
  keys = new Map<string, { request: string; result: unknown }>();
  now = Date.UTC(2026, 0, 1, 12);

  repay(u: number) {
    const a = this.accounts[u]!;
    const pay = Math.min(a.debt, a.balance - a.reserved);
    if (pay > 0) {
      a.debt -= pay;
      a.balance -= pay;
    }
  }
  expire(r: ModelReservation) {
    r.status = 'expired';
    this.accounts[r.user]!.reserved -= UNLOCK_PRICE;
    this.repay(r.user);
  }
  expireDue(u: number): number {
    const due = this.reservations.filter(
      (r) => r.user === u && r.status === 'active' && r.expiresAt <= this.now,
    );
    for (const r of due) this.expire(r);
    return due.length;
  }
  /** A stored key answers instead: the same result, or 409 for another request. */
  stored(u: number, k: number, request: unknown): Outcome | undefined {
    const s = this.keys.get(`${u}:${k}`);
    if (!s) return undefined;
    return s.request === JSON.stringify(request) ? { ok: s.result } : { error: 'idempotency-key-reused' };
  }
}

describe.each(backends)('ledger properties on %s', (backend) => {
  let db: Awaited<ReturnType<typeof openTestDb>>;
  let run = 0;

  beforeAll(async () => {
    db = await openTestDb(backend);
  });
  afterAll(async () => {
    await db.dispose();
  });
  /** This run's violations (a failed run's leftovers must not fail the shrunk runs after it). */
  const problemsOf = async (userPrefix: string) =>
    (await checkInvariants(db.db)).filter((p) => p.includes(`"user_id":"${userPrefix}`));

  async function apply(
    deps: LedgerDeps,
    ids: { user: (u: number) => string; key: (k: number) => string; session: (n: number) => string },
    model: Model | null,
    op: Op,
  ): Promise<Outcome> {
    const attempt = async (fn: () => Promise<unknown>): Promise<Outcome> => {
      try {
        return { ok: await fn() };
      } catch (error) {
        if (error instanceof AppError) return { error: error.code };
        throw error;
      }
    };
    // Without a model (concurrent runs) the caller picks reservations itself.
    const pick = (n: number) => model?.reservations[n % Math.max(1, model.reservations.length)];
    switch (op.kind) {
      case 'reserve':
        return attempt(() =>
          reserve(deps, ids.user(op.user), {
            chatFingerprint: `fingerprint-${op.category}`,
            category: `category-${op.category}`,
            idempotencyKey: ids.key(op.key),
          }),
        );
      case 'settle': {
        const r = pick(op.res);
        if (!r) return { error: 'skipped' };
        const userId = ids.user(op.foreign ? op.user : r.user);
        return attempt(() =>
          settle(deps, userId, r.id, { succeeded: op.succeeded, total: 6, idempotencyKey: ids.key(op.key) }),
        );
      }
      case 'release': {
        const r = pick(op.res);
        if (!r) return { error: 'skipped' };
        const userId = ids.user(op.foreign ? op.user : r.user);
        return attempt(() => release(deps, userId, r.id, { idempotencyKey: ids.key(op.key) }));
      }
      case 'grant':
        return attempt(() =>
          grant(deps, {
            userId: ids.user(op.user),
            coins: op.coins,
            note: 'property',
            idempotencyKey: ids.key(op.key),
          }),
        );
      case 'drain': {
        const a = model?.accounts[op.user];
        const coins = a ? a.reserved - a.balance : 0;
        if (coins === 0) return { error: 'skipped' };
        return attempt(() =>
          grant(deps, {
            userId: ids.user(op.user),
            coins,
            note: 'property',
            idempotencyKey: ids.key(op.key),
          }),
        );
      }
      case 'buy': {
        const pkg = PACKAGES[op.pkg]!;
        const n = model ? model.purchases.length : Math.floor(Math.random() * 1e9);
        const session = {
          id: ids.session(n),
          status: 'complete',
          payment_status: 'paid',
          amount_total: pkg.amount,
          currency: pkg.currency,
          metadata: { user_id: ids.user(op.user), package_id: pkg.id },
          payment_intent: `pi_${ids.session(n)}`,
        };
        return attempt(() => transaction(deps.db, (tx) => fulfilCheckoutSession(tx, session)));
      }
      case 'refund': {
        const p = model?.purchases[op.purchase % Math.max(1, model.purchases.length)];
        if (!p) return { error: 'skipped' };
        const refunded = Math.min(p.amount, p.refundedCents + op.cents);
        return attempt(() =>
          transaction(deps.db, (tx) =>
            refundCharge(tx, { payment_intent: p.pi, amount: p.amount, amount_refunded: refunded }),
          ),
        );
      }
      case 'advance':
        if (model) model.now += op.minutes * 60_000;
        return { ok: null };
      case 'sweep':
        return attempt(() => sweepExpired(deps));
    }
  }

  /** What the model says the operation must answer; updates the model. */
  function predict(model: Model, op: Op, actual: Outcome, ids: { session: (n: number) => string }): Outcome {
    switch (op.kind) {
      case 'reserve': {
        const request = {
          chatFingerprint: `fingerprint-${op.category}`,
          category: `category-${op.category}`,
        };
        const stored = model.stored(op.user, op.key, request);
        if (stored) return stored;
        const a = model.accounts[op.user]!;
        if (
          a.balance - a.reserved < UNLOCK_PRICE &&
          (model.expireDue(op.user) === 0 || a.balance - a.reserved < UNLOCK_PRICE)
        )
          return { error: 'insufficient-coins' };
        a.reserved += UNLOCK_PRICE;
        const result = (actual as { ok?: { id: string } }).ok;
        if (!result) return { ok: 'a reservation' };
        model.reservations.push({
          id: result.id,
          user: op.user,
          status: 'active',
          captured: 0,
          expiresAt: model.now + RESERVATION_TTL_MS,
        });
        model.keys.set(`${op.user}:${op.key}`, { request: JSON.stringify(request), result });
        return { ok: { ...result, status: 'active', amount: UNLOCK_PRICE, captured: 0 } };
      }
      case 'settle':
      case 'release': {
        const r = model.reservations[op.res % Math.max(1, model.reservations.length)];
        if (!r) return { error: 'skipped' };
        const u = op.foreign ? op.user : r.user;
        const request = op.kind === 'settle' ? { id: r.id, succeeded: op.succeeded, total: 6 } : { id: r.id };
        // A settlement that finds its reservation expired commits the expiry before anything else.
        const expiredNow =
          op.kind === 'settle' && r.user === u && r.status === 'active' && r.expiresAt <= model.now;
        if (expiredNow) model.expire(r);
        const stored = model.stored(u, op.key, request);
        if (stored) return stored;
        if (expiredNow) return { error: 'reservation-expired' };
        if (r.user !== u) return { error: 'not-found' };
        const store = () => {
          const view = { id: r.id, status: r.status, captured: r.captured };
          model.keys.set(`${u}:${op.key}`, {
            request: JSON.stringify(request),
            result: (actual as { ok?: unknown }).ok,
          });
          return { ok: view };
        };
        if (op.kind === 'settle') {
          if (r.status === 'settled' && r.succeeded === op.succeeded) return store();
          if (r.status === 'expired') return { error: 'reservation-expired' };
          if (r.status !== 'active') return { error: 'already-resolved' };
          const a = model.accounts[u]!;
          r.captured = Math.floor((UNLOCK_PRICE * op.succeeded) / 6);
          r.succeeded = op.succeeded;
          r.status = 'settled';
          a.balance -= r.captured;
          a.reserved -= UNLOCK_PRICE;
          model.repay(u);
          return store();
        }
        if (r.status === 'released' || r.status === 'expired') return store();
        if (r.status === 'settled') return { error: 'already-resolved' };
        r.status = r.expiresAt <= model.now ? 'expired' : 'released';
        model.accounts[u]!.reserved -= UNLOCK_PRICE;
        model.repay(u);
        return store();
      }
      case 'grant':
      case 'drain': {
        const a = model.accounts[op.user]!;
        const coins = op.kind === 'grant' ? op.coins : a.reserved - a.balance;
        if (coins === 0) return { error: 'skipped' };
        const request = { coins, note: 'property' };
        const stored = model.stored(op.user, op.key, request);
        if (stored) return stored;
        if (a.balance - a.reserved + coins < 0) return { error: 'insufficient-coins' };
        a.balance += coins;
        model.repay(op.user);
        const view = { balance: a.balance, reserved: a.reserved, debt: a.debt };
        model.keys.set(`${op.user}:${op.key}`, {
          request: JSON.stringify(request),
          result: (actual as { ok?: unknown }).ok,
        });
        return { ok: view };
      }
      case 'buy': {
        const pkg = PACKAGES[op.pkg]!;
        const sessionId = ids.session(model.purchases.length);
        model.purchases.push({
          sessionId,
          pi: `pi_${sessionId}`,
          user: op.user,
          coins: pkg.coins,
          amount: pkg.amount,
          refundedCents: 0,
          coinsRefunded: 0,
        });
        model.accounts[op.user]!.balance += pkg.coins;
        model.repay(op.user);
        return { ok: 'credited' };
      }
      case 'refund': {
        const p = model.purchases[op.purchase % Math.max(1, model.purchases.length)];
        if (!p) return { error: 'skipped' };
        p.refundedCents = Math.min(p.amount, p.refundedCents + op.cents);
        const target =
          p.refundedCents >= p.amount ? p.coins : Math.floor((p.coins * p.refundedCents) / p.amount);
        const owed = target - p.coinsRefunded;
        if (owed <= 0) return { ok: 'refund-already-applied' };
        const a = model.accounts[p.user]!;
        const take = Math.min(owed, a.balance - a.reserved);
        a.balance -= take;
        a.debt += owed - take;
        p.coinsRefunded = target;
        model.repay(p.user);
        return { ok: 'refunded' };
      }
      case 'advance':
        return { ok: null };
      case 'sweep':
        // The count includes earlier runs' users: only the effect on this run's accounts is predicted.
        for (let u = 0; u < USERS; u++) model.expireDue(u);
        return { ok: 'any count' };
    }
  }

  it('answers and balances exactly as the rules say, over random sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 50 }), async (ops) => {
        const r = ++run;
        const model = new Model();
        const ids = {
          user: (u: number) => `prop_${backend}_${r}_u${u}`,
          key: (k: number) => `prop-${r}-key-${k}`,
          session: (n: number) => `cs_prop_${backend}_${r}_${n}`,
        };
        const deps: LedgerDeps = { db: db.db, now: () => new Date(model.now) };
        for (let u = 0; u < USERS; u++) {
          await ensureAccount(db.db, ids.user(u));
          await grant(deps, {
            userId: ids.user(u),
            coins: START,
            note: 'start',
            idempotencyKey: `prop-${r}-start`,
          });
        }
        for (const op of ops) {
          const actual = await apply(deps, ids, model, op);
          const expected = predict(model, op, actual, ids);
          if ('error' in expected) expect(actual, JSON.stringify(op)).toEqual(expected);
          else {
            expect(actual, JSON.stringify(op)).toHaveProperty('ok');
            if (expected.ok !== null && typeof expected.ok === 'object')
              expect((actual as { ok: unknown }).ok, JSON.stringify(op)).toMatchObject(expected.ok);
            else if (expected.ok !== 'a reservation' && expected.ok !== 'any count')
              expect((actual as { ok: unknown }).ok, JSON.stringify(op)).toEqual(expected.ok);
          }
          for (let u = 0; u < USERS; u++) {
            const a = await getAccount(db.db, ids.user(u));
            expect(
              { balance: a.balance, reserved: a.reserved, debt: a.debt },
              `user ${u} after ${JSON.stringify(op)}`,
            ).toEqual(model.accounts[u]);
          }
        }
        expect(await problemsOf(`prop_${backend}_${r}_`)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps every invariant when random operations run concurrently', async () => {
    const concurrentOp = opArb.filter((op) => !['refund', 'advance', 'drain'].includes(op.kind));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(concurrentOp, { minLength: 2, maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        async (batches) => {
          const r = ++run;
          const ids = {
            user: (u: number) => `conc_${backend}_${r}_u${u}`,
            key: (k: number) => `conc-${r}-key-${k}`,
            session: (n: number) => `cs_conc_${backend}_${r}_${n}`,
          };
          const deps: LedgerDeps = { db: db.db, now: () => new Date() };
          const created: { id: string; user: number }[] = [];
          for (let u = 0; u < USERS; u++) {
            await ensureAccount(db.db, ids.user(u));
            await grant(deps, {
              userId: ids.user(u),
              coins: 1200,
              note: 'start',
              idempotencyKey: `conc-${r}-start-${u}`,
            });
          }
          for (const batch of batches) {
            const outcomes = await Promise.all(
              batch.map((op) => {
                // Settle and release act on reservations made in earlier batches, by anyone.
                if ((op.kind === 'settle' || op.kind === 'release') && created.length > 0) {
                  const { id, user: owner } = created[op.res % created.length]!;
                  const userId = ids.user(op.foreign ? op.user : owner);
                  const key = ids.key(op.key);
                  const call =
                    op.kind === 'settle'
                      ? settle(deps, userId, id, { succeeded: op.succeeded, total: 6, idempotencyKey: key })
                      : release(deps, userId, id, { idempotencyKey: key });
                  return call.then(
                    () => null,
                    (e: unknown) => (e instanceof AppError ? null : e),
                  );
                }
                return apply(deps, ids, null, op).then(
                  (o) => {
                    const id = (o as { ok?: { id?: unknown } }).ok?.id;
                    if (op.kind === 'reserve' && typeof id === 'string') created.push({ id, user: op.user });
                    return null;
                  },
                  (e: unknown) => e,
                );
              }),
            );
            // Only refusals (AppError) are acceptable failures; anything else is a bug.
            expect(outcomes.filter((o) => o !== null)).toEqual([]);
            expect(await problemsOf(`conc_${backend}_${r}_`)).toEqual([]);
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
