import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { ImportResult } from '../../src-shared/api/imports';
import { DATE_ORDERS } from '../../src-shared/messages';
import type { CliCommand } from '../cli/command';
import { CliError, printJson, printLine } from '../cli/output';
import { dispatch } from '../dispatch';

export const importCommands: Record<string, CliCommand> = {
  import: {
    usage: 'import <file> [--date-order dmy|mdy|ymd] [--json]',
    summary: 'import a WhatsApp export (.txt or .zip) into the library',
    options: { json: { type: 'boolean' }, 'date-order': { type: 'string' }, quiet: { type: 'boolean' } },
    async run(ctx, [file], flags) {
      if (!file) throw new CliError('import needs a file: relivchats import <file>', 2);
      const order = flags['date-order'];
      if (order !== undefined && !DATE_ORDERS.includes(order as never)) {
        throw new CliError(`--date-order must be one of ${DATE_ORDERS.join(', ')}`, 2);
      }
      const showProgress = !flags.json && !flags.quiet && process.stderr.isTTY;
      const off = showProgress
        ? (() => {
            const original = ctx.emit;
            ctx.emit = (event, payload) => {
              if (event === 'import-progress') {
                const p = payload as {
                  phase: string;
                  bytesRead: number;
                  bytesTotal: number;
                  messages: number;
                };
                const pct = p.bytesTotal ? Math.floor((p.bytesRead / p.bytesTotal) * 100) : 0;
                process.stderr.write(
                  `\r${p.phase.padEnd(10)} ${String(pct).padStart(3)}%  ${p.messages} messages`,
                );
              }
              original(event, payload);
            };
            return () => {
              ctx.emit = original;
              process.stderr.write('\r\x1b[K');
            };
          })()
        : () => {};
      let result: ImportResult;
      try {
        result = (await dispatch(ctx, 'chats-import', {
          source: { kind: 'path', path: resolve(file) },
          opId: randomUUID(),
          ...(order ? { dateOrder: order } : {}),
        })) as ImportResult;
      } finally {
        off();
      }
      if (flags.json) return printJson(result);
      const verb = { created: 'Imported', updated: 'Updated', unchanged: 'Unchanged:' }[result.outcome];
      printLine(`${verb} chat ${result.chatId} "${result.title}"`);
      printLine(
        `  ${result.messages} messages (${result.messagesAdded} added), ${result.participants.length} people: ${result.participants.join(', ')}`,
      );
      printLine(
        `  ${result.firstAt ?? '-'} → ${result.lastAt ?? '-'}  (${result.platform}, ${result.dateOrder}, ${result.durationMs} ms)`,
      );
      if (result.mediaFiles > 0) printLine(`  ${result.mediaFiles} media files in the zip`);
      for (const w of result.warnings) printLine(`  warning: ${w.message}`);
    },
  },
};
