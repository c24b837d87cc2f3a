/**
 * The semantic index (issue 5). Chunks are conversations cut from a chat; their vectors live once in the
 * embedding cache (by content hash, shared across chats) and, binary-quantised for the KNN prefilter, in the
 * sqlite-vec table `search_vectors` (custom migration: partitioned by chat, rowid = chunk id, cleaned by a
 * trigger whenever a chunk row goes — including through the chats cascade).
 */
import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { chats } from './schema';

export const searchChunks = sqliteTable(
  'search_chunks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    chatId: integer('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    /** Cache key of the embedded text: sha256 of model, dimensions, task and text. */
    hash: text('hash').notNull(),
    firstSeq: integer('first_seq').notNull(),
    lastSeq: integer('last_seq').notNull(),
    firstMessageId: integer('first_message_id').notNull(),
    lastMessageId: integer('last_message_id').notNull(),
    /** Wall-clock seconds (see src-shared/messages.ts) of the first and last message. */
    startTs: integer('start_ts').notNull(),
    endTs: integer('end_ts').notNull(),
    /** Messages rendered into the text (system messages are left out). */
    messageCount: integer('message_count').notNull(),
    /** JSON array of the participant ids who wrote in it. */
    authorIds: text('author_ids').notNull(),
    /** Exactly what is embedded: speaker labels and times, pseudonymised. */
    text: text('text').notNull(),
    tokens: integer('tokens').notNull(),
    /** Its vector is in search_vectors (and the cache). */
    embedded: integer('embedded', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('search_chunks_chat_seq').on(t.chatId, t.firstSeq), index('search_chunks_hash').on(t.hash)],
);

/** Normalised float32 vectors by content hash, so nothing is embedded twice. */
export const embeddingCache = sqliteTable('embedding_cache', {
  hash: text('hash').primaryKey(),
  /** 'RETRIEVAL_DOCUMENT' (chunks: pruned when no chunk uses them) or 'RETRIEVAL_QUERY'. */
  task: text('task').notNull(),
  model: text('model').notNull(),
  dimensions: integer('dimensions').notNull(),
  vector: blob('vector', { mode: 'buffer' }).notNull(),
  createdAt: integer('created_at').notNull(),
  usedAt: integer('used_at').notNull(),
});
