/** Statistics in the store: computed at import, read back, versioned, recomputed when the chat changes. */
import BetterSqlite3 from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../../../src-main/app-context';
import { dispatch } from '../../../src-main/dispatch';
import { ChatWriter } from '../../../src-main/import/writer';
import { STATS_VERSION } from '../../../src-main/stats/compute';
import { getChatStats, refreshChatStats } from '../../../src-main/stats/store';
import type { ChatStats } from '../../../src-shared/stats';
import { exportText } from '../../support/export-generator';
import { seedChat, tempLibrary, toParsed, type TempLibrary } from '../../support/library';

let lib: TempLibrary;
beforeEach(() => {
  lib = tempLibrary();
});
afterEach(() => lib.dispose());

const chat = [
  { at: '2022-01-01T09:00', author: 'Ana', text: 'Morning!' },
  { at: '2022-01-01T09:02', author: 'Bo', text: 'Morning 😊' },
];

const rows = (chatId: number) =>
  lib.sqlite
    .prepare('SELECT key, version, computed_at AS computedAt FROM stats_cache WHERE chat_id = ? ORDER BY key')
    .all(chatId) as { key: string; version: number; computedAt: number }[];

/** Adds messages to a chat the way a newer export of it does. */
function continueChat(chatId: number, messages: typeof chat): void {
  lib.sqlite.transaction(() => {
    const writer = new ChatWriter(lib);
    writer.beginImport({
      fileName: 'newer.txt',
      filePath: null,
      fileSize: 0,
      sha256: 'newer',
      sourceKind: 'txt',
      format: { platform: 'android', dateOrder: 'dmy' },
      startedAt: Date.now(),
      media: [],
    });
    writer.continueChat(chatId);
    for (const m of toParsed(messages)) writer.add(m);
    writer.finishImport({
      messagesInFile: messages.length,
      linesUnparsed: 0,
      warnings: [],
      finishedAt: Date.now() + 1,
    });
  })();
}

describe('statistics store', () => {
  it('keeps what refresh computed and serves it back', () => {
    const id = seedChat(lib, chat);
    refreshChatStats(lib, id);
    const stored = rows(id);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.version).toBe(STATS_VERSION);
    const read = getChatStats(lib, id);
    expect(read.computedAt).toBe(stored[0]!.computedAt);
    expect(read.totals.messages).toBe(2);
    refreshChatStats(lib, id); // current already: nothing recomputed
    expect(rows(id)).toEqual(stored);
  });

  it('recomputes statistics of another version', () => {
    const id = seedChat(lib, chat);
    refreshChatStats(lib, id);
    lib.sqlite
      .prepare(`UPDATE stats_cache SET version = ?, json = '{"stale":true}' WHERE chat_id = ?`)
      .run(STATS_VERSION - 1, id);
    const read = getChatStats(lib, id);
    expect(read.version).toBe(STATS_VERSION);
    expect(read.totals.messages).toBe(2);
    expect(rows(id).map((r) => r.version)).toEqual([STATS_VERSION]);
  });

  it('recomputes when a newer export adds messages, and drops what is stale', () => {
    const id = seedChat(lib, chat);
    refreshChatStats(lib, id);
    getChatStats(lib, id, { from: '2022-01-01' });
    expect(rows(id)).toHaveLength(2);
    continueChat(id, [{ at: '2022-01-02T10:00', author: 'Ana', text: 'One more' }]);
    expect(getChatStats(lib, id).totals.messages).toBe(3);
    expect(rows(id)).toHaveLength(1);
    expect(getChatStats(lib, id, { from: '2022-01-02' }).totals.messages).toBe(1);
  });

  it('caches filtered requests separately, and only so many', () => {
    const id = seedChat(lib, chat);
    const first = getChatStats(lib, id, { author: 'Bo' });
    expect(getChatStats(lib, id, { author: 'Bo' })).toEqual(first);
    for (let gap = 1; gap <= 40; gap++) getChatStats(lib, id, { gapMinutes: gap });
    expect(rows(id).length).toBeLessThanOrEqual(33);
  });

  it('does not wait for a library another writer holds: computes without keeping', () => {
    const id = seedChat(lib, chat);
    const other = new BetterSqlite3(join(lib.dir, 'library.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    try {
      const stats = getChatStats(lib, id, { author: 'Ana' });
      expect(stats.totals.messages).toBe(1);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(rows(id)).toEqual([]);
    expect(lib.sqlite.pragma('busy_timeout', { simple: true })).toBe(10_000);
  });

  it('serves stats-get through the contract, validating its arguments', async () => {
    const ctx = createAppContext({ libraryPath: join(lib.dir, 'library.sqlite'), dataDir: lib.dir });
    try {
      const id = seedChat(ctx.library, chat);
      const stats = (await dispatch(ctx, 'stats-get', { chatId: id, to: '2022-01-01T09:01' })) as ChatStats;
      expect(stats.people.map((p) => p.name)).toEqual(['Ana']);
      await expect(dispatch(ctx, 'stats-get', { chatId: id, from: '1 Jan' })).rejects.toMatchObject({
        code: 'invalid-arguments',
      });
      await expect(dispatch(ctx, 'stats-get', { chatId: id, gapMinutes: 0 })).rejects.toMatchObject({
        code: 'invalid-arguments',
      });
      await expect(dispatch(ctx, 'stats-get', { chatId: id + 1 })).rejects.toMatchObject({
        code: 'chat-not-found',
      });
      await expect(
        dispatch(ctx, 'stats-get', { chatId: id, from: '2022-02-01', to: '2022-01-01' }),
      ).rejects.toMatchObject({ code: 'invalid-date' });
    } finally {
      ctx.close();
    }
  });

  it('an import computes the statistics before it resolves', async () => {
    const file = join(lib.dir, 'WhatsApp Chat with Bo.txt');
    writeFileSync(file, exportText({ messages: 300, people: ['Ana', 'Bo'], seed: 7 }));
    const ctx = createAppContext({ libraryPath: join(lib.dir, 'library.sqlite'), dataDir: lib.dir });
    try {
      const result = await ctx.runImport({ path: file });
      const stored = rows(result.chatId);
      expect(stored).toHaveLength(1);
      const stats = getChatStats(ctx.library, result.chatId);
      expect(stats.computedAt).toBe(stored[0]!.computedAt);
      expect(stats.totals.messages).toBeGreaterThan(250);
    } finally {
      ctx.close();
    }
  });
});
