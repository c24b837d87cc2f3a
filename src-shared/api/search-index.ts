/**
 * The semantic index (issue 5): a chat cut into conversations, embedded once with Gemini, searched by
 * meaning (sqlite-vec) and by words (FTS5). Indexing is lazy: nothing is embedded until these are called.
 */
import { z } from 'zod';
import { parseWallClock, type MessageKind } from '../messages';
import { endpoint, returns } from './endpoint';
import { ChatId } from './library';

const WallClock = z
  .string()
  .refine((s) => !Number.isNaN(parseWallClock(s)), 'expected a date YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]');

export const RETRIEVAL_MODES = ['hybrid', 'vector', 'lexical'] as const;

export interface SearchIndexStatus {
  chatId: number;
  /** Chunks in the index (0 before the first indexing). */
  chunks: number;
  embedded: number;
  /** Every chunk has its vector (and the chunks are those of the chat's current messages). */
  complete: boolean;
  model: string;
  dimensions: number;
}

export interface IndexResult {
  chatId: number;
  chunks: number;
  embedded: number;
  kept: number;
  removed: number;
  fromCache: number;
  fromGemini: number;
  embedCalls: number;
  durationMs: number;
}

export interface SearchIndexMessage {
  id: number;
  seq: number;
  ts: number;
  at: string;
  author: string | null;
  text: string;
  kind: MessageKind;
  attachment: string | null;
}

export interface SearchIndexHit {
  chunkId: number;
  rank: number;
  score: number;
  similarity: number | null;
  vectorRank: number | null;
  lexicalRank: number | null;
  startAt: string;
  endAt: string;
  firstSeq: number;
  lastSeq: number;
  authors: string[];
  messageIds: number[];
  messages: SearchIndexMessage[];
}

export const searchIndexApi = {
  /** How far the chat's index is. Errors: chat-not-found. */
  'search-index-status': endpoint(z.object({ chatId: ChatId }), returns<SearchIndexStatus>()),
  /**
   * Brings the chat's index up to date: re-chunks, keeps unchanged chunks, embeds only new text (cache by
   * content hash). Emits `index-progress`; `ops-cancel` with the opId stops it and keeps what was embedded.
   * Errors: chat-not-found, gemini-not-configured, gemini-daily-quota, gemini-*, cancelled.
   */
  'search-index-build': endpoint(
    z.object({ chatId: ChatId, opId: z.string().min(1).max(100) }),
    returns<IndexResult>(),
  ),
  /**
   * The chunks that best answer a question, with their messages. Indexes first if needed (progress under
   * `opId`). Errors: those of search-index-build, author-not-found, invalid-arguments.
   */
  'search-index-query': endpoint(
    z.object({
      chatId: ChatId,
      query: z.string().trim().min(1).max(2000),
      k: z.number().int().min(1).max(100).default(10),
      mode: z.enum(RETRIEVAL_MODES).default('hybrid'),
      /** Only conversations in which one of these people wrote. */
      authors: z.array(z.string().min(1)).max(50).optional(),
      /** Only conversations overlapping [from, to] (a date alone covers its whole day). */
      from: WallClock.optional(),
      to: WallClock.optional(),
      opId: z.string().min(1).max(100).optional(),
    }),
    returns<{ hits: SearchIndexHit[]; index: SearchIndexStatus }>(),
  ),
};

export interface IndexProgressEvent {
  opId: string;
  chatId: number;
  phase: 'chunking' | 'embedding' | 'done';
  chunks: number;
  embedded: number;
}

export interface SearchIndexEvents {
  'index-progress': IndexProgressEvent;
}
