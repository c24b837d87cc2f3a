import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatStats } from '../../../src-shared/stats';
import { runCli } from '../../support/cli';
import { seedChat, tempLibrary, type TempLibrary } from '../../support/library';

let lib: TempLibrary;
let db: string;
let chatId: number;
beforeAll(() => {
  lib = tempLibrary();
  db = join(lib.dir, 'library.sqlite');
  chatId = seedChat(
    lib,
    [
      { at: '2022-05-01T21:00', author: 'Ana', text: 'Pizza tonight? 🍕' },
      { at: '2022-05-01T21:04', author: 'Bo', text: 'Yes! https://www.example.com/menu' },
      { at: '2022-05-01T21:05', author: 'Ana', kind: 'media', subtype: 'image', attachment: 'IMG-1.jpg' },
      { at: '2022-05-03T08:00', author: 'Bo', text: 'Pizza was great' },
    ],
    { title: 'Ana and Bo' },
  );
});
afterAll(() => lib.dispose());

describe('relivchats stats', () => {
  it('prints a readable summary', async () => {
    const run = await runCli(['stats', String(chatId), '--db', db]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain(`Chat ${chatId} "Ana and Bo"`);
    expect(out).toContain('4 messages, 2022-05-01 → 2022-05-03 (3 days, 2 active)');
    expect(out).toMatch(/^Ana\s+2\s+50%/m);
    expect(out).toContain('Media: 1 image');
    expect(out).toContain('Links: 1 (example.com 1)');
    expect(out).toContain('Emoji: 🍕 1');
    expect(out).toContain('Replies: median 1 min, 90% within 4 min');
    expect(out).toContain('Longest silence: 1.5 days');
  });

  it('prints JSON for a range and an author', async () => {
    const run = await runCli([
      'stats',
      String(chatId),
      '--db',
      db,
      '--json',
      '--from',
      '2022-05-01',
      '--to',
      '2022-05-02',
      '--author',
      'Bo',
      '--gap',
      '2',
    ]);
    expect(run.code).toBe(0);
    const stats = ChatStats.parse(JSON.parse(run.stdout));
    expect(stats.filter).toEqual({
      from: '2022-05-01T00:00:00',
      to: '2022-05-02T23:59:59',
      author: 'Bo',
      gapMinutes: 2,
    });
    expect(stats.totals.messages).toBe(1);
    expect(stats.conversations.count).toBe(2);
  });

  it('explains bad input on stderr', async () => {
    const missing = await runCli(['stats', '999', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no chat 999');
    const author = await runCli(['stats', String(chatId), '--db', db, '--author', 'Cy']);
    expect(author.code).toBe(1);
    expect(author.stderr).toContain('Nobody named "Cy"');
    const date = await runCli(['stats', String(chatId), '--db', db, '--from', 'May 1st']);
    expect(date.code).toBe(1);
    expect(date.stderr).toContain('expected a date');
    const gap = await runCli(['stats', String(chatId), '--db', db, '--gap', 'soon']);
    expect(gap.code).toBe(2);
    expect(gap.stderr).toContain('--gap must be a number of minutes');
  });
});
