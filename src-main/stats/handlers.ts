import type { statsApi } from '../../src-shared/api/stats';
import type { HandlerMap } from '../handler-map';
import { storedChatStats } from './store';

export const statsHandlers: HandlerMap<keyof typeof statsApi> = {
  // Stored figures are read here; anything to compute goes to ctx.computeStats (a worker in the app).
  'stats-get': async ({ chatId, ...request }, ctx) =>
    storedChatStats(ctx.library, chatId, request) ?? ctx.computeStats(chatId, request),
};
