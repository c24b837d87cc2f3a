/**
 * Retrieval: query texts → the chat's best chunks, each with its messages (ids, times, authors, texts).
 * Usable from any Node code with a Library and a Gemini gateway — no handler needed (lexical mode needs
 * no Gemini and no indexing: it chunks the chat itself when needed):
 *
 * ```ts
 * await indexChat(library, gemini, chatId);                       // once; cheap when nothing changed
 * const perQuery = await retrieve(library, gemini, chatId, ['how do they handle conflict?'], { k: 8 });
 * for (const chunk of perQuery[0]) chunk.messages;                // [{ id, seq, ts, at, author, text, kind, attachment }]
 * ```
 *
 * Vector search: the query (pseudonymised like the chunks, embedded as RETRIEVAL_QUERY, cached) against the
 * chunk vectors — exact cosine over every chunk for small chats or filtered searches, else a Hamming-distance
 * KNN over the binary-quantised vectors in sqlite-vec followed by exact cosine rescoring of the candidates
 * (see bench/vector.ts for why). Lexical search: the FTS5 trigram index of messages, hits summed per chunk.
 * 'hybrid' fuses both rankings by reciprocal rank fusion.
 */
import type { RETRIEVAL_MODES, SearchIndexHit, SearchIndexMessage } from '../../src-shared/api/search-index';
import { formatWallClock, parseWallClock } from '../../src-shared/messages';
import type { Library } from '../db/open';
import { AppError } from '../errors';
import { contentStems, isConversational } from './chunker';
import {
  chatParticipants,
  chunkChat,
  chunksAreCurrent,
  pseudonymisingRenderer,
  resolveGemini,
  type GeminiSource,
} from './indexer';
import { cacheVectors, cachedVectors, embeddingKey, toBlob } from './store';

export type RetrievalMode = (typeof RETRIEVAL_MODES)[number];

export interface RetrieveOptions {
  /** Chunks per query (default 10). */
  k?: number;
  /** Default 'hybrid' (measured on the labelled set in tests/integration/search-index). */
  mode?: RetrievalMode;
  /** Only chunks in which one of these participants wrote (names as in the chat). */
  authors?: string[];
  /** Only chunks overlapping [from, to]: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`; `to` as a day is inclusive. */
  from?: string;
  to?: string;
  signal?: AbortSignal;
  /** How the vector side searches: by chat size (default), always exactly, or always prefilter + rescore. */
  strategy?: VectorStrategy;
}

export type VectorStrategy = 'auto' | 'exact' | 'prefilter';

/** A message of a retrieved chunk: id, seq, ts (wall-clock seconds), at, author, text, kind, attachment. */
export type RetrievedMessage = SearchIndexMessage;
/** A retrieved chunk: its rank and scores, time span, authors, message ids and messages. */
export type RetrievedChunk = SearchIndexHit;

/** Chats with at most this many chunks are searched exactly (see bench/vector.ts). */
export const EXACT_SEARCH_MAX_CHUNKS = 4000;
/**
 * Candidates the binary prefilter hands to exact rescoring: max(k × this, PREFILTER_MIN). bench/vector.ts:
 * for k = 20 on 50,000 chunks, k' = 80 gives recall@10 0.97 at about half the cost of k' = 160 (1.00).
 */
export const PREFILTER_OVERSAMPLING = 4;
export const PREFILTER_MIN = 80;
/** Depth of each ranking fed to the fusion, and the usual RRF constant. */
const FUSION_DEPTH = 20;
const RRF_K = 60;

/** Resolved filters: the chat, participant ids, wall-clock bounds. */
export interface Filters {
  chatId: number;
  authorIds: number[] | null;
  fromTs: number | null;
  toTs: number | null;
}

export function resolveFilters(library: Library, chatId: number, options: RetrieveOptions): Filters {
  const time = (value: string | undefined, endOfDay: boolean) => {
    if (value === undefined) return null;
    const ts = parseWallClock(value);
    if (Number.isNaN(ts)) throw new AppError('invalid-date', `"${value}" is not a date (YYYY-MM-DD).`);
    return endOfDay && value.length === 10 ? ts + 86_399 : ts;
  };
  let authorIds: number[] | null = null;
  if (options.authors && options.authors.length > 0) {
    const rows = library.sqlite
      .prepare('SELECT id, name FROM participants WHERE chat_id = ?')
      .all(chatId) as { id: number; name: string }[];
    authorIds = options.authors.map((name) => {
      const row =
        rows.find((r) => r.name === name) ?? rows.find((r) => r.name.toLowerCase() === name.toLowerCase());
      if (!row) {
        throw new AppError(
          'author-not-found',
          `Nobody called "${name}" wrote in this chat (participants: ${rows.map((r) => r.name).join(', ')}).`,
        );
      }
      return row.id;
    });
  }
  return { chatId, authorIds, fromTs: time(options.from, false), toTs: time(options.to, true) };
}

/** SQL conditions on search_chunks `c` for the filters, with their parameters. */
function chunkConditions(f: Filters): { sql: string; params: unknown[] } {
  let sql = 'c.chat_id = ?';
  const params: unknown[] = [f.chatId];
  if (f.fromTs !== null) {
    sql += ' AND c.end_ts >= ?';
    params.push(f.fromTs);
  }
  if (f.toTs !== null) {
    sql += ' AND c.start_ts <= ?';
    params.push(f.toTs);
  }
  if (f.authorIds) {
    sql += ` AND EXISTS (SELECT 1 FROM json_each(c.author_ids) WHERE value IN (${f.authorIds.map(() => '?').join(',')}))`;
    params.push(...f.authorIds);
  }
  return { sql, params };
}

interface Ranked {
  id: number;
  score: number;
}

/** Top `n` chunks by cosine similarity to `query` (a normalised float32 vector). */
export function vectorSearch(
  library: Library,
  filters: Filters,
  query: Float32Array,
  n: number,
  strategy: VectorStrategy = 'auto',
): Ranked[] {
  const { sqlite } = library;
  const q = toBlob(query);
  // More than EXACT_SEARCH_MAX_CHUNKS chunks? (Stops counting at the threshold.)
  const large = () =>
    sqlite
      .prepare('SELECT 1 FROM search_chunks WHERE chat_id = ? LIMIT 1 OFFSET ?')
      .get(filters.chatId, EXACT_SEARCH_MAX_CHUNKS) !== undefined;
  const prefilter = !filters.authorIds && (strategy === 'prefilter' || (strategy === 'auto' && large()));
  let rows: { id: number; d: number }[];
  if (prefilter) {
    // Hamming KNN on the 1-bit vectors inside the chat's partition (dates narrow it as metadata)…
    const params: unknown[] = [
      q,
      BigInt(Math.max(n * PREFILTER_OVERSAMPLING, PREFILTER_MIN)),
      BigInt(filters.chatId),
    ];
    let sql =
      'SELECT rowid FROM search_vectors WHERE embedding MATCH vec_quantize_binary(?) AND k = ? AND chat_id = ?';
    if (filters.fromTs !== null) {
      sql += ' AND end_ts >= ?';
      params.push(BigInt(filters.fromTs));
    }
    if (filters.toTs !== null) {
      sql += ' AND start_ts <= ?';
      params.push(BigInt(filters.toTs));
    }
    const candidates = (
      sqlite
        .prepare(sql)
        .pluck()
        .all(...params) as (number | bigint)[]
    ).map(Number);
    // …then exact cosine on the candidates' float vectors (looked up by id, not by scanning the chat).
    rows = sqlite
      .prepare(
        `SELECT c.id, vec_distance_cosine(e.vector, ?) AS d FROM json_each(?) j
         CROSS JOIN search_chunks c ON c.id = j.value JOIN embedding_cache e ON e.hash = c.hash
         ORDER BY d, c.id LIMIT ?`,
      )
      .all(q, JSON.stringify(candidates), n) as { id: number; d: number }[];
  } else {
    const where = chunkConditions(filters);
    rows = sqlite
      .prepare(
        `SELECT c.id, vec_distance_cosine(e.vector, ?) AS d FROM search_chunks c
         JOIN embedding_cache e ON e.hash = c.hash
         WHERE ${where.sql} AND c.embedded = 1 ORDER BY d, c.id LIMIT ?`,
      )
      .all(q, ...where.params, n) as { id: number; d: number }[];
  }
  return rows.map((r) => ({ id: r.id, score: 1 - r.d }));
}

/** FTS5 terms for a query: its content words of 3+ characters, any of which may match. */
export function lexicalTerms(query: string): string[] {
  const stems = new Set(contentStems(query));
  const words = query.normalize('NFC').match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  return [
    ...new Set(
      words
        .filter((w) => [...w].length >= 3 && stems.has(contentStems(w)[0] ?? ''))
        .map((w) => w.toLowerCase()),
    ),
  ];
}

/** Top `n` chunks by the bm25 weight of their messages matching any content word of the query. */
export function lexicalSearch(library: Library, filters: Filters, query: string, n: number): Ranked[] {
  const terms = lexicalTerms(query);
  if (terms.length === 0) return [];
  const where = chunkConditions(filters);
  const match = terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ');
  const rows = library.sqlite
    .prepare(
      `WITH hits AS (
         SELECT m.seq AS seq, -bm25(messages_fts) AS w FROM messages_fts
         JOIN messages m ON m.id = messages_fts.rowid
         WHERE messages_fts MATCH ? AND m.chat_id = ? ORDER BY bm25(messages_fts) LIMIT 500),
       owned AS (
         SELECT h.seq, h.w, (SELECT c.id FROM search_chunks c WHERE c.chat_id = ? AND c.first_seq <= h.seq
                             ORDER BY c.first_seq DESC LIMIT 1) AS chunk_id
         FROM hits h)
       SELECT c.id, sum(o.w) AS score FROM owned o JOIN search_chunks c ON c.id = o.chunk_id
       WHERE o.seq <= c.last_seq AND ${where.sql}
       GROUP BY c.id ORDER BY score DESC, c.id LIMIT ?`,
    )
    .all(match, filters.chatId, filters.chatId, ...where.params, n) as Ranked[];
  return rows;
}

/** Reciprocal rank fusion of rankings (best first). */
export function fuse(rankings: Ranked[][], k: number): Ranked[] {
  const scores = new Map<number, number>();
  for (const ranking of rankings) {
    ranking.forEach((r, i) => scores.set(r.id, (scores.get(r.id) ?? 0) + 1 / (RRF_K + i + 1)));
  }
  return [...scores.entries()]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, k);
}

/** Query vectors (RETRIEVAL_QUERY), from the cache or from Gemini, in order. */
async function embedQueries(
  library: Library,
  gemini: GeminiSource,
  texts: string[],
  signal: AbortSignal | undefined,
): Promise<Float32Array[]> {
  const keys = texts.map((t) => embeddingKey('RETRIEVAL_QUERY', t));
  const cached = cachedVectors(library, keys);
  const missing = [...new Set(keys.filter((k) => !cached.has(k)))];
  if (missing.length > 0) {
    const byKey = new Map(keys.map((k, i) => [k, texts[i]!]));
    const gateway = await resolveGemini(gemini);
    const vectors = await gateway.embed(
      missing.map((k) => byKey.get(k)!),
      { task: 'RETRIEVAL_QUERY', ...(signal ? { signal } : {}) },
    );
    const entries = missing.map((hash, i) => ({ hash, vector: vectors[i]! }));
    cacheVectors(library, 'RETRIEVAL_QUERY', entries);
    for (const e of entries) cached.set(e.hash, e.vector);
  } else {
    cacheVectors(
      library,
      'RETRIEVAL_QUERY',
      keys.map((hash) => ({ hash, vector: cached.get(hash)! })),
    );
  }
  return keys.map((k) => cached.get(k)!);
}

interface ChunkRow {
  id: number;
  chatId: number;
  firstSeq: number;
  lastSeq: number;
  startTs: number;
  endTs: number;
}

function hydrate(
  library: Library,
  ranked: Ranked[],
  extra: Map<number, Partial<RetrievedChunk>>,
): RetrievedChunk[] {
  const chunk = library.sqlite.prepare(
    `SELECT id, chat_id AS chatId, first_seq AS firstSeq, last_seq AS lastSeq, start_ts AS startTs, end_ts AS endTs
     FROM search_chunks WHERE id = ?`,
  );
  const messages = library.sqlite.prepare(
    `SELECT m.id, m.seq, m.ts, p.name AS author, m.text, m.kind, a.file_name AS attachment
     FROM messages m LEFT JOIN participants p ON p.id = m.author_id LEFT JOIN attachments a ON a.message_id = m.id
     WHERE m.chat_id = ? AND m.seq BETWEEN ? AND ? ORDER BY m.seq`,
  );
  return ranked.flatMap((r, i) => {
    const row = chunk.get(r.id) as ChunkRow | undefined;
    if (!row) return [];
    const list = (messages.all(row.chatId, row.firstSeq, row.lastSeq) as Omit<RetrievedMessage, 'at'>[])
      .filter((m) => isConversational(m.kind))
      .map((m) => ({ ...m, at: formatWallClock(m.ts) }));
    return [
      {
        chunkId: row.id,
        rank: i + 1,
        score: r.score,
        similarity: null,
        vectorRank: null,
        lexicalRank: null,
        ...extra.get(row.id),
        startAt: formatWallClock(row.startTs),
        endAt: formatWallClock(row.endTs),
        firstSeq: row.firstSeq,
        lastSeq: row.lastSeq,
        authors: [...new Set(list.flatMap((m) => (m.author === null ? [] : [m.author])))],
        messageIds: list.map((m) => m.id),
        messages: list,
      },
    ];
  });
}

/**
 * The best chunks of a chat for each query, in the order of `queries`. Vector and hybrid modes search what
 * is embedded now — call `indexChat` first (the `search-index-query` handler does) — and embed the queries
 * (cached). Lexical mode needs no Gemini at all and chunks the chat itself if its chunks are not current.
 */
export async function retrieve(
  library: Library,
  gemini: GeminiSource | null,
  chatId: number,
  queries: string[],
  options: RetrieveOptions = {},
): Promise<RetrievedChunk[][]> {
  const k = options.k ?? 10;
  const mode = options.mode ?? 'hybrid';
  const filters = resolveFilters(library, chatId, options);
  const depth = Math.max(FUSION_DEPTH, 2 * k);
  let vectors: Float32Array[] = [];
  // Lexical search needs only the chunks: brought up to date here, no Gemini involved.
  if (mode === 'lexical' && !chunksAreCurrent(library, chatId)) {
    await chunkChat(library, chatId, undefined, options.signal);
  }
  const anyChunk = library.sqlite
    .prepare('SELECT 1 FROM search_chunks WHERE chat_id = ? LIMIT 1')
    .get(chatId);
  if (!anyChunk) return queries.map(() => []);
  if (mode !== 'lexical') {
    if (!gemini) throw new AppError('gemini-not-configured', 'Semantic search needs Gemini access.');
    const renderer = pseudonymisingRenderer(chatParticipants(library, chatId));
    vectors = await embedQueries(
      library,
      gemini,
      queries.map((q) => renderer.query(q)),
      options.signal,
    );
  }
  return queries.map((query, qi) => {
    const vector =
      mode === 'lexical' ? [] : vectorSearch(library, filters, vectors[qi]!, depth, options.strategy);
    const lexical = mode === 'vector' ? [] : lexicalSearch(library, filters, query, depth);
    const extra = new Map<number, Partial<RetrievedChunk>>();
    vector.forEach((r, i) => extra.set(r.id, { similarity: r.score, vectorRank: i + 1 }));
    lexical.forEach((r, i) => extra.set(r.id, { ...extra.get(r.id), lexicalRank: i + 1 }));
    const ranked =
      mode === 'hybrid' ? fuse([vector, lexical], k) : (mode === 'vector' ? vector : lexical).slice(0, k);
    return hydrate(library, ranked, extra);
  });
}
