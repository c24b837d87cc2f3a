import type { libraryApi } from '../../src-shared/api/library';
import { parseWallClock } from '../../src-shared/messages';
import { AppError } from '../errors';
import type { HandlerMap } from '../handler-map';
import { pruneEmbeddingCache } from '../search-index/store';
import { deleteChat, getChatSummary, listChats, locateSeq, messagesPage, searchMessages } from './queries';

export const libraryHandlers: HandlerMap<keyof typeof libraryApi> = {
  'chats-list': async (_args, ctx) => listChats(ctx.library),
  'chats-get': async ({ chatId }, ctx) => getChatSummary(ctx.library, chatId),
  'chats-delete': async ({ chatId }, ctx) => {
    const deleted = deleteChat(ctx.library, chatId);
    // Its chunk vectors went with it (trigger); this forgets the cached ones no other chat shares.
    if (deleted) pruneEmbeddingCache(ctx.library);
    if (deleted) ctx.emit('library-changed', { chatId, change: 'deleted' });
    return { deleted };
  },
  'messages-page': async ({ chatId, fromSeq, limit }, ctx) => {
    const chat = getChatSummary(ctx.library, chatId);
    return { messages: messagesPage(ctx.library, chatId, fromSeq, limit), total: chat.messageCount };
  },
  'messages-locate-date': async ({ chatId, at }, ctx) => {
    const ts = parseWallClock(at);
    if (Number.isNaN(ts)) throw new AppError('invalid-date', `"${at}" is not a date (YYYY-MM-DD).`);
    getChatSummary(ctx.library, chatId);
    return { seq: locateSeq(ctx.library, chatId, ts) };
  },
  'messages-search': async ({ chatId, query, limit }, ctx) => {
    getChatSummary(ctx.library, chatId);
    return searchMessages(ctx.library, chatId, query, limit);
  },
};
