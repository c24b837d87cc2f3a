import { z } from 'zod';
import { parseWallClock } from '../messages';
import type { ChatStats } from '../stats';
import { endpoint, returns } from './endpoint';
import { ChatId } from './library';

const WallClockArg = z
  .string()
  .refine((s) => !Number.isNaN(parseWallClock(s)), 'expected a date YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]');

export const StatsArgs = z.object({
  chatId: ChatId,
  /** Only messages at or after this wall-clock time (a date alone means from its start). */
  from: WallClockArg.optional(),
  /** Only messages at or before this wall-clock time (a date alone means to its end). */
  to: WallClockArg.optional(),
  /** Count only this person's messages (conversations and replies still see everyone). */
  author: z.string().min(1).optional(),
  /** A silence longer than this starts a new conversation (default 30). */
  gapMinutes: z
    .number()
    .positive()
    .max(60 * 24 * 30)
    .optional(),
});
export type StatsArgs = z.infer<typeof StatsArgs>;

export const statsApi = {
  /**
   * The chat's statistics (src-shared/stats.ts). Without filters they come from the store (computed at
   * import); a filtered request is computed on demand and cached. Errors: chat-not-found,
   * author-not-found, invalid-arguments.
   */
  'stats-get': endpoint(StatsArgs, returns<ChatStats>()),
};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- statistics push no events
export interface StatsEvents {}
