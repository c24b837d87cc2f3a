import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../server/db/tx';
import { checkInvariants } from '../../../server/ledger/invariants';
import { findPackage } from '../../../server/ledger/prices';
import { backends } from './support/databases';
import { fingerprint, newKey, startTestServer, type TestServer } from './support/server';

describe.each(backends)('Stripe payments on %s', (backend) => {
  let t: TestServer;
  let n = 0;
  let crashAfterRecording = 0;
  const user = () => `user_pay_${backend}_${++n}`;
  const me = async (userId: string) => (await t.call('GET', '/api/me', { user: userId })).body;
  const checkout = async (userId: string, packageId = 'coins-500') => {
    const r = await t.call('POST', '/api/payments/checkout', {
      user: userId,
      body: { packageId, idempotencyKey: newKey() },
    });
    expect(r.status).toBe(201);
    return r.body.sessionId as string;
  };
  const completed = (sessionId: string, options?: { async?: boolean }) =>
    t.stripe.event('checkout.session.completed', t.stripe.pay(sessionId, options));
  const recordedEvents = async (id: string) =>
    (await queryRows(t.server.db.db, sql`SELECT id FROM stripe_events WHERE id = ${id}`)).length;

  beforeAll(async () => {
    t = await startTestServer(backend, {
      hooks: {
        afterEventRecorded() {
          if (crashAfterRecording > 0) {
            crashAfterRecording--;
            throw new Error('injected crash between recording the event and crediting it');
          }
        },
      },
    });
  });
  afterAll(async () => {
    expect(await checkInvariants(t.server.db.db)).toEqual([]);
    await t?.close();
  });

  it('creates Checkout Sessions priced by the server, idempotently', async () => {
    const userId = user();
    const key = newKey();
    const body = { packageId: 'coins-1200', idempotencyKey: key };
    const first = await t.call('POST', '/api/payments/checkout', { user: userId, body });
    expect(first.status).toBe(201);
    expect(first.body.url).toMatch(/^http/);
    const session = t.stripe.session(first.body.sessionId);
    const pkg = findPackage('coins-1200')!;
    expect(session).toMatchObject({
      amount_total: pkg.amount,
      currency: pkg.currency,
      metadata: { user_id: userId, package_id: 'coins-1200' },
    });
    expect((await t.call('POST', '/api/payments/checkout', { user: userId, body })).body).toEqual(first.body);
    const reused = await t.call('POST', '/api/payments/checkout', {
      user: userId,
      body: { ...body, packageId: 'coins-500' },
    });
    expect(reused).toMatchObject({ status: 409, body: { error: { code: 'idempotency-key-reused' } } });
    const unknown = await t.call('POST', '/api/payments/checkout', {
      user: userId,
      body: { packageId: 'coins-free', idempotencyKey: newKey() },
    });
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'invalid-request' } } });
    const status = await t.call('GET', `/api/payments/checkout/${first.body.sessionId}`, { user: userId });
    expect(status.body).toEqual({
      sessionId: first.body.sessionId,
      packageId: 'coins-1200',
      coins: 1200,
      status: 'pending',
      coinsRefunded: 0,
    });
  });

  it('credits a paid session once, however often and however concurrently the event comes', async () => {
    const userId = user();
    const sessionId = await checkout(userId);
    const event = completed(sessionId);
    const deliveries = await Promise.all(Array.from({ length: 10 }, () => t.deliver(event)));
    expect(deliveries.map((d) => d.status)).toEqual(Array(10).fill(200));
    expect(deliveries.filter((d) => d.body.outcome === 'credited')).toHaveLength(1);
    expect(deliveries.filter((d) => d.body.outcome === 'duplicate')).toHaveLength(9);
    for (let i = 0; i < 10; i++) expect((await t.deliver(event)).body.outcome).toBe('duplicate');
    // Another event about the same session (Stripe may send both kinds) credits nothing more.
    const other = t.stripe.event('checkout.session.async_payment_succeeded', t.stripe.session(sessionId));
    expect((await t.deliver(other)).body.outcome).toBe('already-credited');
    expect(await me(userId)).toMatchObject({ balance: 550 });
    const status = await t.call('GET', `/api/payments/checkout/${sessionId}`, { user: userId });
    expect(status.body).toMatchObject({ status: 'paid', coins: 500 });
  });

  it('fulfils from the status endpoint when the webhook is late, and the webhook then changes nothing', async () => {
    const userId = user();
    const sessionId = await checkout(userId, 'coins-3000');
    const event = completed(sessionId);
    const polled = await Promise.all(
      [1, 2, 3].map(() => t.call('GET', `/api/payments/checkout/${sessionId}`, { user: userId })),
    );
    for (const p of polled) expect(p.body).toMatchObject({ status: 'paid', coins: 3000 });
    expect((await t.deliver(event)).body.outcome).toBe('already-credited');
    expect(await me(userId)).toMatchObject({ balance: 3050 });
  });

  it('handles delayed payments in any order: completed unpaid, then succeeded — or the other way round — or failed', async () => {
    const a = user();
    const sessionA = await checkout(a);
    expect((await t.deliver(completed(sessionA, { async: true }))).body.outcome).toBe('awaiting-payment');
    expect((await t.call('GET', `/api/payments/checkout/${sessionA}`, { user: a })).body.status).toBe(
      'processing',
    );
    expect(await me(a)).toMatchObject({ balance: 50 });
    const succeeded = t.stripe.event(
      'checkout.session.async_payment_succeeded',
      t.stripe.settleAsync(sessionA, 'succeeded'),
    );
    expect((await t.deliver(succeeded)).body.outcome).toBe('credited');
    expect(await me(a)).toMatchObject({ balance: 550 });

    const b = user();
    const sessionB = await checkout(b);
    const early = completed(sessionB, { async: true });
    const late = t.stripe.event(
      'checkout.session.async_payment_succeeded',
      t.stripe.settleAsync(sessionB, 'succeeded'),
    );
    expect((await t.deliver(late)).body.outcome).toBe('credited');
    expect((await t.deliver(early)).body.outcome).toBe('already-credited');
    expect((await t.call('GET', `/api/payments/checkout/${sessionB}`, { user: b })).body.status).toBe('paid');
    expect(await me(b)).toMatchObject({ balance: 550 });

    const c = user();
    const sessionC = await checkout(c);
    const failed = t.stripe.event(
      'checkout.session.async_payment_failed',
      t.stripe.settleAsync(sessionC, 'failed'),
    );
    const completedC = completed(sessionC, { async: true });
    expect((await t.deliver(failed)).body.outcome).toBe('failed');
    expect((await t.deliver(completedC)).body.outcome).toBe('failed');
    expect((await t.call('GET', `/api/payments/checkout/${sessionC}`, { user: c })).body.status).toBe(
      'failed',
    );
    expect(await me(c)).toMatchObject({ balance: 50 });
  });

  it('refuses forged, tampered, unsigned and replayed-with-an-old-signature events, and records none of them', async () => {
    const userId = user();
    const sessionId = await checkout(userId);
    const event = completed(sessionId);
    const payload = JSON.stringify(event, null, 2);
    const attempts = [
      await t.deliver(event, { secret: 'whsec_not_the_real_secret' }),
      await t.deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
      await t.deliver(event, {
        header: t.stripe.signatureHeader(payload.replace('"paid"', '"PAID"'), t.webhookSecret),
      }),
      await t.deliver(event, { header: 't=1,v1=deadbeef' }),
    ];
    const unsigned = await fetch(`${t.url}/api/payments/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
    });
    expect(unsigned.status).toBe(400);
    for (const a of attempts)
      expect(a).toMatchObject({ status: 400, body: { error: { code: 'invalid-signature' } } });
    expect(await recordedEvents(event.id)).toBe(0);
    expect(await me(userId)).toMatchObject({ balance: 50 });
    // The genuine delivery still works: nothing was used up by the fakes.
    expect((await t.deliver(event)).body.outcome).toBe('credited');
  });

  it('loses nothing when it fails between recording an event and crediting it', async () => {
    const userId = user();
    const sessionId = await checkout(userId);
    const event = completed(sessionId);
    crashAfterRecording = 1;
    const failed = await t.deliver(event);
    expect(failed.status).toBe(500);
    expect(failed.body.error.code).toBe('internal');
    expect(await recordedEvents(event.id)).toBe(0);
    expect(await me(userId)).toMatchObject({ balance: 50 });
    // Stripe retries; the retry credits exactly once.
    expect((await t.deliver(event)).body.outcome).toBe('credited');
    expect((await t.deliver(event)).body.outcome).toBe('duplicate');
    expect(await me(userId)).toMatchObject({ balance: 550 });
    expect(await recordedEvents(event.id)).toBe(1);
  });

  it('takes refunded coins back; coins already spent become a debt repaid from the next coins', async () => {
    const userId = user();
    const first = await checkout(userId);
    await t.deliver(completed(first));
    const unlock = await t.call('POST', '/api/unlocks', {
      user: userId,
      body: { chatFingerprint: fingerprint(), category: 'romantic', idempotencyKey: newKey() },
    });
    await t.call('POST', `/api/unlocks/${unlock.body.id}/settle`, {
      user: userId,
      body: { succeeded: 6, total: 6, idempotencyKey: newKey() },
    });
    expect(await me(userId)).toMatchObject({ balance: 150, available: 150 });

    const refunded = t.stripe.event('charge.refunded', t.stripe.refund(first));
    expect((await t.deliver(refunded)).body.outcome).toBe('refunded');
    expect((await t.deliver(refunded)).body.outcome).toBe('duplicate');
    expect(await me(userId)).toMatchObject({ balance: 0, available: 0, debt: 350 });
    const refusal = await t.call('POST', '/api/unlocks', {
      user: userId,
      body: { chatFingerprint: fingerprint(), category: 'family', idempotencyKey: newKey() },
    });
    expect(refusal.status).toBe(402);
    expect((await t.call('GET', `/api/payments/checkout/${first}`, { user: userId })).body).toMatchObject({
      status: 'paid',
      coinsRefunded: 500,
    });

    const second = await checkout(userId, 'coins-1200');
    await t.deliver(completed(second));
    expect(await me(userId)).toMatchObject({ balance: 850, available: 850, debt: 0 });
    const kinds = (
      await t.call('GET', '/api/credits/transactions?limit=3', { user: userId })
    ).body.transactions.map((e: { kind: string; amount: number; note: string | null }) => [
      e.kind,
      e.amount,
      e.note,
    ]);
    expect(kinds).toEqual([
      ['refund', -350, 'debt repayment'],
      ['purchase', 1200, '1,200 coins'],
      ['refund', -150, 'payment refunded'],
    ]);
  });

  it('applies partial refunds by their cumulative amount, in any order, and a refund that arrives before the payment', async () => {
    const userId = user();
    const sessionId = await checkout(userId); // 500 coins for 499 cents
    await t.deliver(completed(sessionId));
    const firstPart = t.stripe.event('charge.refunded', t.stripe.refund(sessionId, 100));
    const secondPart = t.stripe.event('charge.refunded', t.stripe.refund(sessionId, 150));
    expect((await t.deliver(secondPart)).body.outcome).toBe('refunded'); // 250 of 499 cents → 250 coins
    expect((await t.deliver(firstPart)).body.outcome).toBe('refund-already-applied');
    expect(await me(userId)).toMatchObject({ balance: 300 });
    const rest = t.stripe.event('charge.refunded', t.stripe.refund(sessionId));
    await t.deliver(rest);
    expect(await me(userId)).toMatchObject({ balance: 50 });

    const early = user();
    const earlySession = await checkout(early);
    const paid = completed(earlySession);
    const refund = t.stripe.event('charge.refunded', t.stripe.refund(earlySession));
    expect((await t.deliver(refund)).body.outcome).toBe('refund-recorded');
    expect((await t.deliver(paid)).body.outcome).toBe('credited');
    expect(await me(early)).toMatchObject({ balance: 50, debt: 0 });
    expect(
      (await t.call('GET', `/api/payments/checkout/${earlySession}`, { user: early })).body,
    ).toMatchObject({ status: 'paid', coinsRefunded: 500 });
  });

  it('ignores events that are not about its own sessions', async () => {
    const foreign = t.stripe.event('checkout.session.completed', {
      id: 'cs_test_someone_else',
      object: 'checkout.session',
      status: 'complete',
      payment_status: 'paid',
      amount_total: 100,
      currency: 'usd',
      metadata: {},
      payment_intent: 'pi_test_foreign',
    });
    expect((await t.deliver(foreign)).body.outcome).toBe('not-ours');
    expect((await t.deliver(t.stripe.event('customer.created', { id: 'cus_1' }))).body.outcome).toBe(
      'ignored',
    );
  });
});
