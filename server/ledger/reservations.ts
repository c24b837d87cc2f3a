/**
 * Unlocks as two-phase transfers: reserve the price, then resolve exactly once — settle (capture the share
 * of insights that succeeded, release the rest) or release everything. A reservation not resolved within
 * 30 minutes expires: it is released lazily when its owner next touches it (or runs short of coins), and
 * by a sweeper that every server process runs each minute.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, lte, sql } from 'drizzle-orm';
import { AppError } from '../../src-main/errors';
import type { Unlock } from '../../src-shared/server-api';
import type { Db, Tx } from '../db/open';
import { reservations } from '../db/schema';
import { transaction } from '../db/tx';
import { type LockedAccount, lockAccount } from './account';
import { idempotent, Refusal } from './idempotency';
import { RESERVATION_TTL_MS, UNLOCK_BUDGET, UNLOCK_PRICE } from './prices';

export interface LedgerDeps {
  db: Db;
  /** The time the ledger goes by (tests move it). */
  now: () => Date;
  /** What one unlock may spend through the Gemini proxy (default UNLOCK_BUDGET). */
  unlockBudget?: { calls: number; tokens: number };
}

type ReservationRow = typeof reservations.$inferSelect;

export function toUnlock(r: ReservationRow): Unlock {
  return {
    id: r.id,
    chatFingerprint: r.chatFingerprint,
    category: r.category,
    amount: r.amount,
    status: r.status,
    captured: r.captured,
    expiresAt: r.expiresAt.toISOString(),
    budget: { calls: r.maxCalls, tokens: r.maxTokens, callsUsed: r.callsUsed, tokensUsed: r.tokensUsed },
  };
}

function insufficient(account: LockedAccount, price: number): AppError {
  return new AppError(
    'insufficient-coins',
    `This unlock costs ${price} coins and ${account.available} are available.`,
    { price, available: account.available },
  );
}

export async function reserve(
  deps: LedgerDeps,
  userId: string,
  input: { chatFingerprint: string; category: string; idempotencyKey: string },
): Promise<Unlock> {
  const request = { chatFingerprint: input.chatFingerprint, category: input.category };
  const attempt = () =>
    idempotent(deps.db, { userId, key: input.idempotencyKey, operation: 'reserve', request }, async (tx) => {
      const account = await lockAccount(tx, userId);
      if (account.available < UNLOCK_PRICE) throw insufficient(account, UNLOCK_PRICE);
      const now = deps.now();
      const row: ReservationRow = {
        id: randomUUID(),
        userId,
        chatFingerprint: input.chatFingerprint,
        category: input.category,
        amount: UNLOCK_PRICE,
        status: 'active',
        captured: 0,
        succeeded: null,
        total: null,
        maxCalls: (deps.unlockBudget ?? UNLOCK_BUDGET).calls,
        maxTokens: (deps.unlockBudget ?? UNLOCK_BUDGET).tokens,
        callsUsed: 0,
        tokensUsed: 0,
        createdAt: now,
        expiresAt: new Date(now.getTime() + RESERVATION_TTL_MS),
        resolvedAt: null,
      };
      await tx.insert(reservations).values(row);
      account.post({ kind: 'reserve', amount: 0, reservedDelta: UNLOCK_PRICE, reservationId: row.id });
      await account.flush();
      return toUnlock(row);
    });
  try {
    return await attempt();
  } catch (error) {
    // Short of coins: expired reservations may still hold some. Release them and try once more.
    if (!(error instanceof AppError && error.code === 'insufficient-coins')) throw error;
    if ((await expireDue(deps, userId)) === 0) throw error;
    return attempt();
  }
}

async function lockReservation(tx: Tx, userId: string, id: string): Promise<ReservationRow> {
  const [row] = await tx
    .select()
    .from(reservations)
    .where(and(eq(reservations.id, id), eq(reservations.userId, userId)))
    .for('update');
  // Someone else's reservation is as absent as a missing one.
  if (!row) throw new AppError('not-found', `There is no unlock ${id}.`);
  return row;
}

/** Resolves a locked, active reservation: captures `captured` coins and releases the rest. */
async function resolve(
  tx: Tx,
  account: LockedAccount,
  r: ReservationRow,
  status: 'settled' | 'released' | 'expired',
  resolvedAt: Date,
  counts?: { succeeded: number; total: number },
  captured = 0,
): Promise<ReservationRow> {
  const changes = {
    status,
    captured,
    succeeded: counts?.succeeded ?? null,
    total: counts?.total ?? null,
    resolvedAt,
  };
  // Conditional on still being active: a reservation is resolved at most once, whatever the caller thought.
  const updated = await tx
    .update(reservations)
    .set(changes)
    .where(and(eq(reservations.id, r.id), eq(reservations.status, 'active')))
    .returning({ id: reservations.id });
  if (updated.length !== 1) throw new Error(`ledger: reservation ${r.id} was not active`);
  if (captured > 0)
    account.post({ kind: 'capture', amount: -captured, reservedDelta: -captured, reservationId: r.id });
  const released = r.amount - captured;
  if (released > 0)
    account.post({
      kind: 'release',
      amount: 0,
      reservedDelta: -released,
      reservationId: r.id,
      ...(status === 'expired' ? { note: 'expired' } : {}),
    });
  return { ...r, ...changes };
}

function alreadyResolved(r: ReservationRow): AppError {
  return new AppError(
    'already-resolved',
    `Unlock ${r.id} is already ${r.status}` +
      (r.status === 'settled'
        ? ` (${r.succeeded} of ${r.total} insights, ${r.captured} coins captured).`
        : '.'),
    { unlock: toUnlock(r) },
  );
}

function expiredError(r: ReservationRow): AppError {
  return new AppError(
    'reservation-expired',
    `Unlock ${r.id} expired at ${r.expiresAt.toISOString()}; its coins were released.`,
    { unlock: toUnlock(r) },
  );
}

/**
 * Captures the share of the price for the insights that succeeded (rounded down: a fraction of a coin
 * stays with the user) and releases the rest. Settling again with the same counts returns the same result.
 */
export async function settle(
  deps: LedgerDeps,
  userId: string,
  id: string,
  input: { succeeded: number; total: number; idempotencyKey: string },
): Promise<Unlock> {
  const { succeeded, total } = input;
  const request = { id, succeeded, total };
  return idempotent(
    deps.db,
    { userId, key: input.idempotencyKey, operation: 'settle', request },
    async (tx) => {
      const account = await lockAccount(tx, userId);
      let r = await lockReservation(tx, userId, id);
      const now = deps.now();
      if (r.status === 'active' && r.expiresAt <= now) {
        r = await resolve(tx, account, r, 'expired', now);
        await account.flush();
        return new Refusal(expiredError(r));
      }
      if (r.status !== 'active') {
        if (r.status === 'settled' && r.succeeded === succeeded && r.total === total) return toUnlock(r);
        if (r.status === 'expired') return new Refusal(expiredError(r));
        throw alreadyResolved(r);
      }
      const captured = Math.floor((r.amount * succeeded) / total);
      r = await resolve(tx, account, r, 'settled', now, { succeeded, total }, captured);
      await account.flush();
      return toUnlock(r);
    },
  );
}

/** Releases every reserved coin. Releasing a released or expired unlock again returns it unchanged. */
export async function release(
  deps: LedgerDeps,
  userId: string,
  id: string,
  input: { idempotencyKey: string },
): Promise<Unlock> {
  return idempotent(
    deps.db,
    { userId, key: input.idempotencyKey, operation: 'release', request: { id } },
    async (tx) => {
      const account = await lockAccount(tx, userId);
      let r = await lockReservation(tx, userId, id);
      if (r.status === 'released' || r.status === 'expired') return toUnlock(r);
      if (r.status !== 'active') throw alreadyResolved(r);
      const now = deps.now();
      r = await resolve(tx, account, r, r.expiresAt <= now ? 'expired' : 'released', now);
      await account.flush();
      return toUnlock(r);
    },
  );
}

/** Releases a user's expired reservations; returns how many. Cheap when there are none (no lock taken). */
export async function expireDue(deps: LedgerDeps, userId: string): Promise<number> {
  const now = deps.now();
  const due = and(
    eq(reservations.userId, userId),
    eq(reservations.status, 'active'),
    lte(reservations.expiresAt, now),
  );
  const [any] = await deps.db.select({ id: reservations.id }).from(reservations).where(due).limit(1);
  if (!any) return 0;
  return transaction(deps.db, async (tx) => {
    const account = await lockAccount(tx, userId);
    const rows = await tx.select().from(reservations).where(due).for('update');
    for (const r of rows) await resolve(tx, account, r, 'expired', now);
    await account.flush();
    return rows.length;
  });
}

/** Releases expired reservations of every user (the sweeper); returns how many. */
export async function sweepExpired(deps: LedgerDeps, maxUsers = 500): Promise<number> {
  const users = await deps.db
    .selectDistinct({ userId: reservations.userId })
    .from(reservations)
    .where(and(eq(reservations.status, 'active'), lte(reservations.expiresAt, deps.now())))
    .limit(maxUsers);
  let expired = 0;
  for (const { userId } of users) expired += await expireDue(deps, userId);
  return expired;
}

/**
 * Counts one Gemini call against a reservation's budget, atomically: only an active, unexpired
 * reservation of this user with calls and tokens left. Says why when it refuses.
 */
export async function chargeProxyCall(deps: LedgerDeps, userId: string, id: string): Promise<ReservationRow> {
  const now = deps.now();
  const [row] = await deps.db
    .update(reservations)
    .set({ callsUsed: sql`${reservations.callsUsed} + 1` })
    .where(
      and(
        eq(reservations.id, id),
        eq(reservations.userId, userId),
        eq(reservations.status, 'active'),
        sql`${reservations.expiresAt} > ${now}`,
        sql`${reservations.callsUsed} < ${reservations.maxCalls}`,
        sql`${reservations.tokensUsed} < ${reservations.maxTokens}`,
      ),
    )
    .returning();
  if (row) return row;
  const [r] = await deps.db
    .select()
    .from(reservations)
    .where(and(eq(reservations.id, id), eq(reservations.userId, userId)));
  if (!r) throw new AppError('not-found', `There is no unlock ${id}.`);
  if (r.status === 'active' && r.expiresAt <= now) {
    await expireDue(deps, userId);
    throw expiredError(r);
  }
  if (r.status !== 'active') throw alreadyResolved(r);
  throw new AppError(
    'budget-exhausted',
    `Unlock ${id} has used its Gemini budget (${r.callsUsed} of ${r.maxCalls} calls, ` +
      `${r.tokensUsed} of ${r.maxTokens} tokens).`,
    { budget: toUnlock(r).budget },
  );
}

/** Adds the tokens a proxied call used (from Gemini's usageMetadata). */
export async function addProxyTokens(deps: LedgerDeps, id: string, tokens: number): Promise<void> {
  if (tokens <= 0) return;
  await deps.db
    .update(reservations)
    .set({ tokensUsed: sql`${reservations.tokensUsed} + ${Math.round(tokens)}` })
    .where(eq(reservations.id, id));
}
