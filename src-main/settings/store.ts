/**
 * The library's `settings` table: small JSON values by key (the chosen credits server, the last known
 * balance, purchases being watched). Each value is validated when read, so a damaged or older value reads
 * as missing instead of breaking the app.
 */
import type { z } from 'zod';
import type { Library } from '../db/open';

export class SettingsStore {
  readonly #library: Library;

  constructor(library: Library) {
    this.#library = library;
  }

  get<T>(key: string, schema: z.ZodType<T>): T | null {
    const row = this.#library.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined;
    if (!row) return null;
    try {
      const parsed = schema.safeParse(JSON.parse(row.value));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  set(key: string, value: unknown): void {
    this.#library.sqlite
      .prepare(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), Date.now());
  }

  delete(key: string): void {
    this.#library.sqlite.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }

  clear(): void {
    this.#library.sqlite.prepare('DELETE FROM settings').run();
  }
}
