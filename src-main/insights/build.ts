/**
 * Building the six contexts of a job: one retrieval for all the category's queries (the semantic index;
 * full-text search when there is no Gemini to embed the chat and the queries),
 * the local statistics each type asks for, everything pseudonymised with one Pseudonymiser (so "Person A"
 * and "[phone 1]" mean the same in all six), each fitted into a token budget.
 */
import { findCategory } from '../../src-shared/insights/catalog';
import type { Library } from '../db/open';
import { AppError, throwIfAborted } from '../errors';
import { getChatSummary } from '../library/queries';
import { chatParticipants, indexChat, type GeminiSource, type IndexProgress } from '../search-index/indexer';
import { retrieve, type RetrievedChunk } from '../search-index/retrieval';
import { getChatStats } from '../stats/store';
import { fitToBudget, formatContext, type ContextMessage, type InsightContext } from './context';
import { Pseudonymiser } from './privacy';
import { statisticsLines } from './statistics';

export interface BuildOptions {
  /** Gemini for embedding the chat and the queries; null → full-text retrieval only. */
  gemini: GeminiSource | null;
  /** Tokens of context per insight (default 6,000). */
  budgetTokens?: number;
  /** Chunks retrieved per query (default 8). */
  k?: number;
  signal?: AbortSignal;
  onIndexProgress?: (progress: IndexProgress) => void;
}

export const DEFAULT_BUDGET_TOKENS = 6000;

export interface BuiltContexts {
  contexts: Map<string, InsightContext>;
  retrieval: InsightContext['retrieval'];
  /** Time spent in retrieval (queries → chunks), without indexing. */
  retrievalMs: number;
}

const toContextMessages = (chunk: RetrievedChunk): ContextMessage[] =>
  chunk.messages.map((m) => ({
    id: m.id,
    seq: m.seq,
    ts: m.ts,
    author: m.author,
    text: m.text,
    kind: m.kind,
    attachment: m.attachment,
  }));

export async function buildContexts(
  library: Library,
  chatId: number,
  categoryId: string,
  options: BuildOptions,
): Promise<BuiltContexts> {
  const category = findCategory(categoryId);
  if (!category) throw new AppError('unknown-category', `There is no insight category "${categoryId}".`);
  const chat = getChatSummary(library, chatId);
  if (chat.messageCount === 0) throw new AppError('chat-empty', 'This chat has no messages to learn from.');
  const participants = chatParticipants(library, chatId);
  const pseudonymiser = new Pseudonymiser(participants);
  const stats = getChatStats(library, chatId);

  // Insight queries describe themes ("comforting someone after a hard day"), which is what the embeddings
  // capture; the full-text side of hybrid search adds little for them and costs most of the time (measured
  // in bench/insights.ts), so it is used alone only when there is no Gemini to embed the queries.
  const retrieval: InsightContext['retrieval'] = options.gemini ? 'semantic' : 'lexical';
  if (options.gemini) {
    await indexChat(library, options.gemini, chatId, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onIndexProgress ? { onProgress: options.onIndexProgress } : {}),
    });
  }
  throwIfAborted(options.signal);
  const queries = category.types.flatMap((t) => t.queries);
  const started = performance.now();
  const perQuery = await retrieve(library, options.gemini, chatId, queries, {
    k: options.k ?? 8,
    mode: retrieval === 'semantic' ? 'vector' : 'lexical',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const retrievalMs = performance.now() - started;

  const budget = options.budgetTokens ?? DEFAULT_BUDGET_TOKENS;
  const contexts = new Map<string, InsightContext>();
  let offset = 0;
  for (const type of category.types) {
    const ranked = perQuery
      .slice(offset, offset + type.queries.length)
      .map((chunks) => chunks.map(toContextMessages));
    offset += type.queries.length;
    const statistics = statisticsLines(stats, type.stats, pseudonymiser);
    // What is always sent (task, chat line, statistics) counts against the budget first.
    const fixed = Math.ceil((type.prompt.length + statistics.join('\n').length) / 4) + 80;
    const conversations = fitToBudget(ranked, budget, fixed);
    contexts.set(
      type.id,
      formatContext({
        chat,
        pseudonymiser,
        task: type.prompt,
        statistics,
        conversations,
        retrieval,
        type: type.id,
      }),
    );
  }
  return { contexts, retrieval, retrievalMs };
}
