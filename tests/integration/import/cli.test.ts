/** The `relivchats import` / `messages` contract other tools rely on, run as a real process. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';

const FIXTURES = join(import.meta.dirname, '../../fixtures/exports');
let dir: string;
let db: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'relivchats-cli-'));
  db = join(dir, 'library.sqlite');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fixture(name: string) {
  const expected = JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) as {
    file: string;
    messages: Record<string, unknown>[];
  };
  return { path: join(FIXTURES, name, expected.file), expected };
}

describe('relivchats import', () => {
  it('--json prints the summary, and messages --jsonl the messages as written', async () => {
    const { path, expected } = fixture('android-en-us-12h-group');
    const run = await runCli(['import', path, '--db', db, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      title: 'Weekend Crew',
      messages: expected.messages.length,
      participants: ['Tom', '+1 (555) 201-3344', 'Maya', 'Lee'],
      firstAt: '2022-01-14T09:05:00',
      lastAt: '2022-01-17T10:00:00',
      warnings: [],
      outcome: 'created',
    });
    expect(summary.chatId).toEqual(expect.any(Number));

    const messages = await runCli(['messages', String(summary.chatId), '--jsonl', '--db', db]);
    expect(messages.code).toBe(0);
    const lines = messages.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual(expected.messages);

    const again = await runCli(['import', path, '--db', db, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ chatId: summary.chatId, outcome: 'unchanged' });
  });

  it('--date-order decides an ambiguous file, and the warning says it was ambiguous', async () => {
    const { path } = fixture('android-ambiguous-order');
    const guessed = JSON.parse((await runCli(['import', path, '--db', db, '--json'])).stdout) as {
      chatId: number;
      dateOrder: string;
      firstAt: string;
      warnings: { code: string }[];
    };
    expect(guessed.dateOrder).toBe('dmy');
    expect(guessed.warnings.map((w) => w.code)).toEqual(['ambiguous-date-order']);

    const told = await runCli([
      'import',
      path,
      '--db',
      join(dir, 'other.sqlite'),
      '--json',
      '--date-order',
      'mdy',
    ]);
    expect(JSON.parse(told.stdout)).toMatchObject({
      dateOrder: 'mdy',
      firstAt: '2022-01-02T10:00:00',
      warnings: [],
    });
  });

  it('prints a readable summary without --json', async () => {
    const { path } = fixture('ios-de-utf16be');
    const run = await runCli(['import', path, '--db', join(dir, 'plain.sqlite')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Imported chat \d+ "Jonas"/);
    expect(run.stdout).toMatch(/7 messages \(7 added\), 2 people: Jonas, Lena/);
  });

  it('reports errors on stderr with a non-zero exit code', async () => {
    const notAnExport = join(dir, 'notes.txt');
    writeFileSync(notAnExport, 'shopping list\nmilk\neggs\n'.repeat(500));
    const run = await runCli(['import', notAnExport, '--db', db, '--json']);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/not a WhatsApp chat export/);

    const missing = await runCli(['import', join(dir, 'nope.txt'), '--db', db]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/nope\.txt/);

    const badOrder = await runCli(['import', notAnExport, '--db', db, '--date-order', 'dym']);
    expect(badOrder.code).toBe(2);
    expect(badOrder.stderr).toMatch(/--date-order must be one of dmy, mdy, ymd/);
  });
});
