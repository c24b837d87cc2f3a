/**
 * Indexing a chat: chunk it (cheap, local), keep the chunks that did not change, take vectors from the
 * cache where the same text was embedded before (in this chat or another), and embed only the rest, batch
 * by batch — each batch is stored as it arrives, so a cancelled or failed run keeps what it paid for and the
 * next run resumes. Nothing happens at import: this runs when semantic search or insights need it.
 */
import type { IndexProgressEvent, IndexResult } from '../../src-shared/api/search-index';
import type { Library } from '../db/open';
import { throwIfAborted } from '../errors';
import { MAX_EMBED_BATCH, type GeminiGateway } from '../gemini/gateway';
import { Pseudonymiser } from '../insights/privacy';
import { getChatSummary } from '../library/queries';
import {
  DEFAULT_CHUNKING,
  estimateTokens,
  isConversational,
  planChunks,
  renderChunk,
  renderLine,
  type ChunkingOptions,
  type ChunkRenderer,
  type SourceMessage,
} from './chunker';
import {
  cachedVectors,
  chunkCounts,
  embeddingKey,
  pendingChunks,
  pruneEmbeddingCache,
  storeChunkVectors,
  syncChunks,
  type PlannedChunk,
} from './store';

/** A gateway, or a function that gives one only when something has to be embedded. */
export type GeminiSource = GeminiGateway | (() => Promise<GeminiGateway>);

export const resolveGemini = (source: GeminiSource) =>
  typeof source === 'function' ? source() : Promise.resolve(source);

export type IndexProgress = Omit<IndexProgressEvent, 'opId' | 'chatId'>;
export type { IndexResult };

export interface IndexOptions {
  signal?: AbortSignal;
  onProgress?: (progress: IndexProgress) => void;
  chunking?: ChunkingOptions;
}

/** The chat's conversational messages in order (system notices and deleted messages left out). */
export function loadConversation(library: Library, chatId: number): SourceMessage[] {
  const rows = library.sqlite
    .prepare(
      `SELECT m.id, m.seq, m.ts, m.author_id AS authorId, p.name AS author, m.kind, m.subtype, m.text,
         a.file_name AS attachment
       FROM messages m
       LEFT JOIN participants p ON p.id = m.author_id
       LEFT JOIN attachments a ON a.message_id = m.id
       WHERE m.chat_id = ? ORDER BY m.seq`,
    )
    .all(chatId) as SourceMessage[];
  return rows.filter((m) => isConversational(m.kind));
}

/** The participants in the chat's own order, which fixes everyone's pseudonym. */
export function chatParticipants(library: Library, chatId: number): string[] {
  return library.sqlite
    .prepare('SELECT name FROM participants WHERE chat_id = ? ORDER BY id')
    .pluck()
    .all(chatId) as string[];
}

/**
 * What leaves the computer for embedding: names become "Person A"…, phone numbers, e-mails and links become
 * placeholders (the insight pipeline's pseudonymiser, applied in chat order so its numbering is stable when
 * messages are appended).
 */
export function pseudonymisingRenderer(
  participants: readonly string[],
): ChunkRenderer & { query(text: string): string } {
  const pseudonymiser = new Pseudonymiser(participants);
  return {
    label: (author) => pseudonymiser.author(author) ?? 'Notice',
    clean: (text) => pseudonymiser.apply(text).text,
    // A separate instance, so a question never shifts the chunks' placeholder numbering.
    query: (text) => new Pseudonymiser(participants).apply(text).text,
  };
}

/** Room for the date line and the `HH:MM Person A: ` prefix within the budget. */
const lineChars = (options: ChunkingOptions) => options.maxTokens * 4 - 48;

/** The chunks of a chat, deterministic for the same messages. */
export function planChatChunks(
  messages: SourceMessage[],
  renderer: ChunkRenderer,
  options: ChunkingOptions = DEFAULT_CHUNKING,
): PlannedChunk[] {
  const maxChars = lineChars(options);
  return chunksFromLines(
    messages,
    messages.map((m) => renderLine(m, renderer, maxChars)),
    options,
  );
}

function chunksFromLines(
  messages: SourceMessage[],
  lines: string[],
  options: ChunkingOptions,
): PlannedChunk[] {
  const tokens = lines.map((l) => estimateTokens(l) + 1);
  return planChunks(messages, tokens, options).map(({ from, to }) => {
    const span = messages.slice(from, to + 1);
    const text = renderChunk(span.map((m, i) => ({ ts: m.ts, line: lines[from + i]! })));
    const first = span[0]!;
    const last = span.at(-1)!;
    return {
      hash: embeddingKey('RETRIEVAL_DOCUMENT', text),
      firstSeq: first.seq,
      lastSeq: last.seq,
      firstMessageId: first.id,
      lastMessageId: last.id,
      startTs: first.ts,
      endTs: last.ts,
      messageCount: span.length,
      authorIds: [...new Set(span.flatMap((m) => (m.authorId === null ? [] : [m.authorId])))].sort(
        (a, b) => a - b,
      ),
      text,
      tokens: estimateTokens(text),
    };
  });
}

/** Messages rendered between two yields to the event loop (rendering pseudonymises: the costly part). */
const RENDER_SLICE = 2000;

/**
 * Re-chunks the chat and brings its rows up to date, without embedding anything. Renders in slices,
 * yielding between them, so a big chat neither freezes the process nor ignores a cancel.
 */
export async function chunkChat(
  library: Library,
  chatId: number,
  options: ChunkingOptions = DEFAULT_CHUNKING,
  signal?: AbortSignal,
) {
  getChatSummary(library, chatId);
  const renderer = pseudonymisingRenderer(chatParticipants(library, chatId));
  const messages = loadConversation(library, chatId);
  const maxChars = lineChars(options);
  const lines: string[] = [];
  for (let from = 0; from < messages.length; from += RENDER_SLICE) {
    for (const m of messages.slice(from, from + RENDER_SLICE)) lines.push(renderLine(m, renderer, maxChars));
    await new Promise<void>((resolve) => setImmediate(resolve));
    throwIfAborted(signal);
  }
  const planned = chunksFromLines(messages, lines, options);
  return { planned: planned.length, ...syncChunks(library, chatId, planned) };
}

/**
 * Whether the chat's chunks reach its last message (a newer import appends messages; a replacing one
 * removes the chunks altogether).
 */
export function chunksAreCurrent(library: Library, chatId: number): boolean {
  const { sqlite } = library;
  const lastMessage = sqlite
    .prepare("SELECT max(seq) FROM messages WHERE chat_id = ? AND kind NOT IN ('system', 'deleted')")
    .pluck()
    .get(chatId) as number | null;
  const lastChunked = sqlite
    .prepare('SELECT max(last_seq) FROM search_chunks WHERE chat_id = ?')
    .pluck()
    .get(chatId) as number | null;
  return lastChunked === lastMessage;
}

const running = new Map<string, Promise<unknown>>();

/** Runs `work` after any other indexing of the same chat in this process (so nothing is embedded twice). */
async function exclusive<T>(library: Library, chatId: number, work: () => Promise<T>): Promise<T> {
  const key = `${library.path}#${chatId}`;
  const before = running.get(key) ?? Promise.resolve();
  const mine = before.catch(() => {}).then(work);
  running.set(key, mine);
  try {
    return await mine;
  } finally {
    if (running.get(key) === mine) running.delete(key);
  }
}

export function indexChat(
  library: Library,
  gemini: GeminiSource,
  chatId: number,
  options: IndexOptions = {},
): Promise<IndexResult> {
  return exclusive(library, chatId, async () => {
    const started = performance.now();
    const { signal, onProgress } = options;
    throwIfAborted(signal);
    // Messages are immutable and only ever appended (or the chat replaced, which drops its chunks), so
    // chunks that reach the last message are current: re-chunking a 100k-message chat costs seconds.
    getChatSummary(library, chatId); // chat-not-found before anything else
    const sync =
      options.chunking === undefined && chunksAreCurrent(library, chatId)
        ? {
            planned: chunkCounts(library, chatId).chunks,
            kept: chunkCounts(library, chatId).chunks,
            removed: 0,
          }
        : await chunkChat(library, chatId, options.chunking, signal);
    const total = sync.planned;
    let embedded = chunkCounts(library, chatId).embedded;
    onProgress?.({ phase: 'chunking', chunks: total, embedded });

    let pending = pendingChunks(library, chatId);
    const cached = cachedVectors(
      library,
      pending.map((c) => c.hash),
    );
    const hits = pending.filter((c) => cached.has(c.hash));
    const fromCache =
      hits.length > 0
        ? storeChunkVectors(
            library,
            chatId,
            hits,
            hits.map((c) => cached.get(c.hash)!),
          )
        : 0;
    embedded += fromCache;
    pending = pending.filter((c) => !cached.has(c.hash));

    let fromGemini = 0;
    if (pending.length > 0) {
      throwIfAborted(signal);
      onProgress?.({ phase: 'embedding', chunks: total, embedded });
      const gateway = await resolveGemini(gemini);
      await gateway.embed(
        pending.map((c) => c.text),
        {
          task: 'RETRIEVAL_DOCUMENT',
          ...(signal ? { signal } : {}),
          onBatch: (offset, vectors) => {
            const stored = storeChunkVectors(
              library,
              chatId,
              pending.slice(offset, offset + vectors.length),
              vectors,
            );
            fromGemini += stored;
            embedded += stored;
            onProgress?.({ phase: 'embedding', chunks: total, embedded });
          },
        },
      );
    }
    pruneEmbeddingCache(library);
    onProgress?.({ phase: 'done', chunks: total, embedded });
    return {
      chatId,
      chunks: total,
      embedded,
      kept: sync.kept,
      removed: sync.removed,
      fromCache,
      fromGemini,
      embedCalls: Math.ceil(pending.length / MAX_EMBED_BATCH),
      durationMs: Math.round(performance.now() - started),
    };
  });
}
