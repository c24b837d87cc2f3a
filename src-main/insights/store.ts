/** The job store: insight jobs and their six insights in the library (tables in db/schema-insights.ts). */
import { randomUUID } from 'node:crypto';
import type {
  InsightStatus,
  InsightView,
  JobStatus,
  JobView,
  PaymentMode,
  Settlement,
} from '../../src-shared/insights/types';
import { findCategory, findInsightType } from '../../src-shared/insights/catalog';
import type { Library } from '../db/open';
import { AppError } from '../errors';
import type { InsightContext } from './context';

const JOB_COLUMNS = `id, chat_id AS chatId, category, key, payment, reservation_id AS reservationId, status, run, model,
  settlement, created_at AS createdAt, updated_at AS updatedAt, finished_at AS finishedAt`;
const INSIGHT_COLUMNS = `id, job_id AS jobId, type, position, status, attempts, prompt_tokens AS promptTokens,
  output_tokens AS outputTokens, latency_ms AS latencyMs, started_at AS startedAt, finished_at AS finishedAt,
  context, result, error_code AS errorCode, error, paid`;

export interface Job {
  id: number;
  chatId: number;
  category: string;
  key: string;
  payment: PaymentMode;
  reservationId: string | null;
  status: JobStatus;
  run: number;
  model: string;
  settlements: Settlement[];
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface Insight {
  id: number;
  jobId: number;
  type: string;
  position: number;
  status: InsightStatus;
  attempts: number;
  promptTokens: number;
  outputTokens: number;
  latencyMs: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  context: InsightContext | null;
  result: unknown;
  errorCode: string | null;
  error: string | null;
  paid: boolean;
}

/** Rows as SQLite returns them: JSON as text, booleans as 0/1, enums as plain text. */
type JobRow = Omit<Job, 'payment' | 'status' | 'settlements'> & {
  payment: string;
  status: string;
  settlement: string | null;
};
type InsightRow = Omit<Insight, 'status' | 'context' | 'result' | 'paid'> & {
  status: string;
  context: string | null;
  result: string | null;
  paid: number;
};

const toJob = ({ settlement, ...r }: JobRow): Job => ({
  ...r,
  payment: r.payment as PaymentMode,
  status: r.status as JobStatus,
  settlements: settlement ? (JSON.parse(settlement) as Settlement[]) : [],
});

const toInsight = (r: InsightRow): Insight => ({
  ...r,
  status: r.status as InsightStatus,
  context: r.context ? (JSON.parse(r.context) as InsightContext) : null,
  result: r.result ? (JSON.parse(r.result) as unknown) : null,
  paid: r.paid === 1,
});

export class InsightStore {
  constructor(private readonly library: Library) {}

  private get sql() {
    return this.library.sqlite;
  }

  /** A new job with one pending insight per type of the category. */
  createJob(input: {
    chatId: number;
    category: string;
    payment: PaymentMode;
    model: string;
    status: JobStatus;
    contexts?: Map<string, InsightContext>;
  }): Job {
    const category = findCategory(input.category);
    if (!category)
      throw new AppError('unknown-category', `There is no insight category "${input.category}".`);
    const now = Date.now();
    return this.sql.transaction(() => {
      const { lastInsertRowid } = this.sql
        .prepare(
          `INSERT INTO insight_jobs (chat_id, category, key, payment, status, model, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(input.chatId, input.category, randomUUID(), input.payment, input.status, input.model, now, now);
      const jobId = Number(lastInsertRowid);
      const insert = this.sql.prepare(
        `INSERT INTO insights (job_id, type, position, status, context) VALUES (?, ?, ?, 'pending', ?)`,
      );
      category.types.forEach((type, position) => {
        const context = input.contexts?.get(type.id);
        insert.run(jobId, type.id, position, context ? JSON.stringify(context) : null);
      });
      return this.job(jobId);
    })();
  }

  job(jobId: number): Job {
    const row = this.sql.prepare(`SELECT ${JOB_COLUMNS} FROM insight_jobs WHERE id = ?`).get(jobId) as
      JobRow | undefined;
    if (!row) throw new AppError('job-not-found', `There is no insight job ${jobId}.`);
    return toJob(row);
  }

  jobsOfChat(chatId: number): Job[] {
    return (
      this.sql
        .prepare(`SELECT ${JOB_COLUMNS} FROM insight_jobs WHERE chat_id = ? ORDER BY id DESC`)
        .all(chatId) as JobRow[]
    ).map(toJob);
  }

  /** Jobs left running (the app stopped while they ran). */
  unfinishedJobs(): Job[] {
    return (
      this.sql
        .prepare(`SELECT ${JOB_COLUMNS} FROM insight_jobs WHERE status = 'running' ORDER BY id`)
        .all() as JobRow[]
    ).map(toJob);
  }

  /** The draft of a chat and category, if one was previewed and not unlocked yet. */
  draft(chatId: number, category: string): Job | null {
    const row = this.sql
      .prepare(
        `SELECT ${JOB_COLUMNS} FROM insight_jobs WHERE chat_id = ? AND category = ? AND status = 'draft'
         ORDER BY id DESC LIMIT 1`,
      )
      .get(chatId, category) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  deleteJob(jobId: number): void {
    this.sql.prepare('DELETE FROM insight_jobs WHERE id = ?').run(jobId);
  }

  insights(jobId: number): Insight[] {
    return (
      this.sql
        .prepare(`SELECT ${INSIGHT_COLUMNS} FROM insights WHERE job_id = ? ORDER BY position`)
        .all(jobId) as InsightRow[]
    ).map(toInsight);
  }

  insight(insightId: number): Insight {
    const row = this.sql.prepare(`SELECT ${INSIGHT_COLUMNS} FROM insights WHERE id = ?`).get(insightId) as
      InsightRow | undefined;
    if (!row) throw new AppError('insight-not-found', `There is no insight ${insightId}.`);
    return toInsight(row);
  }

  updateJob(
    jobId: number,
    patch: Partial<Pick<Job, 'status' | 'reservationId' | 'run' | 'payment' | 'settlements' | 'finishedAt'>>,
  ): Job {
    const columns: Record<string, unknown> = {};
    if (patch.status !== undefined) columns.status = patch.status;
    if (patch.reservationId !== undefined) columns.reservation_id = patch.reservationId;
    if (patch.run !== undefined) columns.run = patch.run;
    if (patch.payment !== undefined) columns.payment = patch.payment;
    if (patch.settlements !== undefined) columns.settlement = JSON.stringify(patch.settlements);
    if (patch.finishedAt !== undefined) columns.finished_at = patch.finishedAt;
    this.update('insight_jobs', jobId, columns);
    return this.job(jobId);
  }

  updateInsight(
    insightId: number,
    patch: Partial<
      Pick<
        Insight,
        | 'status'
        | 'attempts'
        | 'promptTokens'
        | 'outputTokens'
        | 'latencyMs'
        | 'startedAt'
        | 'finishedAt'
        | 'context'
        | 'result'
        | 'errorCode'
        | 'error'
        | 'paid'
      >
    >,
  ): void {
    const names: Record<string, string> = {
      status: 'status',
      attempts: 'attempts',
      promptTokens: 'prompt_tokens',
      outputTokens: 'output_tokens',
      latencyMs: 'latency_ms',
      startedAt: 'started_at',
      finishedAt: 'finished_at',
      errorCode: 'error_code',
      error: 'error',
    };
    const columns: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(names)) {
      const value = patch[key as keyof typeof patch];
      if (value !== undefined) columns[column] = value;
    }
    if (patch.context !== undefined)
      columns.context = patch.context === null ? null : JSON.stringify(patch.context);
    if (patch.result !== undefined)
      columns.result = patch.result === null ? null : JSON.stringify(patch.result);
    if (patch.paid !== undefined) columns.paid = patch.paid ? 1 : 0;
    this.update('insights', insightId, columns, false);
  }

  private update(table: string, id: number, columns: Record<string, unknown>, touch = true): void {
    if (touch) columns.updated_at = Date.now();
    const keys = Object.keys(columns);
    if (keys.length === 0) return;
    this.sql
      .prepare(`UPDATE ${table} SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`)
      .run(...keys.map((k) => columns[k]), id);
  }

  /** The job as the UI sees it. */
  view(jobId: number): JobView {
    const job = this.job(jobId);
    return {
      id: job.id,
      chatId: job.chatId,
      category: job.category,
      payment: job.payment,
      status: job.status,
      run: job.run,
      model: job.model,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
      finishedAt: job.finishedAt,
      settlements: job.settlements,
      insights: this.insights(jobId).map((i) => insightView(job.category, i)),
    };
  }
}

export function insightView(category: string, i: Insight): InsightView {
  const type = findInsightType(category, i.type);
  return {
    id: i.id,
    type: i.type,
    title: type?.title ?? i.type,
    renderer: type?.renderer ?? 'findings',
    status: i.status,
    attempts: i.attempts,
    promptTokens: i.promptTokens,
    outputTokens: i.outputTokens,
    latencyMs: i.latencyMs,
    startedAt: i.startedAt,
    finishedAt: i.finishedAt,
    result: i.result,
    error: i.errorCode ? { code: i.errorCode, message: i.error ?? '' } : null,
    paid: i.paid,
    cost: type?.cost ?? 0,
  };
}
