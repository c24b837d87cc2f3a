/**
 * Reads drizzle-kit's generated migrations (meta/_journal.json plus one SQL file per entry). Shared by the
 * desktop runner (SQLite) and the credits server (PostgreSQL).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Migration {
  idx: number;
  tag: string;
  statements: string[];
}

export class FutureDatabaseError extends Error {
  constructor(
    readonly what: string,
    readonly unknownTags: string[],
  ) {
    super(
      `This ${what} was written by a newer version of RelivChats (it has migration ${unknownTags.join(', ')}, ` +
        `which this version does not know). Update the app; the file was left untouched.`,
    );
    this.name = 'FutureDatabaseError';
  }
}

/**
 * Finds `migrations/<set>` by walking up from this module, so it works from the sources (tests, tsx), from
 * the built bundle (out/main) and inside a packaged app. RELIVCHATS_MIGRATIONS_DIR overrides the root.
 */
export function findMigrationsDir(set: 'desktop' | 'server'): string {
  const override = process.env.RELIVCHATS_MIGRATIONS_DIR;
  if (override) return join(override, set);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'migrations', set, 'meta', '_journal.json');
    if (existsSync(candidate)) return join(dir, 'migrations', set);
    const parent = resolve(dir, '..');
    if (parent === dir)
      throw new Error(`migrations/${set} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function readMigrations(dir: string): Migration[] {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  return journal.entries
    .slice()
    .sort((a, b) => a.idx - b.idx)
    .map(({ idx, tag }) => ({
      idx,
      tag,
      statements: readFileSync(join(dir, `${tag}.sql`), 'utf8')
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    }));
}

/**
 * Which migrations still need applying, given the tags a database records as applied. Throws
 * FutureDatabaseError when the database records a migration this build does not have.
 */
export function pendingMigrations(known: Migration[], appliedTags: string[], what: string): Migration[] {
  const knownTags = new Set(known.map((m) => m.tag));
  const unknown = appliedTags.filter((t) => !knownTags.has(t));
  if (unknown.length > 0) throw new FutureDatabaseError(what, unknown);
  const applied = new Set(appliedTags);
  return known.filter((m) => !applied.has(m.tag));
}
