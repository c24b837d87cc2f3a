import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError, CancelledError } from '../../../src-main/errors';
import { createGeminiGateway, type GeminiGateway } from '../../../src-main/gemini/gateway';
import { GeminiLimiter } from '../../../src-main/gemini/limiter';
import { ChatWriter } from '../../../src-main/import/writer';
import { deleteChat } from '../../../src-main/library/queries';
import { DEFAULT_CHUNKING } from '../../../src-main/search-index/chunker';
import { indexChat, type IndexProgress } from '../../../src-main/search-index/indexer';
import { chunkCounts, pruneEmbeddingCache } from '../../../src-main/search-index/store';
import { startFakeGemini, type FakeGemini } from '../../support/fake-gemini';
import { seedChat, tempLibrary, type SeedMessage, type TempLibrary } from '../../support/library';

let fake: FakeGemini;
let gemini: GeminiGateway;
let lib: TempLibrary;

beforeAll(async () => {
  fake = await startFakeGemini();
  gemini = createGeminiGateway(
    { via: 'own-key', apiKey: 'k', baseUrl: fake.url },
    { limiter: new GeminiLimiter({ concurrency: 2 }), policy: { baseDelayMs: 5, maxDelayMs: 20 } },
  );
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  lib = tempLibrary();
});
afterEach(() => lib.dispose());

/** `n` conversations of 6 messages, each one after a 3-hour silence: one chunk each. */
function conversations(n: number, offsetDays = 0): SeedMessage[] {
  const out: SeedMessage[] = [];
  for (let c = 0; c < n; c++) {
    const start = Date.UTC(2023, 0, 1 + offsetDays) + c * 4 * 3600_000;
    for (let i = 0; i < 6; i++) {
      out.push({
        at: new Date(start + i * 60_000).toISOString().slice(0, 16),
        author: i % 2 ? 'Bo' : 'Ana',
        text: `conversation ${c + offsetDays * 100} line ${i}: about ${['books', 'films', 'trains', 'plants'][c % 4]}`,
      });
    }
  }
  return out;
}

const vectorRows = (chatId?: number) =>
  (chatId === undefined
    ? lib.sqlite.prepare('SELECT count(*) FROM search_vectors').pluck().get()
    : lib.sqlite
        .prepare('SELECT count(*) FROM search_vectors WHERE chat_id = ?')
        .pluck()
        .get(BigInt(chatId))) as number;
const cacheRows = () => lib.sqlite.prepare('SELECT count(*) FROM embedding_cache').pluck().get() as number;

describe('indexing a chat', () => {
  it('embeds every chunk in batches of at most 100, and nothing the second time', async () => {
    const chatId = seedChat(lib, conversations(230));
    const progress: IndexProgress[] = [];
    const first = await indexChat(lib, gemini, chatId, { onProgress: (p) => progress.push(p) });
    expect(first).toMatchObject({ chunks: 230, embedded: 230, fromGemini: 230, fromCache: 0, embedCalls: 3 });
    expect(fake.calls('batchEmbedContents')).toBe(3);
    expect(vectorRows(chatId)).toBe(230);
    expect(progress[0]).toEqual({ phase: 'chunking', chunks: 230, embedded: 0 });
    expect(progress.at(-1)).toEqual({ phase: 'done', chunks: 230, embedded: 230 });
    expect(progress.filter((p) => p.phase === 'embedding').map((p) => p.embedded)).toContain(100);

    const second = await indexChat(lib, gemini, chatId);
    expect(second).toMatchObject({ chunks: 230, kept: 230, fromGemini: 0, fromCache: 0, embedCalls: 0 });
    expect(fake.calls('batchEmbedContents')).toBe(3);
  });

  it('does not re-read a chat whose chunks already reach its last message', async () => {
    const chatId = seedChat(lib, conversations(3));
    await indexChat(lib, gemini, chatId);
    const chunkText = () =>
      lib.sqlite
        .prepare('SELECT text FROM search_chunks WHERE chat_id = ? ORDER BY first_seq')
        .pluck()
        .all(chatId);
    const before = chunkText();
    // Messages are never edited in place; if one were, only a re-chunk would notice. None happens here.
    lib.sqlite.prepare("UPDATE messages SET text = 'changed' WHERE chat_id = ? AND seq = 0").run(chatId);
    expect(await indexChat(lib, gemini, chatId)).toMatchObject({
      chunks: 3,
      kept: 3,
      removed: 0,
      embedCalls: 0,
    });
    expect(chunkText()).toEqual(before);
    // Chunking options asked for explicitly always re-chunk.
    await indexChat(lib, gemini, chatId, { chunking: { ...DEFAULT_CHUNKING } });
    expect(chunkText()).not.toEqual(before);
  });

  it('re-embeds only what a newer export added, and reuses vectors across chats', async () => {
    const chatId = seedChat(lib, conversations(50));
    await indexChat(lib, gemini, chatId);
    fake.reset();
    // The newer export continues the same chat.
    lib.sqlite.transaction(() => {
      const writer = new ChatWriter(lib);
      writer.beginImport({
        fileName: 'newer.txt',
        filePath: null,
        fileSize: 0,
        sha256: 'newer',
        sourceKind: 'txt',
        format: { platform: 'android', dateOrder: 'dmy' } as never,
        startedAt: Date.now(),
        media: [],
      });
      writer.continueChat(chatId);
      const more = conversations(5, 30);
      more.forEach((m, i) =>
        writer.add({
          ts: Date.parse(`${m.at}:00Z`) / 1000,
          author: m.author,
          text: m.text!,
          kind: 'text',
          subtype: null,
          edited: false,
          attachment: null,
          line: i + 1,
        }),
      );
      writer.finishImport({ messagesInFile: 5, linesUnparsed: 0, warnings: [], finishedAt: Date.now() });
    })();
    const update = await indexChat(lib, gemini, chatId);
    expect(update).toMatchObject({ chunks: 55, kept: 50, fromGemini: 5, embedCalls: 1 });
    expect(fake.embeddedTexts()).toBe(5);

    // The same conversation imported as a second chat: every vector comes from the cache.
    fake.reset();
    const twin = seedChat(lib, conversations(50));
    const copy = await indexChat(lib, gemini, twin);
    expect(copy).toMatchObject({ chunks: 50, fromCache: 50, fromGemini: 0, embedCalls: 0 });
    expect(fake.calls()).toBe(0);
    expect(vectorRows(twin)).toBe(50);
  });

  it('keeps what was embedded when cancelled, and resumes from there', async () => {
    const chatId = seedChat(lib, conversations(300));
    const controller = new AbortController();
    const error = await indexChat(lib, gemini, chatId, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'embedding' && p.embedded >= 100) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    const kept = chunkCounts(lib, chatId);
    expect(kept.chunks).toBe(300);
    expect(kept.embedded).toBeGreaterThanOrEqual(100);
    expect(kept.embedded).toBeLessThan(300);
    expect(vectorRows(chatId)).toBe(kept.embedded);

    const before = fake.embeddedTexts();
    const resumed = await indexChat(lib, gemini, chatId);
    expect(resumed).toMatchObject({ embedded: 300, fromGemini: 300 - kept.embedded });
    expect(fake.embeddedTexts() - before).toBe(300 - kept.embedded);
  });

  it('fails fast on a per-day quota with its message, keeping the batches that arrived', async () => {
    const chatId = seedChat(lib, conversations(250));
    fake.script([null, 'rate-limit-day'], { method: 'batchEmbedContents' });
    const error = (await indexChat(lib, gemini, chatId).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('gemini-daily-quota');
    expect(error.message).toContain('daily quota');
    expect(fake.requests.filter((r) => r.fault === 'rate-limit-day')).toHaveLength(1);
    // The batches that were in flight are kept (whole batches only); the next run embeds the rest.
    const kept = chunkCounts(lib, chatId).embedded;
    expect([100, 150]).toContain(kept);
    expect(vectorRows(chatId)).toBe(kept);
    const resumed = await indexChat(lib, gemini, chatId);
    expect(resumed).toMatchObject({ embedded: 250, fromGemini: 250 - kept });
  });

  it('retries a per-minute 429 and finishes', async () => {
    const chatId = seedChat(lib, conversations(120));
    fake.script(['rate-limit-minute', 'rate-limit-minute'], { method: 'batchEmbedContents' });
    const result = await indexChat(lib, gemini, chatId);
    expect(result.embedded).toBe(120);
    expect(fake.calls('batchEmbedContents')).toBe(4);
  });

  it('stops with chat-not-found when the chat goes while it is being chunked', async () => {
    const chatId = seedChat(lib, conversations(5));
    const indexing = indexChat(lib, gemini, chatId);
    // Runs while chunking waits for the event loop after its first rendering slice.
    setImmediate(() => deleteChat(lib, chatId));
    await expect(indexing).rejects.toMatchObject({ code: 'chat-not-found' });
    expect(lib.sqlite.prepare('SELECT count(*) FROM search_chunks').pluck().get()).toBe(0);
    expect(fake.calls()).toBe(0);
  });

  it('needs no Gemini access when every vector is cached', async () => {
    const chatId = seedChat(lib, conversations(10));
    await indexChat(lib, gemini, chatId);
    const twin = seedChat(lib, conversations(10));
    const noAccess = () => Promise.reject(new AppError('gemini-not-configured', 'no key'));
    expect(await indexChat(lib, noAccess, twin)).toMatchObject({ fromCache: 10 });
  });
});

describe('deleting a chat', () => {
  it('deletes its vectors by every path: chat delete, re-import replace, and forgets its cached vectors', async () => {
    const a = seedChat(lib, conversations(20));
    const b = seedChat(lib, conversations(30, 10));
    await indexChat(lib, gemini, a);
    await indexChat(lib, gemini, b);
    expect(vectorRows()).toBe(50);
    expect(cacheRows()).toBe(50);

    expect(deleteChat(lib, a)).toBe(true);
    expect(vectorRows(a)).toBe(0);
    expect(vectorRows(b)).toBe(30);
    expect(lib.sqlite.prepare('SELECT count(*) FROM search_chunks WHERE chat_id = ?').pluck().get(a)).toBe(0);
    pruneEmbeddingCache(lib);
    expect(cacheRows()).toBe(30);

    // A re-import that replaces the chat deletes it through the import writer.
    lib.sqlite.transaction(() => new ChatWriter(lib).deleteChat(b))();
    expect(vectorRows()).toBe(0);
    expect(lib.sqlite.prepare('SELECT count(*) FROM search_chunks').pluck().get()).toBe(0);
  });
});
