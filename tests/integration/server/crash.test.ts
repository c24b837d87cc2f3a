/**
 * A server process killed between recording a Stripe event and crediting it loses nothing: the event and
 * the credit commit together or not at all, so Stripe's retry credits the coins exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openServerDb } from '../../../server/db/open';
import { checkInvariants } from '../../../server/ledger/invariants';
import { backends, createTestDatabase } from './support/databases';
import { newKey, type Outsiders, serverEnv, spawnServer, startOutsiders } from './support/server';

describe.each(backends)('a crash in the middle of a webhook on %s', (backend) => {
  const dir = mkdtempSync(join(tmpdir(), 'relivchats-crash-'));
  let outsiders: Outsiders;
  afterAll(async () => {
    await Promise.all([outsiders?.stripe.close(), outsiders?.gemini.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing and credits once after the retry', { timeout: 120_000 }, async () => {
    outsiders = await startOutsiders();
    const database = await createTestDatabase(backend, join(dir, 'db'));
    const env = serverEnv(outsiders, database);
    const userId = `user_crash_${backend}`;
    const headers = outsiders.clerk.headers(userId, { expiresIn: 600 });

    const crashing = await spawnServer(env, 'tests/integration/server/support/crashing-server.ts');
    const checkout = await fetch(`${crashing.url}/api/payments/checkout`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ packageId: 'coins-500', idempotencyKey: newKey() }),
    });
    expect(checkout.status).toBe(201);
    const { sessionId } = (await checkout.json()) as { sessionId: string };
    const event = outsiders.stripe.event('checkout.session.completed', outsiders.stripe.pay(sessionId));
    const delivery = await outsiders.stripe
      .deliver(`${crashing.url}/api/payments/webhook`, event, { secret: outsiders.webhookSecret })
      .then(
        () => 'answered',
        () => 'connection lost',
      );
    expect(delivery).toBe('connection lost');
    expect(await crashing.exited).toBe('SIGKILL');

    const server = await spawnServer(env);
    try {
      const me = async () =>
        (await (await fetch(`${server.url}/api/me`, { headers })).json()) as { balance: number };
      expect(await me()).toMatchObject({ balance: 50 });
      const retry = await outsiders.stripe.deliver(`${server.url}/api/payments/webhook`, event, {
        secret: outsiders.webhookSecret,
      });
      expect(retry).toMatchObject({ status: 200, body: { outcome: 'credited' } });
      const again = await outsiders.stripe.deliver(`${server.url}/api/payments/webhook`, event, {
        secret: outsiders.webhookSecret,
      });
      expect(again.body).toMatchObject({ outcome: 'duplicate' });
      expect(await me()).toMatchObject({ balance: 550 });
    } finally {
      await server.stop();
    }
    const db = await openServerDb(database.target);
    try {
      expect(await checkInvariants(db.db)).toEqual([]);
    } finally {
      await db.close();
      await database.dispose();
    }
  });
});
