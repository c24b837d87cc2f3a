import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/dispatch';
import { createAppContext } from '../../../src-main/app-context';
import { computeChatStats } from '../../../src-main/stats/compute';
import { storedChatStats, toQuery } from '../../../src-main/stats/store';
import { createWorkerStatsRunner, type StatsRunner } from '../../../src-main/stats/worker-runner';
import { seedChat, tempLibrary, type TempLibrary } from '../../support/library';

let lib: TempLibrary;
let runner: StatsRunner;
beforeEach(() => {
  lib = tempLibrary();
  runner = createWorkerStatsRunner(lib.path);
});
afterEach(async () => {
  await runner.close();
  lib.dispose();
});

const chat = [
  { at: '2022-01-01T09:00', author: 'Ana', text: 'hello there' },
  { at: '2022-01-01T09:05', author: 'Bo', text: 'hi 👋' },
  { at: '2022-02-01T10:00', author: 'Ana', text: 'a month later' },
];

describe('statistics in a worker thread', () => {
  it('gives what the process would compute, and stores it for the next read', async () => {
    const chatId = seedChat(lib, chat);
    const request = { from: '2022-01-01', to: '2022-01-31' };
    const fromWorker = await runner.compute(chatId, request);
    expect(fromWorker.totals.messages).toBe(2);
    const stored = storedChatStats(lib, chatId, request);
    expect(stored).toEqual(fromWorker);
    const { computedAt: _a, computeMs: _b, ...inProcess } = computeChatStats(lib, chatId, toQuery(request));
    const { computedAt: _c, computeMs: _d, ...worker } = fromWorker;
    expect(worker).toEqual(inProcess);
  });

  it('keeps the error codes', async () => {
    await expect(runner.compute(999, {})).rejects.toMatchObject({ name: 'AppError', code: 'chat-not-found' });
    const chatId = seedChat(lib, chat);
    await expect(runner.compute(chatId, { author: 'Nobody' })).rejects.toMatchObject({
      code: 'author-not-found',
    });
  });

  it('serves stats-get through the worker when the figures are not stored', async () => {
    const chatId = seedChat(lib, chat);
    const ctx = createAppContext({ libraryPath: lib.path, dataDir: lib.dir, computeStats: runner.compute });
    try {
      const stats = (await dispatch(ctx, 'stats-get', { chatId, author: 'Bo' })) as {
        totals: { messages: number };
      };
      expect(stats.totals.messages).toBe(1);
      expect(storedChatStats(lib, chatId, { author: 'Bo' })).not.toBeNull();
    } finally {
      ctx.close();
    }
  });
});
