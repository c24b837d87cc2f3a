/**
 * The desktop library schema (drizzle, SQLite). `npm run db:generate` turns changes here into SQL under
 * migrations/desktop. Virtual tables (FTS5, sqlite-vec) live in hand-written custom migrations.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const chats = sqliteTable('chats', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  title: text('title').notNull(),
  /** 'file-name' when the title came from the export's file name, 'participants' otherwise. */
  titleSource: text('title_source').notNull(),
  platform: text('platform').notNull(), // 'android' | 'ios'
  isGroup: integer('is_group', { mode: 'boolean' }).notNull(),
  dateOrder: text('date_order').notNull(),
  messageCount: integer('message_count').notNull(),
  firstTs: integer('first_ts'),
  lastTs: integer('last_ts'),
  createdAt: integer('created_at').notNull(), // ms since epoch, real time
  updatedAt: integer('updated_at').notNull(),
});

export const participants = sqliteTable(
  'participants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    chatId: integer('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('participants_chat_name').on(t.chatId, t.name)],
);

export const imports = sqliteTable(
  'imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    chatId: integer('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    /** Where the export was read from; media of a zip are read from here on demand. */
    filePath: text('file_path'),
    fileSize: integer('file_size').notNull(),
    sha256: text('sha256').notNull(),
    sourceKind: text('source_kind').notNull(), // 'txt' | 'zip'
    /** The inferred format, as JSON (see src-main/import). */
    format: text('format').notNull(),
    messagesInFile: integer('messages_in_file').notNull(),
    messagesAdded: integer('messages_added').notNull(),
    linesUnparsed: integer('lines_unparsed').notNull(),
    warnings: text('warnings').notNull(), // JSON array
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at').notNull(),
  },
  (t) => [index('imports_chat').on(t.chatId), index('imports_sha').on(t.sha256)],
);

export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    chatId: integer('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    /** Position in the chat: file order, stable across re-imports (new messages continue the sequence). */
    seq: integer('seq').notNull(),
    /** Wall-clock seconds, see src-shared/messages.ts. */
    ts: integer('ts').notNull(),
    authorId: integer('author_id').references(() => participants.id),
    kind: text('kind').notNull(),
    subtype: text('subtype'),
    text: text('text').notNull(),
    edited: integer('edited', { mode: 'boolean' }).notNull().default(false),
    /** 1-based line of the message header in the file it was imported from. */
    sourceLine: integer('source_line').notNull(),
    importId: integer('import_id').notNull(),
  },
  (t) => [uniqueIndex('messages_chat_seq').on(t.chatId, t.seq), index('messages_chat_ts').on(t.chatId, t.ts)],
);

/** Files inside an imported zip (not the chat text). */
export const mediaFiles = sqliteTable(
  'media_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    chatId: integer('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    importId: integer('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    entryName: text('entry_name').notNull(),
    size: integer('size').notNull(),
    mediaType: text('media_type').notNull(),
    mime: text('mime').notNull(),
  },
  (t) => [index('media_files_chat_name').on(t.chatId, t.entryName)],
);

/** A media reference in a message, linked to the zip entry when the export carried the file. */
export const attachments = sqliteTable(
  'attachments',
  {
    messageId: integer('message_id')
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    chatId: integer('chat_id').notNull(),
    fileName: text('file_name').notNull(),
    mediaFileId: integer('media_file_id').references(() => mediaFiles.id, { onDelete: 'set null' }),
  },
  (t) => [index('attachments_chat').on(t.chatId)],
);

/** Computed statistics, keyed by the parameters they were computed for and the code version. */
export const statsCache = sqliteTable(
  'stats_cache',
  {
    chatId: integer('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    json: text('json').notNull(),
    computedAt: integer('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.key] })],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(), // JSON
  updatedAt: integer('updated_at')
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

/** Insight jobs and their insights (issue 6). */
export * from './schema-insights';

/** The semantic index: chunks, embedding cache (issue 5). */
export * from './schema-search-index';
