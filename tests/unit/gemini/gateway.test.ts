import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, CancelledError } from '../../../src-main/errors';
import { createGeminiGateway, type GeminiGateway, type RetryInfo } from '../../../src-main/gemini/gateway';
import { GeminiLimiter } from '../../../src-main/gemini/limiter';
import { startFakeGemini, type FakeGemini } from '../../support/fake-gemini';

let fake: FakeGemini;
let gemini: GeminiGateway;
const policy = { baseDelayMs: 5, maxDelayMs: 50, timeoutMs: 2000, attempts: 4 };

beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: 'k' });
  gemini = createGeminiGateway(
    { via: 'own-key', apiKey: 'k', baseUrl: fake.url },
    { limiter: new GeminiLimiter({ concurrency: 3 }), policy },
  );
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const texts = (n: number) => Array.from({ length: n }, (_, i) => `message number ${i} about topic ${i % 7}`);
const rejection = async (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  );

describe('embeddings', () => {
  it('batches at most 100 texts a call, keeps order, normalises, asks for 768 dimensions', async () => {
    const batches: number[] = [];
    const vectors = await gemini.embed(texts(250), {
      task: 'RETRIEVAL_DOCUMENT',
      onBatch: (offset, v) => void batches.push(offset, v.length),
    });
    expect(fake.calls('batchEmbedContents')).toBe(3);
    expect(vectors).toHaveLength(250);
    for (const v of vectors) {
      expect(v).toHaveLength(768);
      expect(Math.abs(Math.hypot(...v) - 1)).toBeLessThan(1e-5);
    }
    const single = await gemini.embed([texts(250)[137]!], { task: 'RETRIEVAL_DOCUMENT' });
    expect([...single[0]!]).toEqual([...vectors[137]!]);
    expect(batches.sort((a, b) => a - b)).toEqual([0, 50, 100, 100, 100, 200].sort((a, b) => a - b));
    const body = fake.requests[0]!.body as { requests: { taskType: string; outputDimensionality: number }[] };
    expect(body.requests[0]).toMatchObject({ taskType: 'RETRIEVAL_DOCUMENT', outputDimensionality: 768 });
  });

  it('retries a per-minute 429 after the delay Google asks for, cooling the limiter down', async () => {
    fake.script(['rate-limit-minute', 'rate-limit-minute'], { method: 'batchEmbedContents' });
    const retries: RetryInfo[] = [];
    const vectors = await gemini.embed(texts(3), {
      task: 'RETRIEVAL_QUERY',
      onRetry: (r) => retries.push(r),
    });
    expect(vectors).toHaveLength(3);
    expect(fake.calls('batchEmbedContents')).toBe(3);
    expect(retries.map((r) => r.failure.kind)).toEqual(['rate-limited', 'rate-limited']);
    expect(retries[0]!.failure.quotaId).toContain('PerMinute');
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(50); // the fake's RetryInfo says 0.05s
  });

  it('fails fast on a per-day 429 with a clear message, and stops the other batches', async () => {
    // Three calls in flight at most: the fourth starts only after the first has been stored.
    fake.script([null, null, null, 'rate-limit-day'], { method: 'batchEmbedContents' });
    fake.setLatency((r) => (r.method === 'batchEmbedContents' ? 20 : 0));
    const stored: number[] = [];
    const error = await rejection(
      gemini.embed(texts(1000), {
        task: 'RETRIEVAL_DOCUMENT',
        onBatch: (offset) => void stored.push(offset),
      }),
    );
    fake.setLatency(0);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('gemini-daily-quota');
    expect((error as AppError).message).toMatch(/daily quota for gemini-embedding-001 is used up/);
    expect((error as AppError).message).toContain('EmbedContentRequestsPerDay');
    // Never retried; batches in flight were stored, those still queued never went out.
    expect(fake.requests.filter((r) => r.fault === 'rate-limit-day')).toHaveLength(1);
    expect(fake.calls('batchEmbedContents')).toBeLessThan(10);
    expect(stored).toHaveLength(fake.calls('batchEmbedContents') - 1);
  });

  it('retries 500, 503, malformed bodies and timeouts', async () => {
    fake.script(['server-error', 'unavailable', 'malformed-body', 'hang'], { method: 'batchEmbedContents' });
    const retries: RetryInfo[] = [];
    const vectors = await gemini.embed(texts(2), {
      task: 'RETRIEVAL_DOCUMENT',
      policy: { attempts: 5, timeoutMs: 300 },
      onRetry: (r) => retries.push(r),
    });
    expect(vectors).toHaveLength(2);
    expect(retries.map((r) => r.failure.kind)).toEqual(['server', 'server', 'invalid-output', 'timeout']);
  });

  it('gives up after the policy attempts with gemini-unavailable', async () => {
    fake.script(['server-error', 'server-error', 'server-error', 'server-error'], {
      method: 'batchEmbedContents',
    });
    const error = (await rejection(gemini.embed(texts(1), { task: 'RETRIEVAL_DOCUMENT' }))) as AppError;
    expect(error.code).toBe('gemini-unavailable');
    expect(error.message).toContain('after 4 attempts');
    expect(fake.calls()).toBe(4);
  });

  it('cancels at once, during a call or during a backoff', async () => {
    fake.script(['hang'], { method: 'batchEmbedContents' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(
      await rejection(gemini.embed(texts(1), { task: 'RETRIEVAL_DOCUMENT', signal: controller.signal })),
    ).toBeInstanceOf(CancelledError);
    fake.script(['server-error'], { method: 'batchEmbedContents' });
    const later = new AbortController();
    const pending = gemini.embed(texts(1), {
      task: 'RETRIEVAL_DOCUMENT',
      signal: later.signal,
      policy: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
      onRetry: () => later.abort(),
    });
    expect(await rejection(pending)).toBeInstanceOf(CancelledError);
  });
});

describe('generation', () => {
  const Answer = z.object({ summary: z.string(), score: z.number().int().min(1).max(5) });

  it('returns a validated structured answer with usage', async () => {
    const result = await gemini.generateJson({
      prompt: 'Rate it.',
      system: 'Be brief.',
      schema: z.toJSONSchema(Answer),
      parse: Answer.parse,
    });
    expect(Answer.parse(result.value)).toEqual(result.value);
    expect(result.attempts).toBe(1);
    expect(result.usage.promptTokens).toBeGreaterThan(0);
    expect(result.usage.totalTokens).toBe(result.usage.promptTokens + result.usage.outputTokens);
    const config = (fake.requests[0]!.body as { generationConfig: Record<string, unknown> }).generationConfig;
    expect(config.responseMimeType).toBe('application/json');
    expect(config.responseJsonSchema).toMatchObject({ type: 'object' });
  });

  it('retries output that is cut off, not JSON, or off-schema, and counts the tokens of every attempt', async () => {
    fake.script(['max-tokens', 'malformed-output'], { method: 'generateContent' });
    let calls = 0;
    fake.setAnswer((req) => (++calls === 3 ? { summary: 'x', score: 9 } : req.sample()));
    const retries: RetryInfo[] = [];
    const result = await gemini.generateJson({
      prompt: 'Rate it.',
      schema: z.toJSONSchema(Answer),
      parse: Answer.parse,
      onRetry: (r) => retries.push(r),
    });
    fake.setAnswer(undefined);
    expect(result.attempts).toBe(4);
    expect(retries.map((r) => r.failure.message)).toEqual([
      expect.stringContaining('MAX_TOKENS'),
      expect.stringContaining('not JSON'),
      expect.stringContaining('does not follow the schema'),
    ]);
    expect(result.totalUsage.promptTokens).toBe(4 * result.usage.promptTokens);
  });

  it('reports unusable output after the last attempt', async () => {
    fake.setAnswer(() => 'no JSON here');
    const error = (await rejection(
      gemini.generateJson({
        prompt: 'x',
        schema: z.toJSONSchema(Answer),
        parse: Answer.parse,
        policy: { attempts: 2 },
      }),
    )) as AppError;
    fake.setAnswer(undefined);
    expect(error.code).toBe('gemini-invalid-output');
  });

  it('returns free text, and refuses a bad key without retrying', async () => {
    const text = await gemini.generateText({
      prompt: 'hello',
      temperature: 0.1,
      maxOutputTokens: 100,
      thinkingBudget: 0,
    });
    expect(text.value).toBe('This is a fake answer.');
    const body = fake.requests[0]!.body as { generationConfig: Record<string, unknown> };
    expect(body.generationConfig).toMatchObject({
      temperature: 0.1,
      maxOutputTokens: 100,
      thinkingConfig: { thinkingBudget: 0 },
    });
    const wrong = createGeminiGateway({ via: 'own-key', apiKey: 'bad', baseUrl: fake.url }, { policy });
    const error = (await rejection(wrong.generateText({ prompt: 'x' }))) as AppError;
    expect(error.code).toBe('gemini-auth');
    expect(fake.calls('generateContent')).toBe(2);
    expect(await gemini.countTokens('abcdefgh')).toBe(2);
  });
});

describe('through a proxy', () => {
  it('sends the extra headers, retries the proxy’s 5xx and fails fast when it refuses', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const proxy = createServer((req, res) => {
      seen.push(req.headers);
      if (seen.length === 1) {
        res.writeHead(502, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({ error: { code: 'upstream-error', message: 'Gemini could not be reached.' } }),
        );
      }
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { code: 'reservation-budget-exceeded', message: 'This unlock has used its budget.' },
        }),
      );
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/gemini`;
    const viaProxy = createGeminiGateway(
      {
        via: 'credits',
        apiKey: 'placeholder',
        baseUrl: url,
        headers: { authorization: 'Bearer t', 'x-reservation-id': 'r-1' },
      },
      { policy },
    );
    const error = (await rejection(viaProxy.embed(['a'], { task: 'RETRIEVAL_QUERY' }))) as AppError;
    await new Promise<void>((r) => proxy.close(() => r()));
    expect(error.code).toBe('gemini-proxy-refused');
    expect(error.message).toContain('This unlock has used its budget.');
    // The proxy's own 502 is retried; its refusal is not.
    expect(seen).toHaveLength(2);
    expect(seen[1]).toMatchObject({ authorization: 'Bearer t', 'x-reservation-id': 'r-1' });
  });
});
