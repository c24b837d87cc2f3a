/**
 * Opens the ledger database: embedded PGlite in a data folder (zero set-up, one process), or a real
 * PostgreSQL through a `pg` pool (several server processes can share it). Both give the same drizzle API
 * over the same schema; the ledger code does not know which one it runs on.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { type PgDatabase, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** One statement on one dedicated connection (for migrations under an advisory lock). */
export type RawQuery = (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export interface ServerDb {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs `fn` on one connection that nothing else uses meanwhile. */
  exclusive<T>(fn: (query: RawQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  /** dataDir undefined or `memory://` = in memory (tests). */
  | { kind: 'pglite'; dataDir?: string };

export async function openServerDb(
  target: DatabaseTarget,
  onPoolError: (error: Error) => void = () => {},
): Promise<ServerDb> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    pool.on('error', onPoolError);
    return {
      kind: 'postgres',
      db: drizzlePg({ client: pool, schema }) as unknown as Db,
      async exclusive(fn) {
        const client = await pool.connect();
        try {
          return await fn((text, params) => client.query(text, params));
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }

  const onDisk = target.dataDir && !target.dataDir.startsWith('memory://') ? target.dataDir : undefined;
  const releaseLock = onDisk ? lockDataDir(onDisk) : () => {};
  let client: PGlite;
  try {
    if (onDisk) mkdirSync(dirname(onDisk), { recursive: true });
    client = await PGlite.create(onDisk);
  } catch (error) {
    releaseLock();
    throw error;
  }
  return {
    kind: 'pglite',
    db: drizzlePglite({ client, schema }) as unknown as Db,
    // PGlite is one connection already; start-up runs before anything else uses it.
    exclusive: (fn) => fn((text, params) => client.query<Record<string, unknown>>(text, params)),
    async close() {
      await client.close();
      releaseLock();
    },
  };
}

/**
 * PGlite has no postmaster to keep a second process out of its folder, and two writers would corrupt it:
 * a pid file next to the folder does. A file left by a dead process is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(existsSync(lockFile) ? readFileSync(lockFile, 'utf8') : NaN);
      if (Number.isInteger(pid) && (pid === process.pid || processAlive(pid))) {
        throw new Error(
          `The database folder ${dataDir} is in use by process ${pid}. Stop that server first, or use ` +
            `DATABASE_URL (PostgreSQL) to run several processes on one database.`,
          { cause: error },
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock ${lockFile}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
