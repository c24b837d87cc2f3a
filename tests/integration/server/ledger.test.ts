import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/errors';
import { ensureAccount, getAccount } from '../../../server/ledger/account';
import { grant } from '../../../server/ledger/grants';
import { listTransactions } from '../../../server/ledger/history';
import { checkInvariants } from '../../../server/ledger/invariants';
import { UNLOCK_PRICE } from '../../../server/ledger/prices';
import {
  expireDue,
  type LedgerDeps,
  release,
  reserve,
  settle,
  sweepExpired,
} from '../../../server/ledger/reservations';
import { backends, openTestDb } from './support/databases';

const fingerprint = 'chat-fingerprint-0001';

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.each(backends)('ledger on %s', (backend) => {
  let db: Awaited<ReturnType<typeof openTestDb>>;
  let clock = new Date('2026-01-01T12:00:00Z');
  let deps: LedgerDeps;
  let n = 0;
  const newUser = async (coins = 0) => {
    const userId = `user_${backend}_${++n}`;
    await ensureAccount(deps.db, userId);
    if (coins) await grant(deps, { userId, coins, note: 'test', idempotencyKey: `grant-${userId}` });
    return userId;
  };
  const key = () => `key-${++n}-${Math.random().toString(36).slice(2)}`;
  const reserveFor = (userId: string, category: string) =>
    reserve(deps, userId, { chatFingerprint: fingerprint, category, idempotencyKey: key() });

  beforeAll(async () => {
    db = await openTestDb(backend);
    deps = { db: db.db, now: () => clock };
  });
  afterAll(async () => {
    expect(await checkInvariants(db.db)).toEqual([]);
    await db.dispose();
  });

  it('gives the signup bonus exactly once, even to concurrent first calls', async () => {
    const userId = `user_${backend}_signup`;
    const created = await Promise.all(Array.from({ length: 20 }, () => ensureAccount(db.db, userId)));
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(await getAccount(db.db, userId)).toMatchObject({ balance: 50, reserved: 0, available: 50 });
    const page = await listTransactions(db.db, userId, { limit: 10 });
    expect(page.transactions.map((t) => [t.kind, t.amount, t.balanceAfter])).toEqual([
      ['signup_bonus', 50, 50],
    ]);
  });

  it('reserves the price from the server table, then settles the share that succeeded', async () => {
    const userId = await newUser(1000);
    const unlock = await reserveFor(userId, 'romantic');
    expect(unlock).toMatchObject({ amount: UNLOCK_PRICE, status: 'active', captured: 0 });
    expect(await getAccount(db.db, userId)).toMatchObject({ balance: 1050, reserved: 400, available: 650 });

    const settled = await settle(deps, userId, unlock.id, { succeeded: 5, total: 6, idempotencyKey: key() });
    // 400 × 5/6 = 333.3…: the fraction stays with the user.
    expect(settled).toMatchObject({ status: 'settled', captured: 333 });
    expect(await getAccount(db.db, userId)).toMatchObject({ balance: 717, reserved: 0, available: 717 });
    const kinds = (await listTransactions(db.db, userId, { limit: 10 })).transactions.map((t) => [
      t.kind,
      t.amount,
      t.reservedDelta,
    ]);
    expect(kinds).toEqual([
      ['release', 0, -67],
      ['capture', -333, -333],
      ['reserve', 0, 400],
      ['grant', 1000, 0],
      ['signup_bonus', 50, 0],
    ]);
  });

  it('resolves a reservation at most once', async () => {
    const userId = await newUser(1000);
    const unlock = await reserveFor(userId, 'family');
    const first = await settle(deps, userId, unlock.id, { succeeded: 6, total: 6, idempotencyKey: key() });
    // The same settlement under another key: the same answer, nothing captured twice.
    expect(await settle(deps, userId, unlock.id, { succeeded: 6, total: 6, idempotencyKey: key() })).toEqual(
      first,
    );
    expect(
      (await rejection(settle(deps, userId, unlock.id, { succeeded: 3, total: 6, idempotencyKey: key() })))
        .code,
    ).toBe('already-resolved');
    expect((await rejection(release(deps, userId, unlock.id, { idempotencyKey: key() }))).code).toBe(
      'already-resolved',
    );
    // Concurrent settlements of another reservation: exactly one capture.
    const other = await reserveFor(userId, 'work');
    const results = await Promise.allSettled([
      settle(deps, userId, other.id, { succeeded: 2, total: 6, idempotencyKey: key() }),
      settle(deps, userId, other.id, { succeeded: 4, total: 6, idempotencyKey: key() }),
      release(deps, userId, other.id, { idempotencyKey: key() }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await getAccount(db.db, userId)).toMatchObject({ reserved: 0 });
    expect(await checkInvariants(db.db)).toEqual([]);
  });

  it('makes every operation idempotent under its key, and refuses a key reused for another request', async () => {
    const userId = await newUser(1000);
    const k = key();
    const request = { chatFingerprint: fingerprint, category: 'friendship', idempotencyKey: k };
    const [a, b, c] = await Promise.all([
      reserve(deps, userId, request),
      reserve(deps, userId, request),
      reserve(deps, userId, request),
    ]);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(await reserve(deps, userId, request)).toEqual(a);
    expect(await getAccount(db.db, userId)).toMatchObject({ reserved: 400 });
    const reused = await rejection(reserve(deps, userId, { ...request, category: 'family' }));
    expect(reused.code).toBe('idempotency-key-reused');
    const reusedForRelease = await rejection(release(deps, userId, a.id, { idempotencyKey: k }));
    expect(reusedForRelease.code).toBe('idempotency-key-reused');

    const releaseKey = key();
    const released = await release(deps, userId, a.id, { idempotencyKey: releaseKey });
    expect(await release(deps, userId, a.id, { idempotencyKey: releaseKey })).toEqual(released);
    // Keys are per user: another user's identical key is a different operation.
    const someoneElse = await newUser(1000);
    const theirs = await reserve(deps, someoneElse, request);
    expect(theirs.id).not.toBe(a.id);
  });

  it('refuses a reservation the available coins do not cover, and stores nothing for it', async () => {
    const userId = await newUser(750); // 800 with the bonus: two unlocks
    const k = key();
    await reserveFor(userId, 'a');
    await reserveFor(userId, 'b');
    const refused = await rejection(
      reserve(deps, userId, { chatFingerprint: fingerprint, category: 'c', idempotencyKey: k }),
    );
    expect(refused.code).toBe('insufficient-coins');
    expect(refused.details).toEqual({ price: 400, available: 0 });
    // The refusal was not stored under its key: once coins arrive, the same request goes through.
    await grant(deps, { userId, coins: 400, note: 'top-up', idempotencyKey: key() });
    expect(
      await reserve(deps, userId, { chatFingerprint: fingerprint, category: 'c', idempotencyKey: k }),
    ).toMatchObject({
      status: 'active',
    });
  });

  it('refuses other users’ reservations as if they did not exist', async () => {
    const owner = await newUser(1000);
    const intruder = await newUser(1000);
    const unlock = await reserveFor(owner, 'romantic');
    expect(
      (await rejection(settle(deps, intruder, unlock.id, { succeeded: 1, total: 1, idempotencyKey: key() })))
        .code,
    ).toBe('not-found');
    expect((await rejection(release(deps, intruder, unlock.id, { idempotencyKey: key() }))).code).toBe(
      'not-found',
    );
    expect(await getAccount(db.db, owner)).toMatchObject({ reserved: 400 });
  });

  it('expires reservations after 30 minutes: lazily when touched, short of coins, or by the sweeper', async () => {
    const userId = await newUser(350); // 400 coins: one unlock at a time
    const start = clock;
    const first = await reserveFor(userId, 'a');
    clock = new Date(start.getTime() + 29 * 60_000);
    expect((await rejection(reserveFor(userId, 'b'))).code).toBe('insufficient-coins');
    // Past 30 minutes a reserve short of coins releases the expired one first.
    clock = new Date(start.getTime() + 30 * 60_000);
    const second = await reserveFor(userId, 'b');
    const late = await rejection(
      settle(deps, userId, first.id, { succeeded: 6, total: 6, idempotencyKey: key() }),
    );
    expect(late.code).toBe('reservation-expired');
    // Settling an expired reservation: its expiry is committed, nothing captured.
    clock = new Date(clock.getTime() + 31 * 60_000);
    const expired = await rejection(
      settle(deps, userId, second.id, { succeeded: 6, total: 6, idempotencyKey: key() }),
    );
    expect(expired.code).toBe('reservation-expired');
    expect(await getAccount(db.db, userId)).toMatchObject({ balance: 400, reserved: 0 });
    // Releasing an expired one is fine (it is released already).
    expect(await release(deps, userId, second.id, { idempotencyKey: key() })).toMatchObject({
      status: 'expired',
    });

    const swept = await newUser(1000);
    await reserveFor(swept, 'a');
    await reserveFor(swept, 'b');
    expect(await expireDue(deps, swept)).toBe(0);
    clock = new Date(clock.getTime() + 31 * 60_000);
    expect(await sweepExpired(deps)).toBeGreaterThanOrEqual(2);
    expect(await getAccount(db.db, swept)).toMatchObject({ balance: 1050, reserved: 0 });
    expect(await checkInvariants(db.db)).toEqual([]);
  });

  it('takes coins back by a negative grant only from available coins', async () => {
    const userId = await newUser(100);
    expect(
      await grant(deps, { userId, coins: -120, note: 'correction', idempotencyKey: key() }),
    ).toMatchObject({ balance: 30 });
    expect(
      (await rejection(grant(deps, { userId, coins: -31, note: 'too much', idempotencyKey: key() }))).code,
    ).toBe('insufficient-coins');
  });

  it('pages through transactions newest first', async () => {
    const userId = await newUser();
    for (let i = 1; i <= 7; i++)
      await grant(deps, { userId, coins: i, note: `g${i}`, idempotencyKey: key() });
    const first = await listTransactions(db.db, userId, { limit: 3 });
    expect(first.transactions.map((t) => t.note)).toEqual(['g7', 'g6', 'g5']);
    const second = await listTransactions(db.db, userId, { limit: 3, before: first.nextCursor! });
    expect(second.transactions.map((t) => t.note)).toEqual(['g4', 'g3', 'g2']);
    const third = await listTransactions(db.db, userId, { limit: 3, before: second.nextCursor! });
    expect(third.transactions.map((t) => t.kind)).toEqual(['grant', 'signup_bonus']);
    expect(third.nextCursor).toBeNull();
  });

  it('enforces the money rules in the database itself, whatever the code does', async () => {
    const userId = await newUser();
    const refused = async (statement: ReturnType<typeof sql>) => {
      const error = await db.db.execute(statement).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).not.toBeNull();
    };
    await refused(sql`UPDATE accounts SET reserved = balance + 1 WHERE user_id = ${userId}`);
    await refused(sql`UPDATE accounts SET reserved = -1 WHERE user_id = ${userId}`);
    await refused(sql`UPDATE entries SET amount = 1000 WHERE user_id = ${userId}`);
    await refused(sql`DELETE FROM entries WHERE user_id = ${userId}`);
    await refused(
      sql`INSERT INTO entries (user_id, kind, amount, reserved_delta, balance_after, reserved_after)
          VALUES (${userId}, 'signup_bonus', 50, 0, 100, 0)`,
    );
    await refused(
      sql`INSERT INTO entries (user_id, kind, amount, reserved_delta, balance_after, reserved_after)
          VALUES (${userId}, 'capture', -10, -10, 40, 0)`,
    );
    expect(await getAccount(db.db, userId)).toMatchObject({ balance: 50, reserved: 0 });
  });
});
