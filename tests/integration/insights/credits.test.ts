/**
 * Paying with coins, end to end against the real credits server (PGlite) and the fake Gemini behind its
 * metered proxy: reserve before generating, capture only what succeeded, release the rest, and never
 * charge twice for an insight when failed ones are retried — with 30 % of Gemini calls failing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../../src-shared/insights/types';
import { AppError } from '../../../src-main/errors';
import { InsightsService } from '../../../src-main/insights/service';
import { grant } from '../../../server/ledger/grants';
import { seedChat, tempLibrary, type TempLibrary } from '../../support/library';
import { startTestServer, type TestServer } from '../server/support/server';
import { coupleChat, groundedAnswer, inventedAnswer } from './support';

let t: TestServer;
let lib: TempLibrary;
let chatId: number;

beforeAll(async () => {
  t = await startTestServer('pglite');
  t.gemini.setAnswer(groundedAnswer);
  lib = tempLibrary();
  chatId = seedChat(lib, coupleChat(), { title: 'Alex & Sam' });
});
afterAll(async () => {
  await t?.close();
  lib?.dispose();
});

async function account(userId: string) {
  const r = await t.call('GET', '/api/me', { user: userId });
  expect(r.status).toBe(200);
  return r.body as { balance: number; reserved: number; available: number };
}

function service(userId: string): InsightsService {
  return new InsightsService({
    library: lib,
    emit: () => {},
    gemini: async () => {
      throw new AppError('gemini-not-configured', 'no own key in this test');
    },
    credits: async () => ({ url: t.url, token: async () => t.clerk.token(userId) }),
    policy: { baseDelayMs: 5, maxDelayMs: 40, timeoutMs: 5000, attempts: 2 },
  });
}

const captured = (job: JobView) => job.settlements.reduce((n, s) => n + s.captured, 0);

describe('unlocking with coins', () => {
  it('reserves the price, captures it when all six succeed, and sends Gemini calls through the proxy', async () => {
    const userId = `user_${randomUUID()}`;
    await account(userId); // signup bonus
    await grant(t.server.ledger, { userId, coins: 1000, note: 'test', idempotencyKey: randomUUID() });
    const before = await account(userId);
    const s = service(userId);
    try {
      t.gemini.reset();
      const started = await s.unlock({ chatId, category: 'romantic', payment: 'credits' });
      expect(started.status).toBe('running');
      const during = await account(userId);
      expect(during.reserved).toBe(400);
      const job = await s.wait(started.id);
      expect(job.status).toBe('completed');
      expect(job.settlements).toEqual([
        expect.objectContaining({ run: 1, succeeded: 6, total: 6, captured: 400, released: 0 }),
      ]);
      expect(job.insights.every((i) => i.paid)).toBe(true);
      const after = await account(userId);
      expect(after).toMatchObject({ balance: before.balance - 400, reserved: 0 });
      // Every Gemini call reached the fake through the proxy, with the server's key.
      expect(t.gemini.calls('generateContent')).toBe(6);
      expect(t.gemini.requests.every((r) => r.apiKey !== 'relivchats-credits-proxy')).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('renews a session token the proxy refused as expired, once per insight', async () => {
    const userId = `user_${randomUUID()}`;
    await account(userId);
    await grant(t.server.ledger, { userId, coins: 1000, note: 'test', idempotencyKey: randomUUID() });
    // Token calls: 1 reserve, 2 the context's embeddings, 3–8 the six first dispatches (expired), then fresh.
    let calls = 0;
    const s = new InsightsService({
      library: lib,
      emit: () => {},
      gemini: async () => {
        throw new AppError('gemini-not-configured', 'no own key in this test');
      },
      credits: async () => ({
        url: t.url,
        token: async () => {
          calls++;
          return t.clerk.token(userId, calls >= 3 && calls <= 8 ? { expiresIn: -600 } : {});
        },
      }),
    });
    try {
      t.gemini.reset();
      const job = await s.wait((await s.unlock({ chatId, category: 'friendship', payment: 'credits' })).id);
      expect(job.status).toBe('completed');
      expect(job.insights.map((i) => i.attempts)).toEqual(Array(6).fill(2));
      expect(t.gemini.calls('generateContent')).toBe(6);
      expect(job.settlements[0]).toMatchObject({ succeeded: 6, captured: 400 });
    } finally {
      await s.close();
    }
  });

  it('refuses before sending anything when the coins do not suffice', async () => {
    const userId = `user_${randomUUID()}`;
    await account(userId); // 50 coins only
    const s = service(userId);
    try {
      t.gemini.reset();
      await expect(s.unlock({ chatId, category: 'friendship', payment: 'credits' })).rejects.toMatchObject({
        code: 'insufficient-coins',
      });
      expect(t.gemini.requests).toHaveLength(0);
      expect(await account(userId)).toMatchObject({ balance: 50, reserved: 0 });
    } finally {
      await s.close();
    }
  });

  it('with 30 % of Gemini calls failing, charges only for insights that succeeded, never twice', async () => {
    const userId = `user_${randomUUID()}`;
    await account(userId);
    await grant(t.server.ledger, { userId, coins: 5000, note: 'test', idempotencyKey: randomUUID() });
    const start = await account(userId);
    const s = service(userId);
    let charged = 0;
    try {
      t.gemini.reset();
      t.gemini.setFaultRates(
        { 'server-error': 0.1, unavailable: 0.05, 'rate-limit-minute': 0.05, 'malformed-output': 0.1 },
        { seed: 3 },
      );
      // Besides the random faults, one insight of each first run answers with invented quotes only, so
      // every job needs a retry run.
      let spoil = true;
      t.gemini.setAnswer((request) =>
        spoil && request.prompt.includes('Assess the overall health')
          ? inventedAnswer(request)
          : groundedAnswer(request),
      );
      for (const category of ['family', 'work', 'group'] as const) {
        spoil = true;
        let job = await s.wait((await s.unlock({ chatId, category, payment: 'credits' })).id);
        expect(job.insights.find((i) => i.type === 'health')?.status).toBe('failed');
        spoil = false;
        // Retry failed insights until all six exist (each retry is a new, separately settled run).
        for (let round = 0; round < 6 && job.status !== 'completed'; round++) {
          expect(job.status).toMatch(/partial|failed/);
          job = await s.wait((await s.retry(job.id)).id);
        }
        expect(job.status).toBe('completed');
        // Each run is charged its share of the price for the insights that succeeded in it (the server
        // makes each share a whole coin), and every insight succeeded in exactly one run.
        for (const settlement of job.settlements) {
          expect(Math.abs(settlement.captured - (400 * settlement.succeeded) / 6)).toBeLessThan(1);
          expect(settlement.captured + settlement.released).toBe(400);
        }
        expect(job.settlements.length).toBeGreaterThan(1);
        expect(job.settlements.reduce((n, x) => n + x.succeeded, 0)).toBe(6);
        expect(Math.abs(captured(job) - 400)).toBeLessThan(job.settlements.length);
        expect(job.insights.every((i) => i.paid)).toBe(true);
        charged += captured(job);
      }
      const faults = t.gemini.requests.filter((r) => r.fault !== null).length;
      expect(faults).toBeGreaterThan(0);
      expect(await account(userId)).toMatchObject({ balance: start.balance - charged, reserved: 0 });
    } finally {
      t.gemini.setFaultRates({});
      t.gemini.setAnswer(groundedAnswer);
      await s.close();
    }
  });
});
