/** Transactions that retry what PostgreSQL asks to retry, and a look at PostgreSQL's error codes. */
import type { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import type { Db, Tx } from './open';

/** PostgreSQL's SQLSTATE of an error (drizzle wraps the driver's error in `cause`). */
export function pgErrorCode(error: unknown): string | undefined {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** The constraint a unique or check violation names. */
export function pgConstraint(error: unknown): string | undefined {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const c = (e as { constraint?: unknown }).constraint;
    if (typeof c === 'string') return c;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = '23505';
const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock detected

/**
 * Runs `fn` in a transaction (READ COMMITTED; the ledger takes row locks itself), retrying a serialization
 * failure or deadlock a few times — the whole transaction rolled back, so a retry is safe.
 */
export function transaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return retrying(() => db.transaction(fn));
}

/** Runs one atomic unit of work (a transaction, or a single statement), retrying what PostgreSQL asks to. */
export async function retrying<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = pgErrorCode(error);
      if (attempt >= 5 || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}

/** Rows of a raw query: node-postgres and PGlite both answer `{ rows }`. */
export async function queryRows(db: Db | Tx, query: SQL): Promise<Record<string, unknown>[]> {
  const result = (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows;
}

/**
 * One statement outside any transaction, bypassing the query builder: on PostgreSQL a named prepared
 * statement (parsed and planned once per connection), on PGlite a plain query. For the ledger's hot calls.
 */
export async function preparedRows(
  db: Db,
  statement: { name: string; text: string },
  params: unknown[],
): Promise<Record<string, unknown>[]> {
  const client = (db as unknown as { $client: pg.Pool | PGlite }).$client;
  if (client instanceof pg.Pool) return (await client.query({ ...statement, values: params })).rows;
  return (await client.query<Record<string, unknown>>(statement.text, params)).rows;
}
