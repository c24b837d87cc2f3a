/**
 * The databases the server's tests run on: PGlite always, and a real PostgreSQL when TEST_DATABASE_URL is
 * set (CI sets it). Each call gives a fresh, migrated database — on PostgreSQL a new database created
 * for the caller and dropped afterwards, so parallel test files never share state.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateServerDb } from '../../../../server/db/migrate';
import { type DatabaseTarget, openServerDb, type ServerDb } from '../../../../server/db/open';

export type BackendName = 'pglite' | 'postgres';

export const backends: BackendName[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  /** Where it is, for server processes started by the test. */
  target: DatabaseTarget;
  /** PostgreSQL's URL (undefined for PGlite). */
  url: string | undefined;
  /** Drops it (PostgreSQL). */
  dispose(): Promise<void>;
}

/** An empty database (no migrations applied). For PGlite: in memory, or in `dataDir` when given. */
export async function createTestDatabase(backend: BackendName, dataDir?: string): Promise<TestDatabase> {
  if (backend === 'pglite') {
    return { target: { kind: 'pglite', dataDir }, url: undefined, dispose: async () => {} };
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set');
  const name = `relivchats_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(admin, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString(), poolSize: 10 },
    url: url.toString(),
    dispose: () =>
      withAdmin(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database, migrated and open. */
export async function openTestDb(backend: BackendName): Promise<ServerDb & { dispose(): Promise<void> }> {
  const database = await createTestDatabase(backend);
  const db = await openServerDb(database.target);
  await migrateServerDb(db);
  return {
    ...db,
    async dispose() {
      await db.close();
      await database.dispose();
    },
  };
}
