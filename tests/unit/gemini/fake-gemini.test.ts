import { ApiError, GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeGemini, type FakeGemini } from '../../support/fake-gemini';

let fake: FakeGemini;
let ai: GoogleGenAI;

beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: 'test-key' });
  ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: fake.url } });
});
afterAll(() => fake.close());

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
};

describe('fake Gemini through the real @google/genai client', () => {
  it('embeds in batches with the requested dimensions, deterministically, keeping similar texts close', async () => {
    fake.reset();
    const texts = [
      'We booked the flights to Lisbon for our trip in May',
      'Did you book the flight to Lisbon yet? The trip is in May',
      'The dog has a vet appointment on Tuesday morning',
    ];
    const res = await ai.models.embedContent({
      model: 'gemini-embedding-001',
      contents: texts,
      config: { taskType: 'RETRIEVAL_DOCUMENT', outputDimensionality: 768 },
    });
    const vectors = res.embeddings!.map((e) => e.values!);
    expect(vectors).toHaveLength(3);
    expect(vectors[0]).toHaveLength(768);
    expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThan(cosine(vectors[0]!, vectors[2]!) + 0.2);
    const again = await ai.models.embedContent({
      model: 'gemini-embedding-001',
      contents: texts[0]!,
      config: { outputDimensionality: 768 },
    });
    expect(again.embeddings![0]!.values).toEqual(vectors[0]);
    // Like Google, only full-size vectors are normalised.
    const norm = Math.hypot(...vectors[0]!);
    expect(Math.abs(norm - 1)).toBeGreaterThan(1e-3);
    expect(fake.calls('batchEmbedContents')).toBe(2);
    expect(fake.embeddedTexts()).toBe(4);
    const logged = fake.requests[0]!;
    expect(logged.headers['x-goog-api-key']).toBe('test-key');
    expect(logged.model).toBe('gemini-embedding-001');
    expect((logged.body as { requests: { taskType: string }[] }).requests[0]!.taskType).toBe(
      'RETRIEVAL_DOCUMENT',
    );
  });

  it('refuses more than 100 texts in one batch, and a wrong key', async () => {
    await expect(
      ai.models.embedContent({
        model: 'gemini-embedding-001',
        contents: Array.from({ length: 101 }, (_, i) => `text ${i}`),
      }),
    ).rejects.toMatchObject({ status: 400 });
    const wrong = new GoogleGenAI({ apiKey: 'nope', httpOptions: { baseUrl: fake.url } });
    const error = await wrong.models
      .countTokens({ model: 'gemini-2.5-flash', contents: 'hi' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain('API_KEY_INVALID');
  });

  it('answers structured output that follows the JSON schema, with usage metadata', async () => {
    const Insight = z.object({
      title: z.string().min(3).max(80),
      score: z.number().int().min(0).max(100),
      tone: z.enum(['warm', 'cold']),
      flags: z
        .array(z.object({ kind: z.literal('green'), note: z.string().nullable() }))
        .min(1)
        .max(3),
      evidence: z.array(z.object({ messageId: z.number().int().positive(), quote: z.string() })),
      extra: z.optional(z.boolean()),
    });
    const res = await ai.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Describe the chat.',
      config: {
        systemInstruction: 'You are careful.',
        responseMimeType: 'application/json',
        responseJsonSchema: z.toJSONSchema(Insight),
      },
    });
    expect(Insight.safeParse(JSON.parse(res.text!)).success).toBe(true);
    expect(res.candidates![0]!.finishReason).toBe('STOP');
    expect(res.usageMetadata!.promptTokenCount).toBeGreaterThan(0);
    expect(res.usageMetadata!.totalTokenCount).toBe(
      res.usageMetadata!.promptTokenCount! + res.usageMetadata!.candidatesTokenCount!,
    );
    const last = fake.requests.at(-1)!;
    expect(JSON.stringify(last.body)).toContain('You are careful.');
  });

  it('follows Gemini responseSchema (OpenAPI subset) too, and a plugged-in answer function', async () => {
    const res = await ai.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'x',
      config: {
        responseMimeType: 'application/json',
        responseSchema: {
          type: 'OBJECT' as never,
          properties: {
            names: { type: 'ARRAY' as never, items: { type: 'STRING' as never } },
            n: { type: 'INTEGER' as never, nullable: true },
          },
          required: ['names'],
        },
      },
    });
    const parsed = JSON.parse(res.text!) as { names: string[]; n: number };
    expect(parsed.names.length).toBeGreaterThan(0);
    expect(Number.isInteger(parsed.n)).toBe(true);

    fake.setAnswer((req) => ({ echoed: req.prompt, sampled: req.sample() }));
    const custom = await ai.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'message [42] says hi',
      config: {
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'object', properties: { a: { type: 'string' } } },
      },
    });
    expect(JSON.parse(custom.text!)).toEqual({ echoed: 'message [42] says hi', sampled: { a: 'Sample a' } });
    fake.setAnswer(undefined);
  });

  it('counts tokens', async () => {
    const res = await ai.models.countTokens({ model: 'gemini-2.5-flash', contents: 'a'.repeat(40) });
    expect(res.totalTokens).toBe(10);
  });

  it('injects scripted faults with Google error bodies', async () => {
    fake.reset();
    fake.script(['rate-limit-minute', 'rate-limit-day', 'server-error', 'unavailable', 'malformed-body'], {
      method: 'generateContent',
    });
    const call = () =>
      ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hello' }).catch((e: unknown) => e);
    const minute = (await call()) as ApiError;
    expect(minute.status).toBe(429);
    expect(minute.message).toContain('PerMinute');
    expect(minute.message).toContain('RetryInfo');
    const day = (await call()) as ApiError;
    expect(day.status).toBe(429);
    expect(day.message).toContain('GenerateRequestsPerDayPerProjectPerModel');
    expect(((await call()) as ApiError).status).toBe(500);
    expect(((await call()) as ApiError).status).toBe(503);
    expect(await call()).toBeInstanceOf(SyntaxError);
    const ok = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hello' });
    expect(ok.text).toBe('This is a fake answer.');
    expect(fake.requests.map((r) => r.fault)).toEqual([
      'rate-limit-minute',
      'rate-limit-day',
      'server-error',
      'unavailable',
      'malformed-body',
      null,
    ]);
  });

  it('truncates with MAX_TOKENS, by fault or by maxOutputTokens, and breaks the JSON on malformed-output', async () => {
    const schema = { type: 'object', properties: { summary: { type: 'string', minLength: 200 } } };
    fake.script(['max-tokens', 'malformed-output'], { method: 'generateContent' });
    const config = { responseMimeType: 'application/json', responseJsonSchema: schema };
    const cut = await ai.models.generateContent({ model: 'm', contents: 'x', config });
    expect(cut.candidates![0]!.finishReason).toBe('MAX_TOKENS');
    expect(() => JSON.parse(cut.text!)).toThrow();
    const chatty = await ai.models.generateContent({ model: 'm', contents: 'x', config });
    expect(() => JSON.parse(chatty.text!)).toThrow();
    const limited = await ai.models.generateContent({
      model: 'm',
      contents: 'x',
      config: { ...config, maxOutputTokens: 10 },
    });
    expect(limited.candidates![0]!.finishReason).toBe('MAX_TOKENS');
    expect(limited.text!.length).toBe(40);
  });

  it('hangs until the client times out, and draws faults at a seeded rate', async () => {
    fake.reset();
    fake.script(['hang']);
    const hung = await ai.models
      .countTokens({ model: 'm', contents: 'x', config: { httpOptions: { timeout: 200 } } })
      .catch((e: unknown) => e);
    expect((hung as Error).name).toMatch(/Abort|Timeout/);
    const outcomes = async () => {
      fake.setFaultRates({ 'server-error': 0.5 }, { seed: 7 });
      const out: boolean[] = [];
      for (let i = 0; i < 20; i++) {
        out.push(
          await ai.models.countTokens({ model: 'm', contents: 'x' }).then(
            () => true,
            () => false,
          ),
        );
      }
      return out;
    };
    const first = await outcomes();
    expect(first.filter((x) => !x).length).toBeGreaterThan(3);
    expect(first.filter((x) => x).length).toBeGreaterThan(3);
    expect(await outcomes()).toEqual(first);
    fake.reset();
  });
});
