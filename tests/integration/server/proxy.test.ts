import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/databases';
import { fingerprint, GEMINI_SERVER_KEY, newKey, startTestServer, type TestServer } from './support/server';

const generate = { contents: [{ role: 'user', parts: [{ text: 'Summarise our friendship in one line.' }] }] };

describe.each(backends)('Gemini proxy on %s', (backend) => {
  let t: TestServer;
  let n = 0;
  const user = () => `user_gemini_${backend}_${++n}`;
  const reserveFor = async (userId: string) => {
    const { grant } = await import('../../../server/ledger/grants');
    await t.call('GET', '/api/me', { user: userId });
    await grant(t.server.ledger, { userId, coins: 1000, note: 'test', idempotencyKey: newKey() });
    const r = await t.call('POST', '/api/unlocks', {
      user: userId,
      body: { chatFingerprint: fingerprint(), category: 'friendship', idempotencyKey: newKey() },
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const proxy = (
    userId: string,
    reservationId: string | undefined,
    path = 'gemini-2.5-flash:generateContent',
    body: unknown = generate,
  ) =>
    t.call('POST', `/gemini/v1beta/models/${path}`, {
      user: userId,
      headers: reservationId ? { 'x-reservation-id': reservationId } : {},
      body,
    });

  beforeAll(async () => {
    t = await startTestServer(backend, { env: { UNLOCK_BUDGET_CALLS: '5', UNLOCK_BUDGET_TOKENS: '1000' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('forwards a call for the caller’s active reservation with the server’s key, never the client’s', async () => {
    const userId = user();
    const id = await reserveFor(userId);
    t.gemini.reset();
    const r = await proxy(userId, id, 'gemini-2.5-flash:generateContent', generate);
    expect(r.status).toBe(200);
    expect(r.body.candidates[0].content.parts[0].text).toBe('This is a fake answer.');
    const upstream = t.gemini.requests.at(-1)!;
    expect(upstream.apiKey).toBe(GEMINI_SERVER_KEY);
    expect(upstream.headers.authorization).toBeUndefined();
    expect(upstream.headers['x-reservation-id']).toBeUndefined();
    const withClientKey = await t.call(
      'POST',
      '/gemini/v1beta/models/gemini-2.5-flash:generateContent?key=client-key',
      {
        user: userId,
        headers: { 'x-reservation-id': id, 'x-goog-api-key': 'client-key' },
        body: generate,
      },
    );
    expect(withClientKey.status).toBe(200);
    expect(t.gemini.requests.at(-1)!.apiKey).toBe(GEMINI_SERVER_KEY);
    expect(JSON.stringify(r.body)).not.toContain(GEMINI_SERVER_KEY);
  });

  it('works with the real @google/genai client pointed at the server', async () => {
    const userId = user();
    const id = await reserveFor(userId);
    const ai = new GoogleGenAI({
      apiKey: 'not-the-server-key',
      httpOptions: {
        baseUrl: `${t.url}/gemini`,
        headers: { ...t.clerk.headers(userId), 'x-reservation-id': id },
      },
    });
    const answer = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hello there' });
    expect(answer.text).toBe('This is a fake answer.');
    const embedded = await ai.models.embedContent({
      model: 'gemini-embedding-001',
      contents: ['first text', 'second text'],
    });
    expect(embedded.embeddings).toHaveLength(2);
    const unlock = (
      await t.call('POST', `/api/unlocks/${id}/release`, { user: userId, body: { idempotencyKey: newKey() } })
    ).body;
    expect(unlock.budget.callsUsed).toBe(2);
    // generateContent's usageMetadata, plus the embedded characters / 4.
    expect(unlock.budget.tokensUsed).toBeGreaterThan(Math.ceil('first textsecond text'.length / 4));
  });

  it('refuses calls without a reservation, with someone else’s, with a resolved or expired one, or for other models', async () => {
    const userId = user();
    const id = await reserveFor(userId);
    expect(await proxy(userId, undefined)).toMatchObject({
      status: 403,
      body: { error: { code: 'reservation-required' } },
    });
    expect(await proxy(userId, 'not-a-uuid')).toMatchObject({
      status: 403,
      body: { error: { code: 'reservation-required' } },
    });
    expect(await proxy(userId, crypto.randomUUID())).toMatchObject({
      status: 404,
      body: { error: { code: 'not-found' } },
    });
    expect(await proxy(user(), id)).toMatchObject({ status: 404 });
    expect(await proxy(userId, id, 'gemini-2.5-pro:generateContent')).toMatchObject({
      status: 403,
      body: { error: { code: 'model-not-allowed' } },
    });
    const sneaky = { requests: [{ model: 'models/some-other-model', content: { parts: [{ text: 'x' }] } }] };
    expect(await proxy(userId, id, 'gemini-embedding-001:batchEmbedContents', sneaky)).toMatchObject({
      status: 403,
      body: { error: { code: 'model-not-allowed' } },
    });
    expect(await proxy(userId, id, 'gemini-2.5-flash:streamGenerateContent')).toMatchObject({ status: 404 });
    expect(
      (await t.call('POST', '/gemini/v1beta/models/gemini-2.5-flash:generateContent', { body: generate }))
        .status,
    ).toBe(401);

    await t.call('POST', `/api/unlocks/${id}/settle`, {
      user: userId,
      body: { succeeded: 6, total: 6, idempotencyKey: newKey() },
    });
    expect(await proxy(userId, id)).toMatchObject({
      status: 409,
      body: { error: { code: 'already-resolved' } },
    });

    const later = await reserveFor(userId);
    t.advance(31 * 60_000);
    expect(await proxy(userId, later)).toMatchObject({
      status: 410,
      body: { error: { code: 'reservation-expired' } },
    });
    expect((await t.call('GET', '/api/me', { user: userId })).body.reserved).toBe(0);
  });

  it('answers 429 once the reservation’s calls are spent — even to concurrent calls', async () => {
    const userId = user();
    const id = await reserveFor(userId);
    t.gemini.reset();
    const results = await Promise.all(Array.from({ length: 9 }, () => proxy(userId, id)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(4);
    expect(refused[0]!.body.error.code).toBe('budget-exhausted');
    expect(refused[0]!.body.error.message).toMatch(/5 of 5 calls/);
    expect(t.gemini.calls()).toBe(5);
  });

  it('answers 429 once the reservation’s tokens are spent', async () => {
    const userId = user();
    const id = await reserveFor(userId);
    const long = { contents: [{ role: 'user', parts: [{ text: 'word '.repeat(900) }] }] }; // ~1,125 tokens
    expect((await proxy(userId, id, undefined, long)).status).toBe(200);
    const after = await proxy(userId, id);
    expect(after).toMatchObject({ status: 429, body: { error: { code: 'budget-exhausted' } } });
    expect(after.body.error.message).toMatch(/tokens/);
  });

  it('passes Gemini’s own errors through and counts the call', async () => {
    const userId = user();
    const id = await reserveFor(userId);
    t.gemini.script(['rate-limit-minute']);
    const r = await proxy(userId, id);
    expect(r.status).toBe(429);
    expect(r.body.error.status).toBe('RESOURCE_EXHAUSTED');
    expect((await proxy(userId, id)).status).toBe(200);
  });
});
