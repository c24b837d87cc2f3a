/**
 * Operations under a client-chosen key: the result is stored in the same transaction as the effect, so
 * either both exist or neither does. A retry with the same key and the same request gets the stored
 * result; the same key with another request is refused (409). A refused operation (no coins, expired…)
 * stores nothing: retrying it later may succeed.
 *
 * No read before the work: the effect runs, and storing the key fails on its primary key when a result is
 * already there (PostgreSQL makes a concurrent duplicate wait for the first to commit) — the transaction
 * rolls back and the stored result is returned. A first attempt costs one insert, a retry one rollback.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../src-main/errors';
import type { Db, Tx } from '../db/open';
import { idempotencyKeys } from '../db/schema';
import { transaction } from '../db/tx';

/** Returned by an operation that must commit what it did (e.g. an expiry it found) and still fail. */
export class Refusal {
  constructor(readonly error: AppError) {}
}

export interface KeyedOperation {
  /** Whose key space: keys of different users never meet. */
  userId: string;
  key: string;
  operation: string;
  /** Everything that defines the request (compared on a retry). */
  request: unknown;
}

export async function idempotent<T>(
  db: Db,
  op: KeyedOperation,
  run: (tx: Tx) => Promise<T | Refusal>,
): Promise<T> {
  const requestHash = hashOf(op);
  let outcome: T | Refusal;
  try {
    outcome = await transaction(db, async (tx) => {
      const result = await run(tx);
      if (!(result instanceof Refusal)) {
        await tx.insert(idempotencyKeys).values({
          userId: op.userId,
          key: op.key,
          operation: op.operation,
          requestHash,
          result: result as object,
        });
      }
      return result;
    });
  } catch (error) {
    // Whatever failed, a result stored under this key answers a retry.
    return replay<T>(db, op, error);
  }
  if (outcome instanceof Refusal) return replay<T>(db, op, outcome.error);
  return outcome;
}

const hashOf = (op: KeyedOperation) =>
  createHash('sha256')
    .update(JSON.stringify([op.operation, op.request]))
    .digest('base64url');

async function replay<T>(db: Db, op: KeyedOperation, error: unknown): Promise<T> {
  const stored = await storedResult<T>(db, op);
  if (stored === undefined) throw error;
  return stored;
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
  if (!stored) return undefined;
  if (stored.requestHash !== hashOf(op) || stored.operation !== op.operation) {
    throw new AppError(
      'idempotency-key-reused',
      `The idempotency key ${op.key} was already used for a different request (${stored.operation}). ` +
        `Use a new key for a new operation.`,
    );
  }
  return stored.result as T;
}
