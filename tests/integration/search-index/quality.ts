/** Recall@k and MRR of a retrieval mode on the labelled set (shared by the quality test and the bench). */
import type { Library } from '../../../src-main/db/open';
import type { GeminiGateway } from '../../../src-main/gemini/gateway';
import { retrieve, type RetrievalMode } from '../../../src-main/search-index/retrieval';
import { LABELLED_QUERIES, type LabelledChat } from './labelled-chat';

export interface Quality {
  mode: RetrievalMode;
  /** Mean over queries of the share of relevant chunks found in the top k. */
  recallAtK: number;
  /** Mean reciprocal rank of the first relevant chunk (0 when none is in the top k). */
  mrr: number;
  /** Queries whose first hit is relevant. */
  hitAt1: number;
  k: number;
}

/** Chunk ids relevant to each labelled query: chunks holding a message of one of its topics. */
export function relevantChunks(library: Library, chatId: number, chat: LabelledChat): Set<number>[] {
  const topicByText = new Map(chat.messages.map((m, i) => [m.text!, chat.topics[i]]));
  const rows = library.sqlite
    .prepare(
      `SELECT c.id AS chunkId, m.text FROM search_chunks c JOIN messages m
       ON m.chat_id = c.chat_id AND m.seq BETWEEN c.first_seq AND c.last_seq WHERE c.chat_id = ?`,
    )
    .all(chatId) as { chunkId: number; text: string }[];
  return LABELLED_QUERIES.map(({ topics }) => {
    const ids = new Set<number>();
    for (const r of rows) if (topics.includes(topicByText.get(r.text) ?? '')) ids.add(r.chunkId);
    return ids;
  });
}

export async function measureQuality(
  library: Library,
  gemini: GeminiGateway,
  chatId: number,
  relevant: Set<number>[],
  mode: RetrievalMode,
  k = 5,
): Promise<Quality> {
  const results = await retrieve(
    library,
    gemini,
    chatId,
    LABELLED_QUERIES.map((q) => q.query),
    { k, mode },
  );
  let recall = 0;
  let mrr = 0;
  let hitAt1 = 0;
  results.forEach((hits, i) => {
    const rel = relevant[i]!;
    const found = hits.filter((h) => rel.has(h.chunkId)).length;
    recall += found / Math.min(rel.size, k);
    const first = hits.findIndex((h) => rel.has(h.chunkId));
    if (first >= 0) mrr += 1 / (first + 1);
    if (first === 0) hitAt1++;
  });
  const n = results.length;
  return { mode, recallAtK: recall / n, mrr: mrr / n, hitAt1, k };
}
