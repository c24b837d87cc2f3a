/**
 * The insight pipeline: previews, unlocks, runs, retries, cancels and resumes jobs.
 *
 * A job is one unlock of a category for a chat. Its six contexts are built once (or taken from the preview
 * the user saw) and stored; then every pending insight goes to the worker pool at once, and the results
 * are stored as they arrive, with 'insight-progress' events and an ETA. A run ends with one settlement:
 * with coins, the share of insights that succeeded in that run is captured and the rest released. Retrying
 * failed insights is a new run with its own reservation. A job left running when the app stopped resumes
 * with `resume()` (pending and running insights run again; an unsettled reservation is settled).
 */
import type {
  InsightProgress,
  JobView,
  PaymentMode,
  Preview,
  Settlement,
} from '../../src-shared/insights/types';
import {
  findCategory,
  findInsightType,
  INSIGHTS_PER_CATEGORY,
  SYSTEM_INSTRUCTION,
} from '../../src-shared/insights/catalog';
import type { Library } from '../db/open';
import type { Emit } from '../context';
import { AppError } from '../errors';
import { PROXY_PLACEHOLDER_KEY } from '../gemini/access';
import {
  createGeminiGateway,
  DEFAULT_GENERATION_MODEL,
  type GeminiAccess,
  type GeminiGateway,
  type RetryPolicy,
} from '../gemini/gateway';
import { getChatSummary } from '../library/queries';
import { buildContexts, type BuildOptions } from './build';
import type { InsightContext } from './context';
import { chatFingerprint, creditsPayment, ownKeyPayment, type CreditsServer, type Payment } from './payment';
import { createInsightPool, type InsightPool } from './pool';
import { InsightStore, type Insight, type Job } from './store';
import type { InsightOutcome } from './task';

/** Retries inside one insight: fewer and shorter than the gateway's default, the user is watching. */
export const INSIGHT_POLICY: Partial<RetryPolicy> = {
  attempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 20_000,
  timeoutMs: 90_000,
};
/** No insight runs longer than this, retries included. */
export const INSIGHT_DEADLINE_MS = 6 * 60_000;
/** The ETA's guess before any latency was measured. */
const DEFAULT_LATENCY_MS = 20_000;

export interface InsightsServiceOptions {
  library: Library;
  emit: Emit;
  /** The app's Gemini gateway for the user's own access (AppContext.gemini). */
  gemini: () => Promise<GeminiGateway>;
  model?: string;
  /** The credits server for paying with coins (issue 8 wires sign-in); default RELIVCHATS_SERVER_URL + _TOKEN. */
  credits?: () => Promise<CreditsServer | null>;
  /** Replaces how each mode pays (tests). */
  payment?: (mode: PaymentMode) => Promise<Payment>;
  pool?: { threads?: number; workerPath?: string };
  policy?: Partial<RetryPolicy>;
  deadlineMs?: number;
  build?: Pick<BuildOptions, 'budgetTokens' | 'k'>;
  env?: NodeJS.ProcessEnv;
}

/** The credits proxy refused a call for an expired or missing session token. */
const isExpiredSession = (error: { code: string; details?: unknown }) =>
  error.code === 'gemini-proxy-refused' &&
  (error.details as { code?: string } | undefined)?.code === 'unauthorized';

export function envCreditsServer(env: NodeJS.ProcessEnv = process.env): CreditsServer | null {
  const url = env.RELIVCHATS_SERVER_URL;
  const token = env.RELIVCHATS_SERVER_TOKEN;
  return url && token ? { url, token: async () => token } : null;
}

const idempotencyKey = (job: Job, what: string) => `insights-${job.key}-run${job.run}-${what}`;

export class InsightsService {
  readonly store: InsightStore;
  readonly #o: InsightsServiceOptions;
  readonly #pool: InsightPool;
  /** Running jobs: their cancel switch and the promise of their run. */
  readonly #runs = new Map<number, { controller: AbortController; done: Promise<void> }>();
  readonly #listeners = new Set<(progress: InsightProgress) => void>();
  #credits: InsightsServiceOptions['credits'];
  #closed = false;

  constructor(options: InsightsServiceOptions) {
    this.#o = options;
    this.#credits = options.credits;
    this.store = new InsightStore(options.library);
    this.#pool = createInsightPool(options.pool);
  }

  get model(): string {
    return this.#o.model ?? this.#o.env?.RELIVCHATS_INSIGHTS_MODEL ?? DEFAULT_GENERATION_MODEL;
  }

  // ------------------------------------------------------------------------------------------------------
  // Gemini access and payment

  async #creditsServer(): Promise<CreditsServer> {
    const server = await (this.#credits ?? (async () => envCreditsServer(this.#o.env)))();
    if (!server) {
      throw new AppError('not-signed-in', 'Paying with coins needs you to sign in to the credits server.');
    }
    return server;
  }

  /** The gateway of the user's own key, or null when none is set. */
  async #ownGateway(): Promise<GeminiGateway | null> {
    try {
      const gateway = await this.#o.gemini();
      return gateway.access.via === 'own-key' ? gateway : null;
    } catch (error) {
      if (error instanceof AppError && error.code === 'gemini-not-configured') return null;
      throw error;
    }
  }

  async #access(job: Job): Promise<GeminiAccess> {
    if (job.payment === 'own-key') {
      const access = (await this.#ownGateway())?.access;
      if (!access) {
        throw new AppError(
          'gemini-not-configured',
          'No Gemini API key: enter yours in the settings (or set GEMINI_API_KEY), or pay with coins.',
        );
      }
      return access;
    }
    const server = await this.#creditsServer();
    if (!job.reservationId) throw new AppError('internal', `job ${job.id} has no reservation`);
    return {
      via: 'credits',
      apiKey: PROXY_PLACEHOLDER_KEY,
      baseUrl: `${server.url.replace(/\/+$/, '')}/gemini`,
      headers: { authorization: `Bearer ${await server.token()}`, 'x-reservation-id': job.reservationId },
    };
  }

  async #payment(mode: PaymentMode): Promise<Payment> {
    if (this.#o.payment) return this.#o.payment(mode);
    return mode === 'own-key' ? ownKeyPayment : creditsPayment(await this.#creditsServer());
  }

  /** Where coins come from from now on (the account domain sets it on sign-in; the CLI from its flags). */
  useCreditsServer(provider: () => Promise<CreditsServer | null>): void {
    this.#credits = provider;
  }

  /** Progress of every job, besides the 'insight-progress' events (the CLI prints it). */
  onProgress(listener: (progress: InsightProgress) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ------------------------------------------------------------------------------------------------------
  // Preview

  /** The draft of a chat and category: the exact text each insight will send. */
  async preview(chatId: number, category: string, refresh = false): Promise<Preview> {
    getChatSummary(this.#o.library, chatId);
    // Someone looking at a preview is likely to unlock: start the threads meanwhile.
    this.#pool.warm().catch(() => undefined);
    let draft = this.#currentDraft(chatId, category);
    if (draft && refresh) {
      this.store.deleteJob(draft.id);
      draft = null;
    }
    if (!draft) {
      // With the user's own key the chat is indexed and searched semantically; otherwise (coins, before
      // paying) full-text search chooses the excerpts. Either way, unlocking sends exactly this.
      const gateway = await this.#ownGateway();
      const { contexts } = await buildContexts(this.#o.library, chatId, category, {
        gemini: gateway,
        ...this.#o.build,
      });
      draft = this.store.createJob({
        chatId,
        category,
        payment: gateway ? 'own-key' : 'credits',
        model: this.model,
        status: 'draft',
        contexts,
      });
    }
    return this.#previewOf(draft);
  }

  /** The draft of a chat and category, unless the chat changed since (then it is dropped). */
  #currentDraft(chatId: number, category: string): Job | null {
    const draft = this.store.draft(chatId, category);
    if (draft && getChatSummary(this.#o.library, chatId).updatedAt > draft.createdAt) {
      this.store.deleteJob(draft.id);
      return null;
    }
    return draft;
  }

  #previewOf(job: Job): Preview {
    const insights = this.store.insights(job.id);
    const contexts = insights.map((i) => i.context).filter((c): c is InsightContext => c !== null);
    return {
      jobId: job.id,
      chatId: job.chatId,
      category: job.category,
      legend: (contexts[0]?.legend ?? []).map((p) => ({ pseudonym: p.pseudonym, name: p.name })),
      insights: insights.map((i) => ({
        type: i.type,
        title: findInsightType(job.category, i.type)?.title ?? i.type,
        text: i.context?.text ?? '',
        instructions: SYSTEM_INSTRUCTION,
        messages: i.context?.messages.length ?? 0,
        tokens: i.context?.tokens ?? 0,
      })),
      tokens: contexts.reduce((n, c) => n + c.tokens + Math.ceil(SYSTEM_INSTRUCTION.length / 4), 0),
      retrieval: contexts[0]?.retrieval ?? 'lexical',
    };
  }

  // ------------------------------------------------------------------------------------------------------
  // Unlock, retry, cancel, resume

  /**
   * Pays and starts generating. Returns once the job runs (a reservation refused — e.g. not enough
   * coins — is an error here, before anything is sent).
   */
  async unlock(input: {
    chatId: number;
    category: string;
    payment: PaymentMode;
    jobId?: number;
  }): Promise<JobView> {
    if (!findCategory(input.category))
      throw new AppError('unknown-category', `There is no insight category "${input.category}".`);
    getChatSummary(this.#o.library, input.chatId);
    const running = this.store
      .jobsOfChat(input.chatId)
      .find((j) => j.category === input.category && j.status === 'running');
    if (running) return this.store.view(running.id);

    let job: Job;
    if (input.jobId !== undefined) {
      job = this.store.job(input.jobId);
      if (job.status !== 'draft' || job.chatId !== input.chatId || job.category !== input.category)
        throw new AppError('job-not-draft', `Job ${input.jobId} is not a preview of this chat and category.`);
    } else {
      job =
        this.#currentDraft(input.chatId, input.category) ??
        this.store.createJob({ ...input, model: this.model, status: 'draft' });
    }
    job = this.store.updateJob(job.id, { payment: input.payment });
    await this.#checkAccess(job);
    job = await this.#reserve(job);
    this.store.updateJob(job.id, { status: 'running' });
    this.#start(job.id);
    return this.store.view(job.id);
  }

  /** Runs the failed insights of a finished job again: a new run (and, with coins, a new reservation). */
  async retry(jobId: number): Promise<JobView> {
    let job = this.store.job(jobId);
    if (job.status === 'running') return this.store.view(jobId);
    const failed = this.store.insights(jobId).filter((i) => i.status === 'failed');
    if (job.status === 'draft' || failed.length === 0)
      throw new AppError('nothing-to-retry', 'This job has no failed insights to retry.');
    job = this.store.updateJob(jobId, { run: job.run + 1, reservationId: null });
    await this.#checkAccess(job);
    await this.#reserve(job);
    for (const i of failed)
      this.store.updateInsight(i.id, { status: 'pending', errorCode: null, error: null });
    this.store.updateJob(jobId, { status: 'running', finishedAt: null });
    this.#start(jobId);
    return this.store.view(jobId);
  }

  /** Stops a running job: insights still generating fail as cancelled; what succeeded is kept (and paid). */
  async cancel(jobId: number): Promise<JobView> {
    const run = this.#runs.get(jobId);
    if (run) {
      run.controller.abort();
      await run.done;
    }
    return this.store.view(jobId);
  }

  /** Resumes jobs left running by a previous process (all, or one). Returns their ids. */
  resume(jobId?: number): number[] {
    const resumed: number[] = [];
    for (const job of this.store.unfinishedJobs()) {
      if (this.#runs.has(job.id) || (jobId !== undefined && job.id !== jobId)) continue;
      for (const i of this.store.insights(job.id)) {
        if (i.status === 'running') this.store.updateInsight(i.id, { status: 'pending' });
      }
      this.#start(job.id);
      resumed.push(job.id);
    }
    return resumed;
  }

  /** Resolves when the job's current run has ended (at once if it is not running in this process). */
  async whenDone(jobId: number): Promise<void> {
    await this.#runs.get(jobId)?.done;
  }

  /** The job once its current run has ended. */
  async wait(jobId: number): Promise<JobView> {
    await this.whenDone(jobId);
    return this.store.view(jobId);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const runs = [...this.#runs.values()];
    // Leave jobs as they are (running): the next start resumes them. Stop the threads first so no result
    // is written to a library that is about to close.
    await this.#pool.close();
    for (const run of runs) run.controller.abort();
    await Promise.allSettled(runs.map((r) => r.done));
  }

  async warm(): Promise<void> {
    await this.#pool.warm();
  }

  async #checkAccess(job: Job): Promise<void> {
    if (job.payment === 'own-key') await this.#access(job);
    else await this.#creditsServer();
  }

  async #reserve(job: Job): Promise<Job> {
    if (job.payment !== 'credits' || job.reservationId) return job;
    this.#emit(job, { phase: 'paying' });
    const reservation = await (
      await this.#payment('credits')
    ).reserve({
      chatFingerprint: chatFingerprint(this.#o.library, job.chatId),
      category: job.category,
      idempotencyKey: idempotencyKey(job, 'reserve'),
    });
    return this.store.updateJob(job.id, { reservationId: reservation?.id ?? null });
  }

  #start(jobId: number): void {
    const controller = new AbortController();
    const done = this.#run(jobId, controller.signal)
      .catch((error: unknown) => {
        if (!this.#closed) console.error(`insights: job ${jobId} stopped unexpectedly`, error);
      })
      .finally(() => this.#runs.delete(jobId));
    this.#runs.set(jobId, { controller, done });
  }

  // ------------------------------------------------------------------------------------------------------
  // One run

  async #run(jobId: number, signal: AbortSignal): Promise<void> {
    let job = this.store.job(jobId);
    let pending = this.store.insights(jobId).filter((i) => i.status === 'pending');
    if (pending.length > 0) {
      try {
        await this.#ensureContexts(job, signal);
        pending = this.store.insights(jobId).filter((i) => i.status === 'pending');
        await Promise.all(pending.map((insight) => this.#generate(job, insight, signal)));
      } catch (error) {
        if (this.#closed) return;
        // Contexts could not be built (or access vanished): nothing was generated in this run.
        const shape = error instanceof AppError ? error : new AppError('internal', String(error));
        for (const i of this.store
          .insights(jobId)
          .filter((x) => x.status === 'pending' || x.status === 'running')) {
          this.store.updateInsight(i.id, {
            status: 'failed',
            errorCode: signal.aborted ? 'cancelled' : shape.code,
            error: signal.aborted ? 'Cancelled.' : shape.message,
            finishedAt: Date.now(),
          });
        }
      }
    }
    if (this.#closed) return; // resumed (and settled) by the next process
    job = this.store.job(jobId);
    await this.#settle(job, signal.aborted);
  }

  async #ensureContexts(job: Job, signal: AbortSignal): Promise<void> {
    const insights = this.store.insights(job.id);
    if (insights.every((i) => i.context !== null)) return;
    this.#emit(job, { phase: 'context' });
    const gateway =
      job.payment === 'own-key' ? await this.#o.gemini() : createGeminiGateway(await this.#access(job));
    const { contexts } = await buildContexts(this.#o.library, job.chatId, job.category, {
      gemini: gateway,
      signal,
      ...this.#o.build,
    });
    for (const i of insights) {
      if (i.context === null) this.store.updateInsight(i.id, { context: contexts.get(i.type) ?? null });
    }
  }

  async #generate(job: Job, insight: Insight, signal: AbortSignal): Promise<void> {
    const startedAt = Date.now();
    this.store.updateInsight(insight.id, {
      status: 'running',
      startedAt,
      finishedAt: null,
      attempts: insight.attempts,
    });
    this.#emit(job, { insight: this.store.insight(insight.id), phase: 'generating' });
    let outcome: InsightOutcome;
    const deadline = AbortSignal.timeout(this.#o.deadlineMs ?? INSIGHT_DEADLINE_MS);
    let attemptsSeen = 0;
    const run = async () =>
      this.#pool.run(
        {
          category: job.category,
          type: insight.type,
          model: job.model,
          context: insight.context!,
          access: await this.#access(job),
          policy: { ...INSIGHT_POLICY, ...this.#o.policy },
          temperature: 0.5,
        },
        AbortSignal.any([signal, deadline]),
        (event) => {
          attemptsSeen = event.attempt;
          this.store.updateInsight(insight.id, { attempts: insight.attempts + event.attempt });
          this.#emit(job, {
            insight: this.store.insight(insight.id),
            phase: 'retrying',
            attempt: event.attempt + 1,
          });
        },
      );
    try {
      outcome = await run();
      // With coins, the proxy wants a fresh session token; one that expired during long retries is
      // renewed once (the next dispatch takes a new one).
      if (!outcome.ok && job.payment === 'credits' && isExpiredSession(outcome.error)) {
        const first = outcome;
        outcome = await run();
        outcome = { ...outcome, attempts: outcome.attempts + first.attempts };
      }
    } catch (error) {
      if (this.#closed) return;
      const code = signal.aborted
        ? 'cancelled'
        : deadline.aborted
          ? 'insight-timeout'
          : error instanceof AppError
            ? error.code
            : 'internal';
      const message = signal.aborted
        ? 'Cancelled.'
        : deadline.aborted
          ? `No usable answer within ${Math.round((this.#o.deadlineMs ?? INSIGHT_DEADLINE_MS) / 1000)} s.`
          : error instanceof Error
            ? error.message
            : String(error);
      outcome = {
        ok: false,
        error: { code, message },
        attempts: attemptsSeen + 1,
        latencyMs: Date.now() - startedAt,
      };
    }
    if (this.#closed) return;
    const finishedAt = Date.now();
    const attempts = insight.attempts + outcome.attempts;
    if (outcome.ok) {
      this.store.updateInsight(insight.id, {
        status: 'completed',
        attempts,
        result: outcome.result,
        promptTokens: insight.promptTokens + outcome.promptTokens,
        outputTokens: insight.outputTokens + outcome.outputTokens,
        latencyMs: outcome.latencyMs,
        finishedAt,
        errorCode: null,
        error: null,
      });
    } else {
      this.store.updateInsight(insight.id, {
        status: 'failed',
        attempts,
        finishedAt,
        errorCode: outcome.error.code,
        error: outcome.error.message,
      });
    }
    this.#emit(job, { insight: this.store.insight(insight.id), phase: 'done' });
  }

  async #settle(job: Job, cancelled: boolean): Promise<void> {
    const insights = this.store.insights(job.id);
    const completed = insights.filter((i) => i.status === 'completed');
    let settlements = job.settlements;
    if (job.payment === 'credits' && job.reservationId) {
      this.#emit(job, { phase: 'settling' });
      const fresh = completed.filter((i) => !i.paid);
      const payment = await this.#payment('credits');
      let outcome;
      try {
        outcome = await payment.settle(job.reservationId, {
          succeeded: fresh.length,
          total: INSIGHTS_PER_CATEGORY,
          idempotencyKey: idempotencyKey(job, 'settle'),
        });
      } catch (error) {
        // An expired reservation was released by the server: nothing was charged for this run.
        if (error instanceof AppError && error.code === 'reservation-expired') outcome = null;
        else {
          // Unreachable server: the job stays running with its reservation; the next resume settles it.
          console.error(
            `insights: settling job ${job.id} failed; it will be settled on the next start`,
            error,
          );
          return;
        }
      }
      if (outcome && outcome.captured > 0)
        for (const i of fresh) this.store.updateInsight(i.id, { paid: true });
      const settlement: Settlement = {
        run: job.run,
        reservationId: job.reservationId,
        succeeded: outcome ? fresh.length : 0,
        total: INSIGHTS_PER_CATEGORY,
        captured: outcome?.captured ?? 0,
        released: outcome?.released ?? 0,
        at: Date.now(),
      };
      settlements = [...settlements, settlement];
    }
    const status = cancelled
      ? 'cancelled'
      : completed.length === insights.length
        ? 'completed'
        : completed.length === 0
          ? 'failed'
          : 'partial';
    this.store.updateJob(job.id, { status, settlements, reservationId: null, finishedAt: Date.now() });
    this.#emit(this.store.job(job.id), { phase: 'finished' });
  }

  // ------------------------------------------------------------------------------------------------------
  // Progress

  /** Median latency of the last insights generated in this library: what the ETA expects. */
  #expectedLatency(): number {
    const recent = this.#o.library.sqlite
      .prepare(
        `SELECT latency_ms FROM insights WHERE status = 'completed' AND latency_ms IS NOT NULL
         ORDER BY finished_at DESC LIMIT 30`,
      )
      .pluck()
      .all() as number[];
    if (recent.length === 0) return DEFAULT_LATENCY_MS;
    recent.sort((a, b) => a - b);
    return recent[Math.floor(recent.length / 2)]!;
  }

  #emit(job: Job, event: { phase: InsightProgress['phase']; insight?: Insight; attempt?: number }): void {
    const insights = this.store.insights(job.id);
    const now = Date.now();
    const expected = this.#expectedLatency();
    const open = insights.filter((i) => i.status === 'pending' || i.status === 'running');
    const etaMs =
      job.status !== 'running' && event.phase === 'finished'
        ? 0
        : open.length === 0
          ? 0
          : Math.max(
              ...open.map((i) =>
                i.status === 'running' && i.startedAt
                  ? Math.max(0, expected - (now - i.startedAt))
                  : expected,
              ),
            );
    const current = this.store.job(job.id);
    const progress: InsightProgress = {
      jobId: job.id,
      chatId: job.chatId,
      category: job.category,
      ...(event.insight
        ? {
            insightId: event.insight.id,
            type: event.insight.type,
            status: event.insight.status,
            attempt: event.attempt ?? Math.max(1, event.insight.attempts),
          }
        : {}),
      phase: event.phase,
      jobStatus: current.status,
      completed: insights.filter((i) => i.status === 'completed').length,
      failed: insights.filter((i) => i.status === 'failed').length,
      total: insights.length,
      etaMs,
    };
    this.#o.emit('insight-progress', progress);
    for (const listener of this.#listeners) listener(progress);
  }
}
