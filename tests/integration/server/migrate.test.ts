import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { FutureDatabaseError } from '../../../src-main/db/journal';
import { migrateServerDb } from '../../../server/db/migrate';
import { openServerDb } from '../../../server/db/open';
import { queryRows } from '../../../server/db/tx';
import { loadConfig } from '../../../server/config';
import { createLogger } from '../../../server/logger';
import { startServer } from '../../../server/server';
import { backends, createTestDatabase } from './support/databases';

const tables = async (db: Awaited<ReturnType<typeof openServerDb>>) =>
  (
    await queryRows(
      db.db,
      sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    )
  ).map((r) => r.tablename);

describe.each(backends)('server migrations on %s', (backend) => {
  const dir = mkdtempSync(join(tmpdir(), 'relivchats-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies every migration once, from several processes starting at once', async () => {
    const database = await createTestDatabase(backend);
    // PGlite is one process; PostgreSQL gets four pools racing to migrate.
    const dbs = await Promise.all(
      Array.from({ length: backend === 'postgres' ? 4 : 1 }, () => openServerDb(database.target)),
    );
    try {
      const applied = await Promise.all(dbs.map((db) => migrateServerDb(db)));
      expect(applied.flat().sort()).toEqual([
        '0000_init',
        '0001_entries_append_only',
        '0002_ledger_functions',
      ]);
      expect(await migrateServerDb(dbs[0]!)).toEqual([]);
      expect(await tables(dbs[0]!)).toEqual(
        expect.arrayContaining([
          '__server_migrations',
          'accounts',
          'entries',
          'reservations',
          'purchases',
          'stripe_events',
        ]),
      );
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
      await database.dispose();
    }
  });

  it('refuses a database written by a newer server, and leaves it untouched', async () => {
    const database = await createTestDatabase(backend, join(dir, `future-${backend}`));
    const db = await openServerDb(database.target);
    try {
      await migrateServerDb(db);
      await db.db.execute(
        sql`INSERT INTO __server_migrations (idx, tag) VALUES (99, '0099_from_the_future')`,
      );
      const before = await tables(db);
      const error = await migrateServerDb(db).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FutureDatabaseError);
      expect((error as Error).message).toMatch(/0099_from_the_future/);
      expect(await tables(db)).toEqual(before);
    } finally {
      await db.close();
    }
    // The server refuses to start on it, with the same message.
    const env = database.url
      ? { DATABASE_URL: database.url }
      : { SERVER_DATA_DIR: join(dir, `future-${backend}`) };
    const config = loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'silent' });
    await expect(startServer(config, createLogger('silent'))).rejects.toThrow(/newer version/);
    await database.dispose();
  });
});

describe('PGlite data folder', () => {
  it('is opened by one process at a time; a lock left by a dead process is taken over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relivchats-lock-'));
    const dataDir = join(dir, 'db');
    try {
      const first = await openServerDb({ kind: 'pglite', dataDir });
      await expect(openServerDb({ kind: 'pglite', dataDir })).rejects.toThrow(/in use by process/);
      await first.close();
      writeFileSync(`${dataDir}.lock`, '999999'); // no such process
      const again = await openServerDb({ kind: 'pglite', dataDir });
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
