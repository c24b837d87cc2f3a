import type { ChatSummary } from '../../src-shared/api/library';
import type { ChatStats } from '../../src-shared/stats';
import type { CliCommand } from '../cli/command';
import { CliError, parseChatId, printJson, printLine } from '../cli/output';
import { dispatch } from '../dispatch';
import { formatStats } from './summary';

export const statsCommands: Record<string, CliCommand> = {
  stats: {
    usage: 'stats <chatId> [--from DATE] [--to DATE] [--author NAME] [--gap MINUTES] [--json]',
    summary: 'statistics of a chat (dates YYYY-MM-DD, both included)',
    options: {
      json: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      author: { type: 'string' },
      gap: { type: 'string' },
    },
    async run(ctx, [id], flags) {
      const chatId = parseChatId(id);
      const gap = flags.gap === undefined ? undefined : Number(flags.gap);
      if (gap !== undefined && !(gap > 0)) {
        throw new CliError(`--gap must be a number of minutes, got "${String(flags.gap)}"`, 2);
      }
      const stats = (await dispatch(ctx, 'stats-get', {
        chatId,
        ...(flags.from === undefined ? {} : { from: flags.from }),
        ...(flags.to === undefined ? {} : { to: flags.to }),
        ...(flags.author === undefined ? {} : { author: flags.author }),
        ...(gap === undefined ? {} : { gapMinutes: gap }),
      })) as ChatStats;
      if (flags.json) return printJson(stats);
      const chat = (await dispatch(ctx, 'chats-get', { chatId })) as ChatSummary;
      for (const line of formatStats(stats, `Chat ${chatId} "${chat.title}"`)) printLine(line);
    },
  },
};
