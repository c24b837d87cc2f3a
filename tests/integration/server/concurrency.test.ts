/**
 * 200 concurrent reserves on a balance good for 3: exactly 3 succeed. On PostgreSQL the requests are
 * spread over two server processes sharing the database; PGlite is one process by nature, so there it is
 * one server process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateServerDb } from '../../../server/db/migrate';
import { openServerDb } from '../../../server/db/open';
import { getAccount } from '../../../server/ledger/account';
import { grant } from '../../../server/ledger/grants';
import { checkInvariants } from '../../../server/ledger/invariants';
import { backends, createTestDatabase } from './support/databases';
import {
  fingerprint,
  newKey,
  type Outsiders,
  serverEnv,
  spawnServer,
  startOutsiders,
} from './support/server';

describe.each(backends)('concurrent reserves on %s', (backend) => {
  const dir = mkdtempSync(join(tmpdir(), 'relivchats-concurrency-'));
  let outsiders: Outsiders;
  afterAll(async () => {
    await Promise.all([outsiders?.stripe.close(), outsiders?.gemini.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'lets exactly 3 of 200 concurrent reserves through on a balance good for 3',
    { timeout: 120_000 },
    async () => {
      outsiders = await startOutsiders();
      const database = await createTestDatabase(backend, join(dir, 'db'));
      const env = serverEnv(outsiders, database);
      const userId = `user_concurrency_${backend}`;
      const count = backend === 'postgres' ? 2 : 1;
      // 50 coins of signup bonus and a grant of 1,200: three unlocks of 400.
      const setup = await openServerDb(database.target);
      try {
        await migrateServerDb(setup);
        await grant(
          { db: setup.db, now: () => new Date() },
          { userId, coins: 1200, note: 'test', idempotencyKey: newKey() },
        );
      } finally {
        await setup.close();
      }
      const servers = await Promise.all(Array.from({ length: count }, () => spawnServer(env)));
      try {
        const token = outsiders.clerk.headers(userId, { expiresIn: 300 });
        const answers = await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            fetch(`${servers[i % servers.length]!.url}/api/unlocks`, {
              method: 'POST',
              headers: { ...token, 'content-type': 'application/json' },
              body: JSON.stringify({
                chatFingerprint: fingerprint(i),
                category: 'romantic',
                idempotencyKey: newKey(),
              }),
            }).then(async (r) => ({
              status: r.status,
              body: (await r.json()) as { error?: { code: string } },
            })),
          ),
        );
        const statuses = answers.map((a) => a.status);
        expect(statuses.filter((s) => s === 201)).toHaveLength(3);
        expect(statuses.filter((s) => s === 402)).toHaveLength(197);
        expect(new Set(answers.filter((a) => a.status === 402).map((a) => a.body.error?.code))).toEqual(
          new Set(['insufficient-coins']),
        );
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
      }
      const db = await openServerDb(database.target);
      try {
        expect(await getAccount(db.db, userId)).toMatchObject({
          balance: 1250,
          reserved: 1200,
          available: 50,
        });
        expect(await checkInvariants(db.db)).toEqual([]);
      } finally {
        await db.close();
        await database.dispose();
      }
    },
  );
});
