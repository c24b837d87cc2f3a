/**
 * Runs statistics requests in a worker thread (src-worker/stats.ts): the app's doors use it so the UI's
 * process stays responsive; the CLI and tests compute in process. Errors keep their AppError code.
 */
import { Piscina } from 'piscina';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { workerEntry } from '../workers';
import type { StatsOutcome, StatsTask } from '../../src-worker/stats';
import statsWorkerPath from '../../src-worker/stats?modulePath';

export interface StatsRunner {
  compute: AppContext['computeStats'];
  close(): Promise<void>;
}

export function createWorkerStatsRunner(
  libraryPath: string,
  workerPath: string = statsWorkerPath,
): StatsRunner {
  let pool: Piscina | null = null;
  return {
    async compute(chatId, request) {
      pool ??= new Piscina({
        ...workerEntry(workerPath, {}),
        minThreads: 0,
        maxThreads: 1,
        idleTimeout: 60_000,
      });
      const outcome = (await pool.run({ libraryPath, chatId, request } satisfies StatsTask)) as StatsOutcome;
      if ('error' in outcome)
        throw new AppError(outcome.error.code, outcome.error.message, outcome.error.details);
      return outcome.stats;
    },
    async close() {
      const p = pool;
      pool = null;
      await p?.destroy();
    },
  };
}
