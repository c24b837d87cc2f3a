import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  IndexProgressEvent,
  IndexResult,
  SearchIndexHit,
  SearchIndexStatus,
} from '../../../src-shared/api/search-index';
import { createAppContext } from '../../../src-main/app-context';
import { dispatch } from '../../../src-main/dispatch';
import { createGeminiGateway } from '../../../src-main/gemini/gateway';
import { GeminiLimiter } from '../../../src-main/gemini/limiter';
import { startFakeGemini, type FakeGemini } from '../../support/fake-gemini';
import { seedChat, type SeedMessage } from '../../support/library';

let fake: FakeGemini;
let dir: string;
let ctx: ReturnType<typeof createAppContext>;
let events: IndexProgressEvent[];

beforeAll(async () => {
  fake = await startFakeGemini({ latencyMs: 20 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  events = [];
  dir = mkdtempSync(join(tmpdir(), 'relivchats-si-'));
  // One call at a time, so a cancellation lands between batches.
  const gateway = createGeminiGateway(
    { via: 'own-key', apiKey: 'k', baseUrl: fake.url },
    { limiter: new GeminiLimiter({ concurrency: 1 }) },
  );
  ctx = createAppContext({
    libraryPath: join(dir, 'library.sqlite'),
    dataDir: dir,
    gemini: async () => gateway,
    emit: (event, payload) => {
      if (event === 'index-progress') events.push(payload as IndexProgressEvent);
    },
  });
});
afterEach(() => {
  ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

const chat = (n: number): SeedMessage[] =>
  Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.UTC(2023, 0, 1) + i * 13 * 3600_000).toISOString().slice(0, 16),
    author: i % 2 ? 'Bo' : 'Ana',
    text:
      i === 7
        ? 'The plumber fixes the leaking kitchen tap on Monday'
        : `day ${i}: nothing special, talk about ${i % 3 ? 'music' : 'the weather'}`,
  }));

describe('search-index handlers', () => {
  it('status, build with progress events, then query', async () => {
    const chatId = seedChat(ctx.library, chat(250));
    const before = (await dispatch(ctx, 'search-index-status', { chatId })) as SearchIndexStatus;
    expect(before).toMatchObject({ chunks: 0, embedded: 0, complete: false, dimensions: 768 });
    const result = (await dispatch(ctx, 'search-index-build', { chatId, opId: 'op-1' })) as IndexResult;
    expect(result).toMatchObject({ chunks: 250, embedded: 250, embedCalls: 3 });
    expect(events.every((e) => e.opId === 'op-1' && e.chatId === chatId)).toBe(true);
    expect(events.at(-1)).toMatchObject({ phase: 'done', embedded: 250 });
    expect(await dispatch(ctx, 'search-index-status', { chatId })).toMatchObject({
      complete: true,
      embedded: 250,
    });

    const { hits } = (await dispatch(ctx, 'search-index-query', {
      chatId,
      query: 'who repairs the kitchen tap?',
      k: 3,
    })) as {
      hits: SearchIndexHit[];
    };
    expect(hits[0]!.messages[0]!.text).toContain('plumber');
  });

  it('a query indexes lazily first; ops-cancel stops a build and keeps what was embedded', async () => {
    const chatId = seedChat(ctx.library, chat(400));
    // Cancel through the request map as soon as the first batch is stored.
    let cancelled: Promise<unknown> | null = null;
    const emit = ctx.emit;
    ctx.emit = (event, payload) => {
      emit(event, payload);
      const p = payload as IndexProgressEvent;
      if (event === 'index-progress' && p.embedded >= 100 && !cancelled) {
        cancelled = dispatch(ctx, 'ops-cancel', { opId: 'op-2' });
      }
    };
    const build = dispatch(ctx, 'search-index-build', { chatId, opId: 'op-2' });
    await expect(build).rejects.toMatchObject({ code: 'cancelled' });
    expect(await cancelled).toEqual({ cancelled: true });
    ctx.emit = emit;
    const partial = (await dispatch(ctx, 'search-index-status', { chatId })) as SearchIndexStatus;
    expect(partial.embedded).toBeGreaterThanOrEqual(100);
    expect(partial.complete).toBe(false);

    const embeddedBefore = fake.embeddedTexts();
    const { index } = (await dispatch(ctx, 'search-index-query', {
      chatId,
      query: 'the weather',
      opId: 'op-3',
    })) as {
      index: SearchIndexStatus;
    };
    expect(index).toMatchObject({ complete: true, embedded: 400 });
    // Only the rest was embedded (plus the one query).
    expect(fake.embeddedTexts() - embeddedBefore).toBe(400 - partial.embedded + 1);
  });

  it('validates arguments and reports missing chats and Gemini access clearly', async () => {
    await expect(dispatch(ctx, 'search-index-query', { chatId: 1, query: '' })).rejects.toMatchObject({
      code: 'invalid-arguments',
    });
    await expect(dispatch(ctx, 'search-index-status', { chatId: 99 })).rejects.toMatchObject({
      code: 'chat-not-found',
    });
    const chatId = seedChat(ctx.library, chat(3));
    ctx.gemini = geminiMissing;
    await expect(dispatch(ctx, 'search-index-build', { chatId, opId: 'x' })).rejects.toMatchObject({
      code: 'gemini-not-configured',
    });
    // Lexical search needs no Gemini.
    const { hits } = (await dispatch(ctx, 'search-index-query', {
      chatId,
      query: 'weather',
      mode: 'lexical',
    })) as {
      hits: SearchIndexHit[];
    };
    expect(hits.length).toBeGreaterThan(0);
  });
});

async function geminiMissing(): Promise<never> {
  const { AppError } = await import('../../../src-main/errors');
  throw new AppError('gemini-not-configured', 'No Gemini access.');
}
