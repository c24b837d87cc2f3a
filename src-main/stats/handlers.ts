import type { statsApi } from '../../src-shared/api/stats';
import type { HandlerMap } from '../handler-map';
import { getChatStats } from './store';

export const statsHandlers: HandlerMap<keyof typeof statsApi> = {
  'stats-get': async ({ chatId, ...request }, ctx) => getChatStats(ctx.library, chatId, request),
};
