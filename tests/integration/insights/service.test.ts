import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InsightProgress, JobView } from '../../../src-shared/insights/types';
import { createGeminiGateway } from '../../../src-main/gemini/gateway';
import { GeminiLimiter } from '../../../src-main/gemini/limiter';
import { InsightsService } from '../../../src-main/insights/service';
import { startFakeGemini, type FakeGemini } from '../../support/fake-gemini';
import { seedChat, tempLibrary, type TempLibrary } from '../../support/library';
import { coupleChat, groundedAnswer, inventedAnswer, PEOPLE } from './support';

let fake: FakeGemini;
let lib: TempLibrary;
let service: InsightsService;
let chatId: number;
const events: InsightProgress[] = [];

const FAST = { baseDelayMs: 5, maxDelayMs: 40, timeoutMs: 3000, attempts: 4 };

beforeAll(async () => {
  fake = await startFakeGemini({ answer: groundedAnswer });
});
afterAll(async () => {
  await fake.close();
});

function open(): InsightsService {
  const gateway = createGeminiGateway(
    { via: 'own-key', apiKey: 'test-key', baseUrl: fake.url },
    { limiter: new GeminiLimiter(), policy: FAST },
  );
  return new InsightsService({
    library: lib,
    emit: (event, payload) => {
      if (event === 'insight-progress') events.push(payload as InsightProgress);
    },
    gemini: async () => gateway,
    policy: FAST,
  });
}

async function setup() {
  lib = tempLibrary();
  chatId = seedChat(lib, coupleChat(), { title: 'Alex & Sam' });
  service = open();
  events.length = 0;
  fake.reset();
  fake.setAnswer(groundedAnswer);
}

afterEach(async () => {
  await service.close();
  lib.dispose();
});

const evidenceOf = (value: unknown): { messageId: number; quote: string; author: string | null }[] => {
  if (Array.isArray(value)) return value.flatMap(evidenceOf);
  if (value && typeof value === 'object') {
    if ('messageId' in value && 'quote' in value) return [value as never];
    return Object.values(value).flatMap(evidenceOf);
  }
  return [];
};

describe('the insight pipeline (own key, fake Gemini)', () => {
  it('generates six grounded insights at once, sending only pseudonymised excerpts', async () => {
    await setup();
    const started = await service.unlock({ chatId, category: 'romantic', payment: 'own-key' });
    expect(started.status).toBe('running');
    const job: JobView = await service.wait(started.id);
    expect(job.status).toBe('completed');
    expect(job.insights.map((i) => i.status)).toEqual(Array(6).fill('completed'));

    const generations = fake.requests.filter((r) => r.method === 'generateContent');
    expect(generations).toHaveLength(6);
    for (const r of generations) {
      const body = JSON.stringify(r.body);
      for (const name of ['Alex', 'Sam', 'Morgan', 'Rivera', '07700', 'alex.morgan@', 'tickets.example'])
        expect(body).not.toContain(name);
      expect(body).toContain('Person A');
      expect(body).toContain('responseJsonSchema');
    }
    // Embeddings were pseudonymised too (the index's own business, checked here as what leaves the machine).
    for (const r of fake.requests.filter((x) => x.method === 'batchEmbedContents'))
      expect(JSON.stringify(r.body)).not.toMatch(/Alex|Sam |Morgan|Rivera/);

    for (const insight of job.insights) {
      const evidence = evidenceOf(insight.result);
      expect(evidence.length).toBeGreaterThan(0);
      for (const e of evidence) {
        expect(PEOPLE).toContain(e.author);
        expect(e.quote).not.toContain('Person ');
        expect(e.quote).not.toContain('[phone');
      }
      expect(JSON.stringify(insight.result)).toContain('Alex Morgan and Sam Rivera');
      expect(insight.promptTokens).toBeGreaterThan(0);
      expect(insight.attempts).toBe(1);
    }
    const done = events.filter((e) => e.phase === 'done');
    expect(done).toHaveLength(6);
    expect(events.at(-1)).toMatchObject({
      phase: 'finished',
      jobStatus: 'completed',
      completed: 6,
      etaMs: 0,
    });
  });

  it('retries invented quotes and fails an insight that never cites the chat', async () => {
    await setup();
    // Each insight's first answer invents its quotes, its retry is grounded (keyed by the prompt: the six run
    // in parallel, so a shared call counter could hand one insight only invented answers).
    const answered = new Set<string>();
    fake.setAnswer((request) => {
      if (answered.has(request.prompt)) return groundedAnswer(request);
      answered.add(request.prompt);
      return inventedAnswer(request);
    });
    const job = await service.wait(
      (await service.unlock({ chatId, category: 'friendship', payment: 'own-key' })).id,
    );
    expect(job.status).toBe('completed');
    for (const insight of job.insights) expect(insight.attempts).toBe(2);

    fake.setAnswer(inventedAnswer);
    const bad = await service.wait(
      (await service.unlock({ chatId, category: 'family', payment: 'own-key' })).id,
    );
    expect(bad.status).toBe('failed');
    for (const i of bad.insights) {
      expect(i.error?.code).toBe('gemini-invalid-output');
      expect(i.attempts).toBe(FAST.attempts);
    }
  });
});

describe('previews', () => {
  it('keep what was previewed until the chat changes', async () => {
    await setup();
    const first = await service.preview(chatId, 'group');
    expect((await service.preview(chatId, 'group')).jobId).toBe(first.jobId);
    lib.sqlite.prepare('UPDATE chats SET updated_at = ? WHERE id = ?').run(Date.now() + 1000, chatId);
    const second = await service.preview(chatId, 'group');
    expect(second.jobId).not.toBe(first.jobId);
    expect(() => service.store.job(first.jobId)).toThrow(/no insight job/);
    expect(fake.calls('generateContent')).toBe(0);
  });
});

describe('the insight pipeline under faults', () => {
  it('ends every job completed or failed-and-reported with 30 % injected faults', async () => {
    await setup();
    fake.setFaultRates(
      {
        'rate-limit-minute': 0.06,
        'server-error': 0.06,
        unavailable: 0.06,
        'malformed-output': 0.06,
        'max-tokens': 0.03,
        'malformed-body': 0.03,
      },
      { seed: 7 },
    );
    const jobs: JobView[] = [];
    for (const category of ['romantic', 'friendship', 'group'] as const) {
      jobs.push(await service.wait((await service.unlock({ chatId, category, payment: 'own-key' })).id));
    }
    const faults = fake.requests.filter((r) => r.method === 'generateContent' && r.fault !== null).length;
    expect(faults).toBeGreaterThan(0);
    for (const job of jobs) {
      expect(['completed', 'partial']).toContain(job.status);
      for (const i of job.insights) {
        expect(['completed', 'failed']).toContain(i.status);
        if (i.status === 'failed') expect(i.error?.code).toMatch(/^gemini-/);
      }
    }
    // With four attempts per insight, a 30 % fault rate almost never exhausts one.
    expect(
      jobs.flatMap((j) => j.insights).filter((i) => i.status === 'completed').length,
    ).toBeGreaterThanOrEqual(17);
  });

  it('cancels a running job: unfinished insights fail as cancelled, finished ones are kept', async () => {
    await setup();
    fake.setLatency((r) => (r.method === 'generateContent' ? 60_000 : 0));
    const started = await service.unlock({ chatId, category: 'work', payment: 'own-key' });
    await waitFor(() => fake.calls('generateContent') === 6);
    const job = await service.cancel(started.id);
    fake.setLatency(0);
    expect(job.status).toBe('cancelled');
    expect(job.insights.every((i) => i.status === 'failed' && i.error?.code === 'cancelled')).toBe(true);

    const retried = await service.wait((await service.retry(started.id)).id);
    expect(retried.status).toBe('completed');
    expect(retried.run).toBe(2);
  });

  it('resumes a job after the app stopped in the middle of it', async () => {
    await setup();
    fake.setLatency((r) => (r.method === 'generateContent' ? 60_000 : 0));
    const started = await service.unlock({ chatId, category: 'romantic', payment: 'own-key' });
    await waitFor(() => fake.calls('generateContent') === 6);
    await service.close(); // the app quits while six insights are generating
    expect(service.store.view(started.id).status).toBe('running');
    expect(service.store.view(started.id).insights.every((i) => i.status === 'running')).toBe(true);
    fake.setLatency(0);

    service = open(); // the app starts again
    expect(service.resume()).toEqual([started.id]);
    const job = await service.wait(started.id);
    expect(job.status).toBe('completed');
    expect(job.insights.every((i) => i.status === 'completed')).toBe(true);
    // The contexts built before the restart were sent again, not rebuilt.
    const prompts = fake.requests
      .filter((r) => r.method === 'generateContent')
      .map((r) => JSON.stringify(r.body));
    expect(new Set(prompts).size).toBe(6);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
