/**
 * Insight jobs: one unlock of a category for a chat (how it is paid, its state) and its six insights
 * (state, attempts, tokens, timings, the exact context sent, the result). Deleting a chat deletes them.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { chats } from './schema';

export const insightJobs = sqliteTable(
  'insight_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    chatId: integer('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    category: text('category').notNull(),
    /** A random id: the credits server's idempotency keys derive from it (ids repeat across libraries). */
    key: text('key').notNull(),
    /** 'own-key' | 'credits' */
    payment: text('payment').notNull(),
    /** The credits server's reservation for the current run (credits only). */
    reservationId: text('reservation_id'),
    /** 'draft' (previewed) | 'running' | 'completed' | 'partial' | 'failed' | 'cancelled' */
    status: text('status').notNull(),
    /** 1 for the first run, +1 for each retry of failed insights (each run has its own reservation). */
    run: integer('run').notNull().default(1),
    model: text('model').notNull(),
    /** JSON: what the settlements captured and released (credits only). */
    settlement: text('settlement'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [index('insight_jobs_chat').on(t.chatId, t.category), uniqueIndex('insight_jobs_key').on(t.key)],
);

export const insights = sqliteTable(
  'insights',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id')
      .notNull()
      .references(() => insightJobs.id, { onDelete: 'cascade' }),
    /** The insight type's id within the job's category. */
    type: text('type').notNull(),
    position: integer('position').notNull(),
    /** 'pending' | 'running' | 'completed' | 'failed' */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    /** Latency of the last model call, for the ETA of the next run. */
    latencyMs: integer('latency_ms'),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    /** JSON: the pseudonymised context sent (prompt text and its messages), fixed once built. */
    context: text('context'),
    /** JSON: the validated result, names restored. */
    result: text('result'),
    errorCode: text('error_code'),
    error: text('error'),
    /** Captured by a settlement: a retry of this insight is never charged again. */
    paid: integer('paid', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('insights_job_type').on(t.jobId, t.type)],
);
