import { CliError, parseChatId, printJson, printLine, writeLine } from '../cli/output';
import type { CliCommand } from '../cli/command';
import { dispatch } from '../dispatch';
import { HIGHLIGHT_END, HIGHLIGHT_START, iterateMessages } from './queries';
import type { ChatSummary, SearchHit } from '../../src-shared/api/library';

const span = (c: { firstAt: string | null; lastAt: string | null }) =>
  c.firstAt ? `${c.firstAt.slice(0, 10)} → ${c.lastAt?.slice(0, 10)}` : 'no messages';

export const libraryCommands: Record<string, CliCommand> = {
  list: {
    usage: 'list [--json]',
    summary: 'the chats in the library',
    options: { json: { type: 'boolean' } },
    async run(ctx, _pos, flags) {
      const chats = (await dispatch(ctx, 'chats-list', {})) as ChatSummary[];
      if (flags.json) return printJson(chats);
      if (chats.length === 0)
        return printLine('The library is empty. Import an export with: relivchats import <file>');
      for (const c of chats) {
        printLine(
          `${String(c.id).padStart(4)}  ${c.title}  (${c.messageCount} messages, ${span(c)}, ${c.participants.length} people)`,
        );
      }
    },
  },
  delete: {
    usage: 'delete <chatId>',
    summary: 'delete a chat and everything computed from it',
    async run(ctx, [id]) {
      const chatId = parseChatId(id);
      const { deleted } = (await dispatch(ctx, 'chats-delete', { chatId })) as { deleted: boolean };
      if (!deleted) throw new CliError(`There is no chat ${chatId} in the library.`);
      printLine(`Deleted chat ${chatId}.`);
    },
  },
  search: {
    usage: 'search <chatId> <query> [--limit N] [--json]',
    summary: 'full-text search in one chat',
    options: { json: { type: 'boolean' }, limit: { type: 'string' } },
    async run(ctx, [id, ...words], flags) {
      const chatId = parseChatId(id);
      const query = words.join(' ').trim();
      if (!query) throw new CliError('search needs a query', 2);
      const limit = flags.limit ? Number(flags.limit) : 200;
      const result = (await dispatch(ctx, 'messages-search', { chatId, query, limit })) as {
        hits: SearchHit[];
        total: number;
      };
      if (flags.json) {
        return printJson({
          total: result.total,
          hits: result.hits.map((h) => ({
            id: h.message.id,
            seq: h.message.seq,
            at: h.message.at,
            author: h.message.author,
            text: h.message.text,
          })),
        });
      }
      for (const h of result.hits) {
        const text = h.highlighted
          .replaceAll(HIGHLIGHT_START, '\x1b[1m')
          .replaceAll(HIGHLIGHT_END, '\x1b[22m');
        printLine(`${h.message.at.replace('T', ' ')}  ${h.message.author ?? '·'}: ${text}`);
      }
      printLine(
        `${result.total} message${result.total === 1 ? '' : 's'} found${result.total > result.hits.length ? ` (showing ${result.hits.length})` : ''}.`,
      );
    },
  },
  messages: {
    usage: 'messages <chatId> [--jsonl]',
    summary: 'every message of a chat, in order',
    options: { jsonl: { type: 'boolean' } },
    async run(ctx, [id], flags) {
      const chatId = parseChatId(id);
      await dispatch(ctx, 'chats-get', { chatId });
      for (const m of iterateMessages(ctx.library, chatId)) {
        if (flags.jsonl) {
          const line: Record<string, unknown> = { at: m.at, author: m.author, text: m.text, kind: m.kind };
          if (m.subtype !== null) line.subtype = m.subtype;
          if (m.edited) line.edited = true;
          if (m.attachment) line.attachment = m.attachment.fileName;
          await writeLine(JSON.stringify(line));
        } else {
          const body = m.attachment ? `[${m.attachment.fileName}] ${m.text}`.trim() : m.text;
          await writeLine(`${m.at.replace('T', ' ')}  ${m.author ?? '·'}: ${body}`);
        }
      }
    },
  },
};
