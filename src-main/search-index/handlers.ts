import type { SearchIndexStatus, searchIndexApi } from '../../src-shared/api/search-index';
import type { AppContext } from '../context';
import type { Library } from '../db/open';
import { EMBEDDING_DIMENSIONS, EMBEDDING_MODEL } from '../gemini/gateway';
import type { HandlerMap } from '../handler-map';
import { getChatSummary } from '../library/queries';
import { chunksAreCurrent, indexChat } from './indexer';
import { retrieve } from './retrieval';
import { chunkCounts } from './store';

/** How far the chat's index is; complete when every chunk has its vector and the last message is chunked. */
export function indexStatus(library: Library, chatId: number): SearchIndexStatus {
  getChatSummary(library, chatId);
  const counts = chunkCounts(library, chatId);
  return {
    chatId,
    ...counts,
    complete: counts.embedded === counts.chunks && chunksAreCurrent(library, chatId),
    model: EMBEDDING_MODEL,
    dimensions: EMBEDDING_DIMENSIONS,
  };
}

function build(ctx: AppContext, chatId: number, opId: string | undefined, signal: AbortSignal | undefined) {
  return indexChat(ctx.library, ctx.gemini, chatId, {
    ...(signal ? { signal } : {}),
    ...(opId ? { onProgress: (p) => ctx.emit('index-progress', { opId, chatId, ...p }) } : {}),
  });
}

export const searchIndexHandlers: HandlerMap<keyof typeof searchIndexApi> = {
  'search-index-status': async ({ chatId }, ctx) => indexStatus(ctx.library, chatId),
  'search-index-build': async ({ chatId, opId }, ctx) =>
    ctx.ops.run(opId, (signal) => build(ctx, chatId, opId, signal)),
  'search-index-query': async ({ chatId, query, k, mode, authors, from, to, opId }, ctx) => {
    const run = async (signal?: AbortSignal) => {
      if (!indexStatus(ctx.library, chatId).complete) {
        // The other modes need the vectors, embedded now (lazily); lexical search chunks by itself.
        if (mode !== 'lexical') await build(ctx, chatId, opId, signal);
      }
      const [hits] = await retrieve(ctx.library, mode === 'lexical' ? null : ctx.gemini, chatId, [query], {
        k,
        mode,
        ...(authors ? { authors } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(signal ? { signal } : {}),
      });
      return { hits: hits!, index: indexStatus(ctx.library, chatId) };
    };
    return opId ? ctx.ops.run(opId, run) : run();
  },
};
