import type { Database } from 'better-sqlite3';
import { findMigrationsDir, pendingMigrations, readMigrations, type Migration } from './journal';

/** Applies the desktop migrations in order, each in its own transaction; refuses a database from the future. */
export function migrateLibrary(
  sqlite: Database,
  migrations: Migration[] = readMigrations(findMigrationsDir('desktop')),
): void {
  sqlite.exec(
    'CREATE TABLE IF NOT EXISTS __migrations (idx INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE, applied_at INTEGER NOT NULL)',
  );
  const applied =
    (sqlite.prepare('SELECT tag FROM __migrations ORDER BY idx').pluck().all() as string[]) ?? [];
  const record = sqlite.prepare('INSERT INTO __migrations (idx, tag, applied_at) VALUES (?, ?, ?)');
  for (const m of pendingMigrations(migrations, applied, 'library')) {
    sqlite.transaction(() => {
      for (const statement of m.statements) sqlite.exec(statement);
      record.run(m.idx, m.tag, Date.now());
    })();
  }
}
