import type { opsApi } from '../src-shared/api/ops';
import type { HandlerMap } from './handler-map';

export const opsHandlers: HandlerMap<keyof typeof opsApi> = {
  'ops-cancel': async ({ opId }, ctx) => ({ cancelled: ctx.ops.cancel(opId) }),
};
