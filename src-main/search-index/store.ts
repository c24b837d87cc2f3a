/**
 * The index's tables: chunk rows (search_chunks), vectors by content hash (embedding_cache, float32,
 * normalised) and their binary-quantised copies in sqlite-vec (search_vectors, partitioned by chat,
 * rowid = chunk id; sqlite-vec wants integer keys bound as BigInt). A trigger removes a chunk's vector
 * whenever its row goes, whatever deletes it.
 */
import { createHash } from 'node:crypto';
import type { Library } from '../db/open';
import { AppError } from '../errors';
import { EMBEDDING_DIMENSIONS, EMBEDDING_MODEL, type EmbeddingTask } from '../gemini/gateway';

/** A chunk as the chunker made it, before it has a row. */
export interface PlannedChunk {
  hash: string;
  firstSeq: number;
  lastSeq: number;
  firstMessageId: number;
  lastMessageId: number;
  startTs: number;
  endTs: number;
  messageCount: number;
  authorIds: number[];
  text: string;
  tokens: number;
}

/** A chunk row still waiting for its vector. */
export interface PendingChunk {
  id: number;
  hash: string;
  text: string;
  startTs: number;
  endTs: number;
}

/** The cache key of a text: what is embedded, how, and by which model. */
export function embeddingKey(task: EmbeddingTask, text: string): string {
  return createHash('sha256')
    .update(`${EMBEDDING_MODEL}\n${EMBEDDING_DIMENSIONS}\n${task}\n${text}`)
    .digest('hex');
}

export const toBlob = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
export const fromBlob = (b: Buffer) =>
  new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

export interface SyncResult {
  kept: number;
  added: number;
  removed: number;
}

/**
 * Makes the chat's chunk rows match `planned`: rows whose hash is still planned are kept with their vectors
 * (their positions refreshed), the others deleted (the trigger takes their vectors), new ones inserted
 * without vectors. One transaction.
 */
export function syncChunks(library: Library, chatId: number, planned: PlannedChunk[]): SyncResult {
  const { sqlite } = library;
  return sqlite.transaction(() => {
    // The chat may have gone (deleted, or replaced by a re-import) while it was being chunked.
    if (!sqlite.prepare('SELECT 1 FROM chats WHERE id = ?').get(chatId)) {
      throw new AppError('chat-not-found', `There is no chat ${chatId} in the library.`);
    }
    const existing = sqlite
      .prepare(
        `SELECT id, hash, first_seq AS firstSeq, last_seq AS lastSeq, first_message_id AS firstMessageId,
           last_message_id AS lastMessageId, message_count AS messageCount, author_ids AS authorIds
         FROM search_chunks WHERE chat_id = ? ORDER BY id`,
      )
      .all(chatId) as (Omit<PlannedChunk, 'authorIds' | 'text' | 'tokens' | 'startTs' | 'endTs'> & {
      id: number;
      authorIds: string;
    })[];
    const byHash = new Map<string, (typeof existing)[number][]>();
    for (const row of existing) byHash.set(row.hash, [...(byHash.get(row.hash) ?? []), row]);
    const update = sqlite.prepare(
      `UPDATE search_chunks SET first_seq = ?, last_seq = ?, first_message_id = ?, last_message_id = ?,
         message_count = ?, author_ids = ? WHERE id = ?`,
    );
    const insert = sqlite.prepare(
      `INSERT INTO search_chunks (chat_id, hash, first_seq, last_seq, first_message_id, last_message_id,
         start_ts, end_ts, message_count, author_ids, text, tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let kept = 0;
    let added = 0;
    for (const c of planned) {
      const authors = JSON.stringify(c.authorIds);
      const row = byHash.get(c.hash)?.shift();
      if (row !== undefined) {
        const moved =
          row.firstSeq !== c.firstSeq ||
          row.lastSeq !== c.lastSeq ||
          row.firstMessageId !== c.firstMessageId ||
          row.lastMessageId !== c.lastMessageId ||
          row.messageCount !== c.messageCount ||
          row.authorIds !== authors;
        if (moved) {
          update.run(
            c.firstSeq,
            c.lastSeq,
            c.firstMessageId,
            c.lastMessageId,
            c.messageCount,
            authors,
            row.id,
          );
        }
        kept++;
      } else {
        insert.run(
          chatId,
          c.hash,
          c.firstSeq,
          c.lastSeq,
          c.firstMessageId,
          c.lastMessageId,
          c.startTs,
          c.endTs,
          c.messageCount,
          authors,
          c.text,
          c.tokens,
        );
        added++;
      }
    }
    const stale = [...byHash.values()].flat().map((row) => row.id);
    const remove = sqlite.prepare('DELETE FROM search_chunks WHERE id = ?');
    for (const id of stale) remove.run(id);
    return { kept, added, removed: stale.length };
  })();
}

export function pendingChunks(library: Library, chatId: number): PendingChunk[] {
  return library.sqlite
    .prepare(
      `SELECT id, hash, text, start_ts AS startTs, end_ts AS endTs FROM search_chunks
       WHERE chat_id = ? AND embedded = 0 ORDER BY first_seq`,
    )
    .all(chatId) as PendingChunk[];
}

/** Vectors already in the cache, by hash. */
export function cachedVectors(library: Library, hashes: string[]): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  const get = library.sqlite.prepare('SELECT vector FROM embedding_cache WHERE hash = ?').pluck();
  for (const hash of new Set(hashes)) {
    const blob = get.get(hash) as Buffer | undefined;
    if (blob) out.set(hash, fromBlob(blob));
  }
  return out;
}

/** Stores vectors in the cache (a text embedded once is never embedded again). */
export function cacheVectors(
  library: Library,
  task: EmbeddingTask,
  entries: { hash: string; vector: Float32Array }[],
): void {
  const now = Date.now();
  const put = library.sqlite.prepare(
    `INSERT INTO embedding_cache (hash, task, model, dimensions, vector, created_at, used_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO UPDATE SET used_at = excluded.used_at`,
  );
  library.sqlite.transaction(() => {
    for (const e of entries)
      put.run(e.hash, task, EMBEDDING_MODEL, EMBEDDING_DIMENSIONS, toBlob(e.vector), now, now);
  })();
}

/**
 * Gives chunks their vectors: cache, vec0 row, `embedded` flag, in one transaction. A chunk whose row went
 * meanwhile (the chat was re-imported or deleted) is skipped, so no orphan vector is ever written.
 */
export function storeChunkVectors(
  library: Library,
  chatId: number,
  chunks: PendingChunk[],
  vectors: Float32Array[],
): number {
  const { sqlite } = library;
  const mark = sqlite.prepare('UPDATE search_chunks SET embedded = 1 WHERE id = ? AND embedded = 0');
  const insert = sqlite.prepare(
    `INSERT INTO search_vectors (rowid, chat_id, embedding, start_ts, end_ts)
     VALUES (?, ?, vec_quantize_binary(?), ?, ?)`,
  );
  return sqlite.transaction(() => {
    cacheVectors(
      library,
      'RETRIEVAL_DOCUMENT',
      chunks.map((c, i) => ({ hash: c.hash, vector: vectors[i]! })),
    );
    let stored = 0;
    chunks.forEach((c, i) => {
      if (mark.run(c.id).changes === 0) return;
      insert.run(BigInt(c.id), BigInt(chatId), toBlob(vectors[i]!), BigInt(c.startTs), BigInt(c.endTs));
      stored++;
    });
    return stored;
  })();
}

/**
 * Forgets chunk vectors no chunk uses any more (a deleted chat's, or text that changed), so deleting a chat
 * leaves nothing derived from it. Query vectors are kept, the least recently used beyond `keepQueries` go.
 */
export function pruneEmbeddingCache(library: Library, keepQueries = 5000): number {
  const docs = library.sqlite
    .prepare(
      `DELETE FROM embedding_cache WHERE task = 'RETRIEVAL_DOCUMENT'
       AND NOT EXISTS (SELECT 1 FROM search_chunks c WHERE c.hash = embedding_cache.hash)`,
    )
    .run().changes;
  const queries = library.sqlite
    .prepare(
      `DELETE FROM embedding_cache WHERE task = 'RETRIEVAL_QUERY' AND hash NOT IN
       (SELECT hash FROM embedding_cache WHERE task = 'RETRIEVAL_QUERY' ORDER BY used_at DESC LIMIT ?)`,
    )
    .run(keepQueries).changes;
  return docs + queries;
}

export interface ChunkCounts {
  chunks: number;
  embedded: number;
}

export function chunkCounts(library: Library, chatId: number): ChunkCounts {
  return library.sqlite
    .prepare(
      'SELECT count(*) AS chunks, coalesce(sum(embedded), 0) AS embedded FROM search_chunks WHERE chat_id = ?',
    )
    .get(chatId) as ChunkCounts;
}
