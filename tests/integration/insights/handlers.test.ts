/**
 * The insights domain through the contract (dispatch, as IPC, the web shell and the CLI call it) on a real
 * AppContext: catalog, unlock with an opId that `ops-cancel` stops, list, status, export — and a job that
 * survives the app closing in the middle of it (close the context, open a new one, resumeInsightJobs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InsightProgress, JobView } from '../../../src-shared/insights/types';
import { createAppContext } from '../../../src-main/app-context';
import { dispatch } from '../../../src-main/dispatch';
import { createGeminiGateway } from '../../../src-main/gemini/gateway';
import { GeminiLimiter } from '../../../src-main/gemini/limiter';
import { resumeInsightJobs } from '../../../src-main/insights/handlers';
import { startFakeGemini, type FakeGemini } from '../../support/fake-gemini';
import { seedChat } from '../../support/library';
import { coupleChat, groundedAnswer } from './support';

let fake: FakeGemini;
let dir: string;
const FAST = { baseDelayMs: 5, maxDelayMs: 40, timeoutMs: 3000, attempts: 3 };

beforeAll(async () => {
  fake = await startFakeGemini({ answer: groundedAnswer });
  dir = mkdtempSync(join(tmpdir(), 'relivchats-insights-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(events: InsightProgress[] = []) {
  const gateway = createGeminiGateway(
    { via: 'own-key', apiKey: 'k', baseUrl: fake.url },
    { limiter: new GeminiLimiter(), policy: FAST },
  );
  return createAppContext({
    libraryPath: join(dir, 'library.sqlite'),
    dataDir: dir,
    emit: (event, payload) => {
      if (event === 'insight-progress') events.push(payload as InsightProgress);
    },
    gemini: async () => gateway,
    insights: { policy: FAST },
  });
}

async function until(condition: () => boolean): Promise<void> {
  const limit = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > limit) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('insights handlers', () => {
  it('serve the catalog and refuse bad arguments', async () => {
    const ctx = open();
    try {
      const { categories } = (await dispatch(ctx, 'insights-catalog', {})) as {
        categories: { id: string }[];
      };
      expect(categories.map((c) => c.id)).toEqual(['romantic', 'friendship', 'family', 'work', 'group']);
      await expect(
        dispatch(ctx, 'insights-unlock', { chatId: 1, category: 'nope', payment: 'own-key' }),
      ).rejects.toMatchObject({ code: 'invalid-arguments' });
      await expect(dispatch(ctx, 'insights-status', { jobId: 999 })).rejects.toMatchObject({
        code: 'job-not-found',
      });
    } finally {
      ctx.close();
    }
  });

  it('resume a job after the app closed in the middle of it', async () => {
    let ctx = open();
    const chatId = seedChat(ctx.library, coupleChat(), { title: 'Alex & Sam' });
    fake.reset();
    fake.setLatency((r) => (r.method === 'generateContent' ? 60_000 : 0));
    const started = (await dispatch(ctx, 'insights-unlock', {
      chatId,
      category: 'romantic',
      payment: 'own-key',
      opId: 'unlock-1',
    })) as JobView;
    await until(() => fake.calls('generateContent') === 6);
    ctx.close(); // the app quits while six insights are generating
    fake.setLatency(0);

    const events: InsightProgress[] = [];
    ctx = open(events);
    try {
      expect(resumeInsightJobs(ctx)).toEqual([started.id]);
      const job = await ctx.insights.wait(started.id);
      expect(job.status).toBe('completed');
      expect(events.filter((e) => e.phase === 'done')).toHaveLength(6);
      const { jobs } = (await dispatch(ctx, 'insights-list', { chatId })) as { jobs: JobView[] };
      expect(jobs.map((j) => [j.id, j.status])).toEqual([[started.id, 'completed']]);
      const exported = (await dispatch(ctx, 'insights-export', { jobId: started.id })) as {
        fileName: string;
        markdown: string;
      };
      expect(exported.fileName).toBe('alex-sam-romantic-insights.md');
      expect(exported.markdown.match(/^## /gm)).toHaveLength(6);
    } finally {
      ctx.close();
    }
  });

  it('stop a job through ops-cancel with the opId it was started with', async () => {
    const ctx = open();
    try {
      const chatId = (ctx.library.sqlite.prepare('SELECT id FROM chats').pluck().get() as number) ?? 0;
      fake.reset();
      fake.setLatency((r) => (r.method === 'generateContent' ? 60_000 : 0));
      const started = (await dispatch(ctx, 'insights-unlock', {
        chatId,
        category: 'friendship',
        payment: 'own-key',
        opId: 'unlock-2',
      })) as JobView;
      await until(() => fake.calls('generateContent') === 6);
      expect(await dispatch(ctx, 'ops-cancel', { opId: 'unlock-2' })).toEqual({ cancelled: true });
      const job = await ctx.insights.wait(started.id);
      expect(job.status).toBe('cancelled');
      expect(await dispatch(ctx, 'ops-cancel', { opId: 'unlock-2' })).toEqual({ cancelled: false });
    } finally {
      fake.setLatency(0);
      ctx.close();
    }
  });
});
