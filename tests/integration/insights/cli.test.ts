import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView, Preview } from '../../../src-shared/insights/types';
import { runCli } from '../../support/cli';
import { startFakeGemini, type FakeGemini } from '../../support/fake-gemini';
import { seedChat, tempLibrary, type TempLibrary } from '../../support/library';
import { coupleChat, groundedAnswer } from './support';

let fake: FakeGemini;
let lib: TempLibrary;
let chatId: number;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  fake = await startFakeGemini({ answer: groundedAnswer, apiKey: 'cli-key' });
  lib = tempLibrary();
  chatId = seedChat(lib, coupleChat(), { title: 'Alex & Sam' });
  lib.close();
  env = {
    GEMINI_API_KEY: 'cli-key',
    GEMINI_BASE_URL: fake.url,
    RELIVCHATS_DATA_DIR: lib.dir,
    RELIVCHATS_SERVER_URL: '',
    RELIVCHATS_SERVER_TOKEN: '',
  };
});
afterAll(async () => {
  await fake.close();
  lib.dispose();
});

const db = () => ['--db', join(lib.dir, 'library.sqlite')];

describe('relivchats insights', () => {
  it('previews exactly what will be sent, pseudonymised', async () => {
    const run = await runCli(
      ['insights', String(chatId), '--category', 'romantic', '--preview', '--json', ...db()],
      { env },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const preview = JSON.parse(run.stdout) as Preview;
    expect(preview.legend).toEqual([
      { pseudonym: 'Person A', name: 'Alex Morgan' },
      { pseudonym: 'Person B', name: 'Sam Rivera' },
    ]);
    expect(preview.insights).toHaveLength(6);
    for (const insight of preview.insights) {
      expect(insight.text).toMatch(/\[#\d+\] \d{4}-\d{2}-\d{2} \d{2}:\d{2} Person [AB]: /);
      expect(insight.text).not.toMatch(/Alex|Sam|Morgan|Rivera|07700/);
    }
  });

  it('unlocks a category with the own key and prints the six insights; a second run pays nothing', async () => {
    fake.reset();
    const run = await runCli(['insights', String(chatId), '--category', 'romantic', ...db()], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^# Romantic insights — Alex & Sam/);
    expect(run.stdout.match(/^## /gm)).toHaveLength(6);
    expect(run.stdout).toContain('## Love languages');
    expect(run.stderr).toMatch(/\(6\/6\)/);
    const generations = fake.requests.filter((r) => r.method === 'generateContent');
    expect(generations).toHaveLength(6);

    fake.reset();
    const again = await runCli(['insights', String(chatId), '--category', 'romantic', '--json', ...db()], {
      env,
    });
    expect(again.code, again.stderr).toBe(0);
    const job = JSON.parse(again.stdout) as JobView;
    expect(job.status).toBe('completed');
    expect(job.insights.map((i) => i.status)).toEqual(Array(6).fill('completed'));
    expect(fake.calls('generateContent')).toBe(0);
  });

  it('explains what is wrong', async () => {
    const bad = await runCli(['insights', String(chatId), '--category', 'nope', ...db()], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--category must be one of romantic, friendship, family, work, group/);
    const noKey = await runCli(['insights', String(chatId), '--category', 'family', ...db()], {
      env: { ...env, GEMINI_API_KEY: '' },
    });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/No Gemini API key|No Gemini access/);
  });
});
