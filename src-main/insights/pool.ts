/**
 * The insight worker pool (piscina). Six insights run at once: one thread per task (maxThreads 6,
 * concurrentTasksPerWorker 1 — piscina's default here would be 3 threads), because cancelling a running
 * piscina task stops its thread, which must not take other insights with it. Threads start lazily with the
 * first job and stay warm for a while.
 */
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { workerEntry } from '../workers';
import type { InsightOutcome, InsightTask, InsightTaskEvent } from './task';
import insightWorkerPath from '../../src-worker/insight?modulePath';

export const INSIGHT_THREADS = 6;

export interface InsightPool {
  run(
    task: Omit<InsightTask, 'port'>,
    signal: AbortSignal,
    onEvent?: (event: InsightTaskEvent) => void,
  ): Promise<InsightOutcome>;
  /** Starts every thread now (the first job otherwise pays for thread start-up). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

export function createInsightPool(options: { threads?: number; workerPath?: string } = {}): InsightPool {
  const threads = options.threads ?? INSIGHT_THREADS;
  let pool: Piscina | null = null;
  const get = () => {
    pool ??= new Piscina({
      ...workerEntry(options.workerPath ?? insightWorkerPath, {}),
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: 5 * 60_000,
    });
    return pool;
  };
  return {
    async run(task, signal, onEvent) {
      const { port1, port2 } = new MessageChannel();
      port1.on('message', (event: InsightTaskEvent) => onEvent?.(event));
      try {
        return (await get().run(
          { ...task, port: port2 },
          { signal, transferList: [port2] },
        )) as InsightOutcome;
      } finally {
        port1.close();
      }
    },
    async warm() {
      const p = get();
      await Promise.all(Array.from({ length: threads }, () => p.run({ warm: true })));
    },
    async close() {
      const p = pool;
      pool = null;
      await p?.destroy();
    },
  };
}
