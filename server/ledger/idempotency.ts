/**
 * Operations under a client-chosen key: the result is stored in the same transaction as the effect, so
 * either both exist or neither does. A retry with the same key and the same request gets the stored
 * result; the same key with another request is refused (409). A refused operation (no coins, expired…)
 * stores nothing: retrying it later may succeed.
 *
 * Two shapes, one table: `idempotent` runs TypeScript work in a transaction (grants, checkouts);
 * `keyedCall` runs one of the ledger's SQL functions (migrations/server/0002), which look the key up
 * themselves under the account's row lock and answer `{ result }`, `{ stored }` or `{ error }`.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../src-main/errors';
import type { Db, Tx } from '../db/open';
import { idempotencyKeys } from '../db/schema';
import { preparedRows, retrying, transaction } from '../db/tx';

export interface KeyedOperation {
  /** Whose key space: keys of different users never meet. */
  userId: string;
  key: string;
  operation: string;
  /** Everything that defines the request (compared on a retry). */
  request: unknown;
}

export const requestHash = (op: KeyedOperation) =>
  createHash('sha256')
    .update(JSON.stringify([op.operation, op.request]))
    .digest('base64url');

function keyReused(op: KeyedOperation, usedFor: string): AppError {
  return new AppError(
    'idempotency-key-reused',
    `The idempotency key ${op.key} was already used for a different request (${usedFor}). ` +
      `Use a new key for a new operation.`,
  );
}

function replayed<T>(
  op: KeyedOperation,
  stored: { operation: string; requestHash: string; result: unknown },
): T {
  if (stored.requestHash !== requestHash(op) || stored.operation !== op.operation)
    throw keyReused(op, stored.operation);
  return stored.result as T;
}

/**
 * The result stored under this operation's key, if any (for work outside the database, like a call to
 * Stripe, that a retry must not repeat). Refuses a key used for another request.
 */
export async function storedResult<T>(db: Db, op: KeyedOperation): Promise<T | undefined> {
  const [stored] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, op.userId), eq(idempotencyKeys.key, op.key)));
  return stored ? replayed<T>(op, stored) : undefined;
}

/** Whatever failed, a result stored under this key answers a retry. */
async function replayOr<T>(db: Db, op: KeyedOperation, error: unknown): Promise<T> {
  const stored = await storedResult<T>(db, op);
  if (stored === undefined) throw error;
  return stored;
}

/**
 * TypeScript work under a key: the effect runs and the result is stored in one transaction; storing fails
 * on the primary key when a result is already there (PostgreSQL makes a concurrent duplicate wait for the
 * first to commit), the transaction rolls back and the stored result is returned.
 */
export async function idempotent<T>(db: Db, op: KeyedOperation, run: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await transaction(db, async (tx) => {
      const result = await run(tx);
      await tx.insert(idempotencyKeys).values({
        userId: op.userId,
        key: op.key,
        operation: op.operation,
        requestHash: requestHash(op),
        result: result as object,
      });
      return result;
    });
  } catch (error) {
    return replayOr<T>(db, op, error);
  }
}

/** A refusal named by a ledger function, with what the server needs to word it. */
export interface LedgerRefusal {
  error: string;
  reservation?: unknown;
  available?: number;
}
export type LedgerAnswer<R> = { result: R } | LedgerRefusal;
type StoredAnswer<R> = { stored: { operation: string; request_hash: string; result: R } };

/**
 * One ledger function call under a key: `fn(user, key, hash, ...args)`, its jsonb answer selected as
 * `answer` (`cast` gives an argument's SQL type, e.g. `uuid`). One statement, one round trip, atomic by
 * itself, prepared once per connection.
 */
export async function keyedCall<R>(
  db: Db,
  op: KeyedOperation,
  fn: string,
  args: { value: unknown; cast?: string }[],
): Promise<LedgerAnswer<R>> {
  const placeholders = args.map((a, i) => `$${i + 4}${a.cast ? `::${a.cast}` : ''}`);
  const statement = { name: fn, text: `SELECT ${fn}($1, $2, $3, ${placeholders.join(', ')}) AS answer` };
  const params = [op.userId, op.key, requestHash(op), ...args.map((a) => a.value)];
  let answer: LedgerAnswer<R> | StoredAnswer<R>;
  try {
    const [row] = await retrying(() => preparedRows(db, statement, params));
    answer = row!.answer as typeof answer;
  } catch (error) {
    // e.g. a concurrent TypeScript operation stored this key first (unique violation)
    return { result: await replayOr<R>(db, op, error) };
  }
  if ('stored' in answer) {
    const { operation, request_hash, result } = answer.stored;
    return { result: replayed<R>(op, { operation, requestHash: request_hash, result }) };
  }
  return answer;
}
