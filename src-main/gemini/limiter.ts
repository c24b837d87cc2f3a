/**
 * One limiter for every Gemini call a process makes (embeddings, queries, insights): a bounded number of
 * calls in flight, an optional requests-per-minute cap, and a shared cool-down so that one per-minute 429
 * pauses everybody instead of each caller hammering the quota on its own.
 */
import PQueue from 'p-queue';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LimiterOptions {
  /** Calls in flight at once (default 8: six insights plus a couple of embedding batches). */
  concurrency?: number;
  /** Calls started per rolling minute (default: no cap; Google's own 429s pace us). */
  requestsPerMinute?: number;
}

export class GeminiLimiter {
  readonly #queue: PQueue;
  #resumeAt = 0;

  constructor(options: LimiterOptions = {}) {
    this.#queue = new PQueue({
      concurrency: options.concurrency ?? 8,
      ...(options.requestsPerMinute ? { intervalCap: options.requestsPerMinute, interval: 60_000 } : {}),
    });
  }

  /** Runs `call` in a free slot once any cool-down is over. Rejects with the signal's reason if aborted first. */
  async run<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.#queue.add(
      async () => {
        const wait = this.#resumeAt - Date.now();
        if (wait > 0) await sleep(wait, undefined, signal ? { signal } : {});
        return call();
      },
      { ...(signal ? { signal } : {}), throwOnTimeout: true },
    );
  }

  /** Holds every call that has not started yet for `ms`. */
  coolDown(ms: number): void {
    this.#resumeAt = Math.max(this.#resumeAt, Date.now() + ms);
  }

  get pending(): number {
    return this.#queue.pending + this.#queue.size;
  }
}

/** The process-wide limiter gateways use unless given their own. */
export const sharedGeminiLimiter = new GeminiLimiter();
