import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../../src-main/db/open';
import { runCli } from '../../support/cli';
import { startFakeGemini, type FakeGemini } from '../../support/fake-gemini';
import { seedChat } from '../../support/library';
import { labelledChat } from './labelled-chat';

let fake: FakeGemini;
let dir: string;
let db: string;
let chatId: number;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: 'cli-key' });
  dir = mkdtempSync(join(tmpdir(), 'relivchats-si-cli-'));
  db = join(dir, 'library.sqlite');
  const library = openLibrary({ path: db });
  chatId = seedChat(library, labelledChat().messages);
  library.close();
  env = { GEMINI_API_KEY: 'cli-key', GEMINI_BASE_URL: fake.url, RELIVCHATS_DATA_DIR: dir };
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await fake.close();
});

describe('relivchats index / ask', () => {
  it('indexes a chat with GEMINI_API_KEY against any Gemini server, then nothing the second time', async () => {
    const first = await runCli(['index', String(chatId), '--db', db, '--json'], { env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout) as { chunks: number; fromGemini: number; embedCalls: number };
    expect(result.fromGemini).toBe(result.chunks);
    expect(result.embedCalls).toBe(Math.ceil(result.chunks / 100));
    expect(fake.calls('batchEmbedContents')).toBe(result.embedCalls);

    const again = await runCli(['index', String(chatId), '--db', db], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 from Gemini in 0 calls/);
    expect(fake.calls('batchEmbedContents')).toBe(result.embedCalls);
  });

  it('asks: the top conversations with message ids, times and authors', async () => {
    const ask = await runCli(
      ['ask', String(chatId), 'how', 'much', 'to', 'fix', 'the', 'brakes?', '--k', '2', '--db', db],
      { env },
    );
    expect(ask.code).toBe(0);
    expect(ask.stdout).toMatch(/^#1 {2}2024-03-15/m);
    expect(ask.stdout).toMatch(
      /\[#\d+\] 2024-03-15 09:\d\d Maya: Mechanic says pads and discs need replacing, 450 euros/,
    );
    expect(ask.stdout).toMatch(/^#2 /m);
    expect(ask.stdout).not.toMatch(/^#3 /m);

    const json = await runCli(
      [
        'ask',
        String(chatId),
        'surprise party for Lena',
        '--json',
        '--author',
        'Maya',
        '--from',
        '2024-03-01',
        '--to',
        '2024-03-05',
        '--db',
        db,
      ],
      { env },
    );
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as {
      hits: { messages: { id: number; text: string }[]; authors: string[] }[];
    };
    expect(parsed.hits[0]!.messages.some((m) => m.text.includes('rooftop'))).toBe(true);
    expect(parsed.hits.every((h) => h.authors.includes('Maya'))).toBe(true);
  });

  it('explains what is wrong: no key, daily quota, bad arguments', async () => {
    const noKey = await runCli(['ask', String(chatId), 'a brand new question', '--db', db], {
      env: { ...env, GEMINI_API_KEY: '' },
    });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/No Gemini access/);

    fake.script(['rate-limit-day'], { method: 'batchEmbedContents' });
    const quota = await runCli(['ask', String(chatId), 'another new question', '--db', db], { env });
    expect(quota.code).toBe(1);
    expect(quota.stderr).toMatch(/daily quota for gemini-embedding-001 is used up/);

    const bad = await runCli(['ask', String(chatId), '--db', db], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ask needs a question/);
    const missing = await runCli(['index', '999', '--db', db], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no chat 999/i);
  });
});
