/**
 * Unlocks as two-phase transfers: reserve the price, then resolve exactly once — settle (capture the share
 * of insights that succeeded, release the rest) or release everything. A reservation not resolved within
 * 30 minutes expires: it is released lazily when its owner touches it (settles, calls the proxy, reads the
 * balance, or runs short of coins), and by a sweeper every server process runs each minute.
 *
 * Each operation is one call of a ledger function (migrations/server/0002_ledger_functions.sql): the
 * account's row lock, the idempotency key, the effect and the stored result in one atomic statement.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, lte, sql } from 'drizzle-orm';
import { AppError } from '../../src-main/errors';
import type { Unlock } from '../../src-shared/server-api';
import type { Db } from '../db/open';
import { reservations, type ReservationStatus } from '../db/schema';
import { queryRows, retrying } from '../db/tx';
import { keyedCall, type KeyedOperation } from './idempotency';
import { RESERVATION_TTL_MS, UNLOCK_BUDGET, UNLOCK_PRICE } from './prices';

export interface LedgerDeps {
  db: Db;
  /** The time the ledger goes by (tests move it). */
  now: () => Date;
  /** What one unlock may spend through the Gemini proxy (default UNLOCK_BUDGET). */
  unlockBudget?: { calls: number; tokens: number };
}

type ReservationRow = typeof reservations.$inferSelect;

/** A reservation row as the ledger functions answer it (`to_jsonb`). */
interface ReservationJson {
  id: string;
  user_id: string;
  chat_fingerprint: string;
  category: string;
  amount: number;
  status: ReservationStatus;
  captured: number;
  succeeded: number | null;
  total: number | null;
  max_calls: number;
  max_tokens: number;
  calls_used: number;
  tokens_used: number;
  created_at: string;
  expires_at: string;
  resolved_at: string | null;
}

function fromJson(j: ReservationJson): ReservationRow {
  return {
    id: j.id,
    userId: j.user_id,
    chatFingerprint: j.chat_fingerprint,
    category: j.category,
    amount: j.amount,
    status: j.status,
    captured: j.captured,
    succeeded: j.succeeded,
    total: j.total,
    maxCalls: j.max_calls,
    maxTokens: j.max_tokens,
    callsUsed: j.calls_used,
    tokensUsed: j.tokens_used,
    createdAt: new Date(j.created_at),
    expiresAt: new Date(j.expires_at),
    resolvedAt: j.resolved_at === null ? null : new Date(j.resolved_at),
  };
}

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

const notFound = (id: string) => new AppError('not-found', `There is no unlock ${id}.`);

/** Calls a ledger function and turns its answer into an Unlock or the error it names. */
async function unlockCall(
  deps: LedgerDeps,
  op: KeyedOperation & { id?: string },
  fn: string,
  args: Parameters<typeof keyedCall>[3],
): Promise<Unlock> {
  const answer = await keyedCall<ReservationJson>(deps.db, op, fn, args);
  if ('result' in answer) return toUnlock(fromJson(answer.result));
  const r = answer.reservation ? fromJson(answer.reservation as ReservationJson) : undefined;
  switch (answer.error) {
    case 'insufficient-coins':
      throw new AppError(
        'insufficient-coins',
        `This unlock costs ${UNLOCK_PRICE} coins and ${String(answer.available)} are available.`,
        { price: UNLOCK_PRICE, available: answer.available },
      );
    case 'reservation-expired':
      throw expiredError(r!);
    case 'already-resolved':
      throw alreadyResolved(r!);
    case 'not-found':
      throw op.id ? notFound(op.id) : new AppError('not-found', `There is no account for ${op.userId}.`);
    default:
      throw new Error(`ledger: unexpected answer ${JSON.stringify(answer)}`);
  }
}

export function reserve(
  deps: LedgerDeps,
  userId: string,
  input: { chatFingerprint: string; category: string; idempotencyKey: string },
): Promise<Unlock> {
  const { chatFingerprint, category } = input;
  const op = {
    userId,
    key: input.idempotencyKey,
    operation: 'reserve',
    request: { chatFingerprint, category },
  };
  const now = deps.now();
  const budget = deps.unlockBudget ?? UNLOCK_BUDGET;
  return unlockCall(deps, op, 'ledger_reserve', [
    { value: randomUUID(), cast: 'uuid' },
    { value: chatFingerprint },
    { value: category },
    { value: UNLOCK_PRICE },
    { value: budget.calls },
    { value: budget.tokens },
    { value: now.toISOString(), cast: 'timestamptz' },
    { value: new Date(now.getTime() + RESERVATION_TTL_MS).toISOString(), cast: 'timestamptz' },
  ]);
}

/**
 * Captures the share of the price for the insights that succeeded (rounded down: a fraction of a coin
 * stays with the user) and releases the rest. Settling again with the same counts returns the same result.
 */
export function settle(
  deps: LedgerDeps,
  userId: string,
  id: string,
  input: { succeeded: number; total: number; idempotencyKey: string },
): Promise<Unlock> {
  const { succeeded, total } = input;
  const op = {
    userId,
    id,
    key: input.idempotencyKey,
    operation: 'settle',
    request: { id, succeeded, total },
  };
  const now = deps.now().toISOString();
  return unlockCall(deps, op, 'ledger_settle', [
    { value: id, cast: 'uuid' },
    { value: succeeded },
    { value: total },
    { value: now, cast: 'timestamptz' },
  ]);
}

/** Releases every reserved coin. Releasing a released or expired unlock again returns it unchanged. */
export function release(
  deps: LedgerDeps,
  userId: string,
  id: string,
  input: { idempotencyKey: string },
): Promise<Unlock> {
  const op = { userId, id, key: input.idempotencyKey, operation: 'release', request: { id } };
  const now = deps.now().toISOString();
  return unlockCall(deps, op, 'ledger_release', [
    { value: id, cast: 'uuid' },
    { value: now, cast: 'timestamptz' },
  ]);
}

/** Releases a user's expired reservations; returns how many. Cheap when there are none (no lock taken). */
export async function expireDue(deps: LedgerDeps, userId: string): Promise<number> {
  const now = deps.now();
  const [any] = await deps.db
    .select({ id: reservations.id })
    .from(reservations)
    .where(
      and(
        eq(reservations.userId, userId),
        eq(reservations.status, 'active'),
        lte(reservations.expiresAt, now),
      ),
    )
    .limit(1);
  if (!any) return 0;
  const [row] = await retrying(() =>
    queryRows(deps.db, sql`SELECT ledger_expire_due(${userId}, ${now.toISOString()}::timestamptz) AS n`),
  );
  return Number(row!.n);
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
        sql`${reservations.expiresAt} > ${now.toISOString()}::timestamptz`,
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
  if (!r) throw notFound(id);
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
