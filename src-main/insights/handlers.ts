import type { insightsApi } from '../../src-shared/api/insights';
import { CATEGORIES } from '../../src-shared/insights/catalog';
import { jobToMarkdown } from '../../src-shared/insights/markdown';
import type { AppContext } from '../context';
import type { HandlerMap } from '../handler-map';
import { getChatSummary } from '../library/queries';

/** Ties a job to a client's opId, so `ops-cancel` stops it. */
function track(ctx: AppContext, opId: string | undefined, start: () => Promise<{ id: number }>) {
  if (!opId) return start();
  const signal = ctx.ops.start(opId);
  return start().then(
    (job) => {
      const cancel = () => void ctx.insights.cancel(job.id);
      signal.addEventListener('abort', cancel, { once: true });
      void ctx.insights.whenDone(job.id).finally(() => {
        signal.removeEventListener('abort', cancel);
        ctx.ops.finish(opId);
      });
      return job;
    },
    (error: unknown) => {
      ctx.ops.finish(opId);
      throw error;
    },
  );
}

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60) || 'chat';

export const insightsHandlers: HandlerMap<keyof typeof insightsApi> = {
  'insights-catalog': async () => ({ categories: CATEGORIES }),
  'insights-preview': async ({ chatId, category, refresh }, ctx) =>
    ctx.insights.preview(chatId, category, refresh),
  'insights-unlock': async ({ opId, ...input }, ctx) =>
    track(ctx, opId, () => ctx.insights.unlock(input)) as ReturnType<typeof ctx.insights.unlock>,
  'insights-status': async ({ jobId }, ctx) => ctx.insights.store.view(jobId),
  'insights-list': async ({ chatId }, ctx) => {
    getChatSummary(ctx.library, chatId);
    const jobs = ctx.insights.store.jobsOfChat(chatId).filter((j) => j.status !== 'draft');
    return { jobs: jobs.map((j) => ctx.insights.store.view(j.id)) };
  },
  'insights-retry': async ({ jobId, opId }, ctx) =>
    track(ctx, opId, () => ctx.insights.retry(jobId)) as ReturnType<typeof ctx.insights.retry>,
  'insights-cancel': async ({ jobId }, ctx) => ctx.insights.cancel(jobId),
  'insights-export': async ({ jobId }, ctx) => {
    const job = ctx.insights.store.view(jobId);
    const chat = getChatSummary(ctx.library, job.chatId);
    return {
      fileName: `${slug(chat.title)}-${job.category}-insights.md`,
      markdown: jobToMarkdown(job, chat.title),
    };
  },
};

/**
 * Resumes insight jobs a previous run of the app left unfinished (pending and running insights run again,
 * an unsettled reservation is settled). Every door that serves the app calls it once at start.
 */
export function resumeInsightJobs(ctx: AppContext): number[] {
  return ctx.insights.resume();
}
