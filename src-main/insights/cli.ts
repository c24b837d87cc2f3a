/**
 * `relivchats insights <chatId> --category <id>`: unlocks a category and prints the six insights. Gemini
 * with your own key (GEMINI_API_KEY, GEMINI_BASE_URL for any server speaking Gemini's wire format), or with
 * coins through a credits server (--server URL --token TOKEN, or RELIVCHATS_SERVER_URL/_TOKEN).
 */
import { CATEGORY_IDS } from '../../src-shared/insights/catalog';
import { jobToMarkdown } from '../../src-shared/insights/markdown';
import type { InsightProgress, JobView, Preview } from '../../src-shared/insights/types';
import type { CliCommand } from '../cli/command';
import { CliError, parseChatId, printJson, printLine } from '../cli/output';
import { dispatch } from '../dispatch';
import { getChatSummary } from '../library/queries';

const describe = (p: InsightProgress): string | null => {
  if (p.phase === 'paying') return 'reserving coins…';
  if (p.phase === 'context') return 'choosing the excerpts (indexing the chat if needed)…';
  if (p.phase === 'settling') return 'settling the coins…';
  if (!p.type) return null;
  if (p.phase === 'retrying') return `${p.type}: retrying (attempt ${p.attempt})`;
  if (p.phase === 'done') return `${p.type}: ${p.status} (${p.completed + p.failed}/${p.total})`;
  return null;
};

export const insightsCommands: Record<string, CliCommand> = {
  insights: {
    usage: `insights <chatId> --category ${CATEGORY_IDS.join('|')} [--preview] [--server URL --token T] [--json]`,
    summary: 'unlock six AI insights for a chat (own Gemini key, or coins from a credits server)',
    options: {
      category: { type: 'string' },
      json: { type: 'boolean' },
      preview: { type: 'boolean' },
      server: { type: 'string' },
      token: { type: 'string' },
    },
    async run(ctx, [id], flags) {
      const chatId = parseChatId(id);
      const category = flags.category as string | undefined;
      if (!category || !(CATEGORY_IDS as readonly string[]).includes(category))
        throw new CliError(`--category must be one of ${CATEGORY_IDS.join(', ')}`, 2);
      const server = (flags.server as string | undefined) ?? process.env.RELIVCHATS_SERVER_URL;
      const token = (flags.token as string | undefined) ?? process.env.RELIVCHATS_SERVER_TOKEN;
      if (flags.server && !token)
        throw new CliError('--server needs --token (or RELIVCHATS_SERVER_TOKEN)', 2);
      const coins = Boolean(server && token && !process.env.GEMINI_API_KEY);
      if (coins) ctx.insights.useCreditsServer(async () => ({ url: server!, token: async () => token! }));

      if (flags.preview) {
        const preview = (await dispatch(ctx, 'insights-preview', { chatId, category })) as Preview;
        if (flags.json) return printJson(preview);
        printLine(
          `Who is who (never sent): ${preview.legend.map((l) => `${l.pseudonym} = ${l.name}`).join(', ')}`,
        );
        for (const insight of preview.insights) {
          printLine(
            `\n===== ${insight.title} (${insight.messages} messages, ~${insight.tokens} tokens) =====\n`,
          );
          printLine(insight.text);
        }
        return;
      }

      const stop = ctx.insights.onProgress((p) => {
        const line = describe(p);
        if (line && !flags.json) process.stderr.write(`${line}\n`);
      });
      let job: JobView;
      try {
        // A category already unlocked is shown again (its failed insights retried), never paid twice.
        const previous = ctx.insights.store
          .jobsOfChat(chatId)
          .find((j) => j.category === category && j.status !== 'draft');
        const started = (
          previous && previous.status !== 'cancelled'
            ? previous.status === 'completed' || previous.status === 'running'
              ? (ctx.insights.resume(previous.id), ctx.insights.store.view(previous.id))
              : await dispatch(ctx, 'insights-retry', { jobId: previous.id })
            : await dispatch(ctx, 'insights-unlock', {
                chatId,
                category,
                payment: coins ? 'credits' : 'own-key',
              })
        ) as JobView;
        job = await ctx.insights.wait(started.id);
      } finally {
        stop();
      }
      if (flags.json) printJson(job);
      else printLine(jobToMarkdown(job, getChatSummary(ctx.library, chatId).title));
      const failed = job.insights.filter((i) => i.status !== 'completed');
      if (failed.length > 0) {
        throw new CliError(
          `${failed.length} of ${job.insights.length} insights failed (${failed.map((i) => `${i.type}: ${i.error?.message ?? i.status}`).join('; ')}). ` +
            `Run the same command again to retry them${coins ? ' (only new successes are charged)' : ''}.`,
        );
      }
    },
  },
};
