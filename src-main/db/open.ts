import BetterSqlite3, { type Database } from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as sqliteVec from 'sqlite-vec';
import { migrateLibrary } from './migrate';
import * as schema from './schema';

export type LibraryDb = BetterSQLite3Database<typeof schema>;

/** The library: one SQLite file. The process that opens it owns it; workers open their own connection. */
export interface Library {
  readonly path: string;
  readonly sqlite: Database;
  readonly db: LibraryDb;
  close(): void;
}

export interface OpenLibraryOptions {
  /** `:memory:` for an in-memory library. */
  path: string;
  /**
   * Path of a better-sqlite3 addon built for another ABI (the Electron build, see README). Defaults to
   * RELIVCHATS_SQLITE_BINDING or the addon npm built for this Node.
   */
  nativeBinding?: string;
  /** Path of sqlite-vec's loadable extension; inside a packaged app it lives outside the asar. */
  vecExtensionPath?: string;
  readonly?: boolean;
}

export function openLibrary(options: OpenLibraryOptions): Library {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const nativeBinding = options.nativeBinding ?? process.env.RELIVCHATS_SQLITE_BINDING;
  const sqlite = new BetterSqlite3(options.path, {
    ...(nativeBinding ? { nativeBinding } : {}),
    readonly: options.readonly ?? false,
  });
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 10000');
    sqlite.pragma('temp_store = MEMORY');
    sqlite.pragma('cache_size = -65536'); // 64 MiB
    const vecPath = options.vecExtensionPath ?? process.env.RELIVCHATS_VEC_PATH;
    if (vecPath) sqlite.loadExtension(vecPath);
    else sqliteVec.load(sqlite);
    if (!options.readonly) migrateLibrary(sqlite);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return {
    path: options.path,
    sqlite,
    db: drizzle(sqlite, { schema }),
    close: () => sqlite.close(),
  };
}
