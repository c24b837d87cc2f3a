import { randomUUID } from 'node:crypto';
import {
  RETRIEVAL_MODES,
  type IndexProgressEvent,
  type IndexResult,
  type SearchIndexHit,
  type SearchIndexStatus,
} from '../../src-shared/api/search-index';
import type { CliCommand } from '../cli/command';
import { CliError, parseChatId, printJson, printLine } from '../cli/output';
import type { AppContext } from '../context';
import { dispatch } from '../dispatch';

/** Shows `index-progress` on stderr while `work` runs (only on a terminal). */
async function withProgress<T>(ctx: AppContext, show: boolean, work: () => Promise<T>): Promise<T> {
  if (!show) return work();
  const original = ctx.emit;
  ctx.emit = (event, payload) => {
    if (event === 'index-progress') {
      const p = payload as IndexProgressEvent;
      process.stderr.write(`\r${p.phase.padEnd(10)} ${p.embedded}/${p.chunks} chunks embedded`);
    }
    original(event, payload);
  };
  try {
    return await work();
  } finally {
    ctx.emit = original;
    process.stderr.write('\r\x1b[K');
  }
}

const time = (at: string) => at.slice(0, 16).replace('T', ' ');

export const searchIndexCommands: Record<string, CliCommand> = {
  index: {
    usage: 'index <chatId> [--json]',
    summary: 'embed a chat for semantic search (only what changed; GEMINI_API_KEY)',
    options: { json: { type: 'boolean' } },
    async run(ctx, [id], flags) {
      const chatId = parseChatId(id);
      const result = (await withProgress(ctx, !flags.json && process.stderr.isTTY, () =>
        dispatch(ctx, 'search-index-build', { chatId, opId: randomUUID() }),
      )) as IndexResult;
      if (flags.json) return printJson(result);
      printLine(
        `Indexed chat ${chatId}: ${result.chunks} chunks, ${result.embedded} embedded ` +
          `(${result.kept} unchanged, ${result.fromCache} from the cache, ${result.fromGemini} from Gemini ` +
          `in ${result.embedCalls} call${result.embedCalls === 1 ? '' : 's'}, ${result.removed} removed) in ${result.durationMs} ms`,
      );
    },
  },
  ask: {
    usage:
      'ask <chatId> <question> [--k N] [--mode hybrid|vector|lexical] [--author NAME]… [--from D] [--to D] [--json]',
    summary: 'the conversations that best answer a question (indexes first if needed)',
    options: {
      json: { type: 'boolean' },
      k: { type: 'string' },
      mode: { type: 'string' },
      author: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
    },
    async run(ctx, [id, ...words], flags) {
      const chatId = parseChatId(id);
      const query = words.join(' ').trim();
      if (!query) throw new CliError('ask needs a question: relivchats ask <chatId> "<question>"', 2);
      const mode = (flags.mode as string | undefined) ?? 'hybrid';
      if (!RETRIEVAL_MODES.includes(mode as never))
        throw new CliError(`--mode must be one of ${RETRIEVAL_MODES.join(', ')}`, 2);
      const k = flags.k === undefined ? 5 : Number(flags.k);
      if (!Number.isInteger(k) || k < 1 || k > 100)
        throw new CliError('--k must be a whole number from 1 to 100', 2);
      const authors = flags.author as string[] | undefined;
      const { hits, index } = (await withProgress(ctx, !flags.json && process.stderr.isTTY, () =>
        dispatch(ctx, 'search-index-query', {
          chatId,
          query,
          k,
          mode,
          opId: randomUUID(),
          ...(authors ? { authors } : {}),
          ...(flags.from ? { from: flags.from } : {}),
          ...(flags.to ? { to: flags.to } : {}),
        }),
      )) as { hits: SearchIndexHit[]; index: SearchIndexStatus };
      if (flags.json) return printJson({ query, mode, hits, index });
      if (hits.length === 0) return printLine('Nothing in this chat matches.');
      for (const hit of hits) {
        const similarity = hit.similarity === null ? '' : `, similarity ${hit.similarity.toFixed(3)}`;
        printLine(
          `#${hit.rank}  ${time(hit.startAt)} → ${time(hit.endAt)}  (${hit.authors.join(', ')}${similarity})`,
        );
        for (const m of hit.messages) {
          const body = m.attachment ? `[${m.attachment}] ${m.text}`.trim() : m.text;
          printLine(`  [#${m.id}] ${time(m.at)} ${m.author ?? '·'}: ${body.replace(/\n/g, '\n      ')}`);
        }
        printLine();
      }
    },
  },
};
