/**
 * Applies migrations/server in order at start, each in its own transaction, and refuses a database that
 * records a migration this build does not know (a newer server wrote it). Several processes starting at
 * once on one PostgreSQL take turns through an advisory lock.
 */
import {
  findMigrationsDir,
  type Migration,
  pendingMigrations,
  readMigrations,
} from '../../src-main/db/journal';
import type { ServerDb } from './open';

/** Any fixed number: the advisory lock all server processes agree on for migrating. */
const MIGRATION_LOCK = 7_300_417_001;

export async function migrateServerDb(
  db: ServerDb,
  migrations: Migration[] = readMigrations(findMigrationsDir('server')),
): Promise<string[]> {
  return db.exclusive(async (query) => {
    await query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await query(
        'CREATE TABLE IF NOT EXISTS __server_migrations (idx integer PRIMARY KEY, tag text NOT NULL UNIQUE, ' +
          'applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const applied = (await query('SELECT tag FROM __server_migrations ORDER BY idx')).rows.map((r) =>
        String(r.tag),
      );
      const pending = pendingMigrations(migrations, applied, 'credits database');
      for (const m of pending) {
        await query('BEGIN');
        try {
          for (const statement of m.statements) await query(statement);
          await query('INSERT INTO __server_migrations (idx, tag) VALUES ($1, $2)', [m.idx, m.tag]);
          await query('COMMIT');
        } catch (error) {
          await query('ROLLBACK');
          throw error;
        }
      }
      return pending.map((m) => m.tag);
    } finally {
      await query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}
