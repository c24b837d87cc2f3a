import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClerkTestKeys } from '../../support/clerk-tokens';
import { backends } from './support/databases';
import { fingerprint, newKey, startTestServer, type TestServer } from './support/server';

describe.each(backends)('credits API on %s', (backend) => {
  let t: TestServer;
  let n = 0;
  const user = () => `user_api_${backend}_${++n}`;
  const grantTo = async (userId: string, coins: number) => {
    const { grant } = await import('../../../server/ledger/grants');
    await t.call('GET', '/api/me', { user: userId });
    await grant(t.server.ledger, { userId, coins, note: 'test', idempotencyKey: newKey() });
  };
  const unlock = (userId: string, category = 'romantic', key = newKey()) =>
    t.call('POST', '/api/unlocks', {
      user: userId,
      body: { chatFingerprint: fingerprint(), category, idempotencyKey: key },
    });

  beforeAll(async () => {
    t = await startTestServer(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /health and serves an OpenAPI document of exactly the API', async () => {
    expect(await t.call('GET', '/health')).toMatchObject({
      status: 200,
      body: { ok: true, database: backend },
    });
    const doc = await t.call('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.body.paths as Record<string, object>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /health',
        'GET /api/me',
        'GET /api/credits/packages',
        'GET /api/credits/transactions',
        'POST /api/unlocks',
        'POST /api/unlocks/{id}/settle',
        'POST /api/unlocks/{id}/release',
        'POST /api/payments/checkout',
        'GET /api/payments/checkout/{sessionId}',
        'POST /api/payments/webhook',
        'POST /gemini/v1beta/models/{model}:{method}',
      ].sort(),
    );
    const reserve = doc.body.paths['/api/unlocks'].post;
    expect(reserve.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['chatFingerprint', 'category', 'idempotencyKey']),
    );
    expect(reserve.responses['402']).toBeDefined();
  });

  it('answers a JSON 401 — never a redirect — for a missing, malformed, expired, forged or foreign token', async () => {
    const forger = createClerkTestKeys();
    const attempts: Record<string, Record<string, string>> = {
      missing: {},
      basic: { authorization: 'Basic dXNlcjpwYXNz' },
      malformed: { authorization: 'Bearer not.a.jwt' },
      expired: t.clerk.headers('user_x', { expiresIn: -30 }),
      'not yet valid': t.clerk.headers('user_x', { notBefore: 120, expiresIn: 300 }),
      forged: forger.headers('user_x'),
      'unauthorised party': t.clerk.headers('user_x', { azp: 'https://evil.example' }),
      'cookie instead of header': { cookie: `__session=${t.clerk.token('user_x')}` },
    };
    for (const [name, headers] of Object.entries(attempts)) {
      const r = await t.call('GET', '/api/me', { headers });
      expect(r.status, name).toBe(401);
      expect(r.headers.get('location'), name).toBeNull();
      expect(r.body.error.code, name).toBe('unauthorized');
    }
    expect((await t.call('GET', '/api/me', { headers: attempts.expired! })).body.error.message).toMatch(
      /expired/,
    );
    expect((await t.call('GET', '/api/me', { user: 'user_x' })).status).toBe(200);
  });

  it(
    'stops accepting a token once it expires, even after verifying it before',
    { timeout: 30_000 },
    async () => {
      const userId = user();
      const headers = t.clerk.headers(userId, { expiresIn: 2 });
      expect((await t.call('GET', '/api/me', { headers })).status).toBe(200);
      expect((await t.call('GET', '/api/me', { headers })).status).toBe(200);
      // Clerk tolerates 5 s of clock skew past exp.
      await new Promise((r) => setTimeout(r, 8_000));
      expect(await t.call('GET', '/api/me', { headers })).toMatchObject({
        status: 401,
        body: { error: { code: 'unauthorized' } },
      });
    },
  );

  it('creates the account with a 50-coin bonus on the first call, exactly once under concurrent first calls', async () => {
    const userId = user();
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => t.call('GET', '/api/me', { user: userId })),
    );
    for (const a of answers)
      expect(a.body).toEqual({ userId, balance: 50, reserved: 0, available: 50, debt: 0 });
    const history = await t.call('GET', '/api/credits/transactions', { user: userId });
    expect(history.body.transactions).toHaveLength(1);
    expect(history.body.transactions[0]).toMatchObject({
      kind: 'signup_bonus',
      amount: 50,
      balanceAfter: 50,
    });
  });

  it('lists packages and the unlock price from the server’s table', async () => {
    const r = await t.call('GET', '/api/credits/packages', { user: user() });
    expect(r.status).toBe(200);
    expect(r.body.unlockPrice).toBe(400);
    expect(r.body.packages.length).toBeGreaterThan(0);
  });

  it('reserves, settles and releases unlocks, idempotently', async () => {
    const userId = user();
    await grantTo(userId, 1000);
    const key = newKey();
    const first = await unlock(userId, 'romantic', key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      amount: 400,
      status: 'active',
      captured: 0,
      budget: { callsUsed: 0 },
    });
    expect((await unlock(userId, 'romantic', key)).body).toEqual(first.body);
    expect((await unlock(userId, 'family', key)).body.error.code).toBe('idempotency-key-reused');
    expect((await t.call('GET', '/api/me', { user: userId })).body).toMatchObject({
      reserved: 400,
      available: 650,
    });

    const settleBody = { succeeded: 4, total: 6, idempotencyKey: newKey() };
    const settled = await t.call('POST', `/api/unlocks/${first.body.id}/settle`, {
      user: userId,
      body: settleBody,
    });
    expect(settled).toMatchObject({ status: 200, body: { status: 'settled', captured: 266 } });
    expect(
      (await t.call('POST', `/api/unlocks/${first.body.id}/settle`, { user: userId, body: settleBody })).body,
    ).toEqual(settled.body);
    const second = await unlock(userId, 'family');
    const released = await t.call('POST', `/api/unlocks/${second.body.id}/release`, {
      user: userId,
      body: { idempotencyKey: newKey() },
    });
    expect(released.body).toMatchObject({ status: 'released', captured: 0 });
    const again = await t.call('POST', `/api/unlocks/${second.body.id}/settle`, {
      user: userId,
      body: { succeeded: 1, total: 6, idempotencyKey: newKey() },
    });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'already-resolved' } } });
    expect((await t.call('GET', '/api/me', { user: userId })).body).toMatchObject({
      balance: 784,
      reserved: 0,
    });
  });

  it('refuses an unlock the coins do not cover with 402', async () => {
    const r = await unlock(user());
    expect(r).toMatchObject({
      status: 402,
      body: { error: { code: 'insufficient-coins', details: { price: 400, available: 50 } } },
    });
  });

  it('validates every input and names what is wrong', async () => {
    const userId = user();
    const bad = [
      await t.call('POST', '/api/unlocks', {
        user: userId,
        body: { chatFingerprint: 'x', category: 'romantic', idempotencyKey: newKey() },
      }),
      await t.call('POST', '/api/unlocks', {
        user: userId,
        body: { chatFingerprint: fingerprint(), category: 'Romantic!', idempotencyKey: newKey() },
      }),
      await t.call('POST', '/api/unlocks', {
        user: userId,
        body: { chatFingerprint: fingerprint(), category: 'romantic' },
      }),
      await t.call('POST', '/api/unlocks', { user: userId, body: '{"broken json' }),
      await t.call('POST', '/api/unlocks/not-a-uuid/release', {
        user: userId,
        body: { idempotencyKey: newKey() },
      }),
      await t.call('POST', `/api/unlocks/${crypto.randomUUID()}/settle`, {
        user: userId,
        body: { succeeded: 7, total: 6, idempotencyKey: newKey() },
      }),
      await t.call('GET', '/api/credits/transactions?limit=1000', { user: userId }),
      await t.call('GET', '/api/payments/checkout/not-a-session', { user: userId }),
    ];
    for (const r of bad)
      expect(r, JSON.stringify(r.body)).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid-request' } },
      });
    expect(bad[0]!.body.error.message).toMatch(/chatFingerprint/);
    expect(
      (
        await t.call('POST', `/api/unlocks/${crypto.randomUUID()}/release`, {
          user: userId,
          body: { idempotencyKey: newKey() },
        })
      ).body.error.code,
    ).toBe('not-found');
    expect((await t.call('GET', '/api/nothing-here', { user: userId })).status).toBe(404);
  });

  it('refuses bodies over the size limit with 413', async () => {
    const r = await t.call('POST', '/api/unlocks', {
      user: user(),
      body: {
        chatFingerprint: fingerprint(),
        category: 'romantic',
        idempotencyKey: newKey(),
        padding: 'x'.repeat(40_000),
      },
    });
    expect(r).toMatchObject({ status: 413, body: { error: { code: 'payload-too-large' } } });
  });

  it('refuses every route on another user’s records', async () => {
    const owner = user();
    const intruder = user();
    await grantTo(owner, 1000);
    const mine = await unlock(owner);
    const checkout = await t.call('POST', '/api/payments/checkout', {
      user: owner,
      body: { packageId: 'coins-500', idempotencyKey: newKey() },
    });
    expect(checkout.status).toBe(201);
    const tries = [
      await t.call('POST', `/api/unlocks/${mine.body.id}/settle`, {
        user: intruder,
        body: { succeeded: 6, total: 6, idempotencyKey: newKey() },
      }),
      await t.call('POST', `/api/unlocks/${mine.body.id}/release`, {
        user: intruder,
        body: { idempotencyKey: newKey() },
      }),
      await t.call('GET', `/api/payments/checkout/${checkout.body.sessionId}`, { user: intruder }),
    ];
    for (const r of tries) expect(r).toMatchObject({ status: 404, body: { error: { code: 'not-found' } } });
    const proxied = await t.call('POST', '/gemini/v1beta/models/gemini-2.5-flash:generateContent', {
      user: intruder,
      headers: { 'x-reservation-id': mine.body.id },
      body: { contents: [{ role: 'user', parts: [{ text: 'hello' }] }] },
    });
    expect(proxied).toMatchObject({ status: 404, body: { error: { code: 'not-found' } } });
    const theirHistory = await t.call('GET', '/api/credits/transactions', { user: intruder });
    expect(theirHistory.body.transactions.map((x: { kind: string }) => x.kind)).toEqual(['signup_bonus']);
    expect((await t.call('GET', '/api/me', { user: owner })).body).toMatchObject({ reserved: 400 });
  });

  it('sends security headers and CORS only to allowed origins', async () => {
    const r = await t.call('GET', '/health', { headers: { origin: 'https://evil.example' } });
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-powered-by')).toBeNull();
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('logs each request once: its id, method, path without the query, status and user', async () => {
    const userId = user();
    await t.call('GET', '/api/me?secret=abc', {
      user: userId,
      headers: { 'x-request-id': 'trace-42' },
    });
    await t.call('GET', '/api/nothing-here');
    const lines = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = lines.filter((l) => l.reqId === 'trace-42');
    expect(mine).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        req: { method: 'GET', path: '/api/me' },
        res: { status: 200 },
        userId,
        responseTime: expect.any(Number),
      }),
    ]);
    const missing = lines.find((l) => (l.req as { path?: string } | undefined)?.path === '/api/nothing-here');
    expect(missing).toMatchObject({ level: 40, res: { status: 404 }, reqId: expect.any(String) });
    expect(missing).not.toHaveProperty('userId');
  });

  it('never writes tokens or secrets into its logs or answers', async () => {
    const userId = user();
    const token = t.clerk.token(userId);
    await t.call('GET', '/api/me?token=' + token, { headers: { authorization: `Bearer ${token}` } });
    await t.call('GET', '/api/me', { headers: { authorization: `Bearer ${token}x` } });
    const doc = JSON.stringify((await t.call('GET', '/api/openapi.json')).body);
    const logs = t.logs.join('\n');
    expect(logs).toContain(userId);
    for (const secret of [
      token,
      t.env.CLERK_SECRET_KEY!,
      t.env.STRIPE_SECRET_KEY!,
      t.env.STRIPE_WEBHOOK_SECRET!,
      t.env.GEMINI_API_KEY!,
    ]) {
      expect(logs).not.toContain(secret);
      expect(doc).not.toContain(secret);
    }
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // no JWT at all
  });
});

describe('rate limits', () => {
  it('limits requests per user and per address with a JSON 429', async () => {
    const t = await startTestServer('pglite', {
      env: {
        RATE_LIMIT_USER_PER_MINUTE: '5',
        RATE_LIMIT_IP_PER_MINUTE: '12',
        ALLOWED_ORIGINS: 'http://localhost:5173',
      },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++)
        statuses.push((await t.call('GET', '/api/me', { user: 'user_rl_a' })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const limited = await t.call('GET', '/api/me', { user: 'user_rl_a' });
      expect(limited.body.error.code).toBe('rate-limited');
      // Another user has their own allowance — until the address runs out.
      const other = [];
      for (let i = 0; i < 5; i++) other.push((await t.call('GET', '/api/me', { user: 'user_rl_b' })).status);
      expect(other).toEqual([200, 200, 200, 200, 429]);
      expect((await t.call('GET', '/health')).status).toBe(200);
      // Stripe's webhook is not limited by address (a bad signature is a 400, not a 429).
      expect((await t.call('POST', '/api/payments/webhook', { body: {} })).status).toBe(400);
      // A browser from an allowed origin gets CORS answers.
      const preflight = await t.call('OPTIONS', '/api/me', { headers: { origin: 'http://localhost:5173' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    } finally {
      await t.close();
    }
  });
});
