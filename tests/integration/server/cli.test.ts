import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateServerDb } from '../../../server/db/migrate';
import { openServerDb } from '../../../server/db/open';
import { transaction } from '../../../server/db/tx';
import { ensureAccount } from '../../../server/ledger/account';
import { findPackage } from '../../../server/ledger/prices';
import { fulfilCheckoutSession, recordPurchase, type SessionLike } from '../../../server/payments/fulfilment';
import { createStripeClient } from '../../../server/payments/payments';
import { type FakeStripe, startFakeStripe } from '../../support/fake-stripe';
import { runServerCli } from './support/cli';
import { backends, createTestDatabase, type TestDatabase } from './support/databases';
import { spawnServer } from './support/server';

describe.each(backends)('operator commands on %s', (backend) => {
  const dir = mkdtempSync(join(tmpdir(), 'relivchats-cli-'));
  let database: TestDatabase;
  let stripe: FakeStripe;
  let env: Record<string, string>;
  const cli = async (...args: string[]) => runServerCli(args, env);
  const json = async (...args: string[]) => {
    const r = await cli(...args, '--json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };

  beforeAll(async () => {
    database = await createTestDatabase(backend, join(dir, 'db'));
    stripe = await startFakeStripe();
    env = {
      ...(database.url ? { DATABASE_URL: database.url } : { SERVER_DATA_DIR: join(dir, 'db') }),
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: 'whsec_cli_test',
      STRIPE_API_BASE: stripe.url,
    };
  });
  afterAll(async () => {
    await stripe.close();
    await database.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'grants coins once per key, with a reason, and never below the available coins',
    { timeout: 180_000 },
    async () => {
      expect(
        await json('grant', 'user_cli', '700', '--reason', 'goodwill', '--key', 'grant-k1'),
      ).toMatchObject({
        balance: 750,
        available: 750,
        key: 'grant-k1',
      });
      expect(
        await json('grant', 'user_cli', '700', '--reason', 'goodwill', '--key', 'grant-k1'),
      ).toMatchObject({ balance: 750 });
      const reused = await cli('grant', 'user_cli', '5', '--reason', 'other', '--key', 'grant-k1');
      expect(reused.code).toBe(1);
      expect(reused.stderr).toMatch(/already used/);
      const tooMuch = await cli('grant', 'user_cli', '-800', '--reason', 'correction');
      expect(tooMuch).toMatchObject({ code: 1 });
      expect(tooMuch.stderr).toMatch(/750 are available/);
      expect((await cli('grant', 'user_cli', '10')).stderr).toMatch(/needs a reason/);
      expect((await cli('grant', 'user_cli', 'ten', '--reason', 'x')).stderr).toMatch(
        /coins must be an integer/,
      );

      const shown = await json('balance', 'user_cli');
      expect(shown.account).toMatchObject({ balance: 750, reserved: 0, debt: 0 });
      expect(
        (shown.transactions as { kind: string; note: string | null }[]).map((t) => [t.kind, t.note]),
      ).toEqual([
        ['grant', 'goodwill'],
        ['signup_bonus', null],
      ]);
      const human = await cli('balance', 'user_cli');
      expect(human.stdout).toMatch(/^user_cli: balance 750, reserved 0, available 750, debt 0/);
    },
  );

  it('refunds a purchase at Stripe and takes its coins back', { timeout: 180_000 }, async () => {
    const config = {
      secretKey: stripe.secretKey,
      webhookSecret: 'whsec_cli_test',
      apiBase: new URL(stripe.url),
      successUrl: 'https://x.test/ok',
      cancelUrl: 'https://x.test/no',
    };
    const pkg = findPackage('coins-500')!;
    const created = await createStripeClient(config).checkout.sessions.create({
      mode: 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: { currency: pkg.currency, unit_amount: pkg.amount, product_data: { name: pkg.label } },
        },
      ],
      metadata: { user_id: 'user_buyer', package_id: pkg.id },
      success_url: config.successUrl,
    });
    const db = await openServerDb(database.target);
    try {
      await migrateServerDb(db);
      await ensureAccount(db.db, 'user_buyer');
      await transaction(db.db, (tx) =>
        recordPurchase(tx, { checkoutSessionId: created.id, userId: 'user_buyer', packageId: pkg.id }),
      );
      expect(
        await transaction(db.db, (tx) => fulfilCheckoutSession(tx, stripe.pay(created.id) as SessionLike)),
      ).toBe('credited');
    } finally {
      await db.close();
    }
    expect(await json('refund', created.id, '--amount', '200')).toEqual({
      sessionId: created.id,
      outcome: 'refunded',
    });
    expect(stripe.chargeOf(created.id).amount_refunded).toBe(200);
    expect((await json('balance', 'user_buyer')).account).toMatchObject({ balance: 350 }); // 550 − 500 × 200/499
    expect((await cli('refund', 'cs_test_unknown')).stderr).toMatch(/no purchase/);
  });

  it('checks the ledger’s invariants', { timeout: 180_000 }, async () => {
    const r = await cli('check');
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/ledger invariants hold/);
  });

  it('explains its usage and refuses a bad configuration clearly', { timeout: 180_000 }, async () => {
    expect((await cli('frobnicate')).code).toBe(2);
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/grant <userId> <coins>/);
    const bad = await runServerCli(['check'], { ...env, CLERK_JWT_KEY: 'garbage' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/CLERK_JWT_KEY: must be the PEM public key/);
  });
});

describe('npm run server with zero set-up', () => {
  it('starts on PGlite with nothing configured and says what is off', { timeout: 60_000 }, async () => {
    const server = await spawnServer({ SERVER_DATA_DIR: 'memory://', PORT: '0' });
    try {
      expect(await (await fetch(`${server.url}/health`)).json()).toEqual({
        ok: true,
        database: 'pglite',
        clerkPublishableKey: null, // nothing configured
      });
      const me = await fetch(`${server.url}/api/me`);
      expect(me.status).toBe(503);
      expect(((await me.json()) as { error: { code: string } }).error.code).toBe('not-configured');
      expect(server.output()).toMatch(/"disabled":\["sign-in/);
    } finally {
      await server.stop();
    }
    expect(await server.exited).toBe(0);
  });
});
