/**
 * One insight generation as a piscina task: everything the worker needs, serialisable (the context, the
 * Gemini access, the retry policy), and what it sends back. Progress (each retry) comes through `port`.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ApiErrorShape } from '../../src-shared/api/endpoint';
import type { GeminiAccess, RetryPolicy } from '../gemini/gateway';
import type { InsightContext } from './context';

export interface InsightTask {
  category: string;
  type: string;
  model: string;
  context: Pick<InsightContext, 'text' | 'messages' | 'legend' | 'placeholders'>;
  access: GeminiAccess;
  policy?: Partial<RetryPolicy>;
  temperature?: number;
  /** Receives an InsightTaskEvent for each failed attempt that will be retried. */
  port?: MessagePort;
}

export interface InsightTaskEvent {
  type: 'retry';
  attempt: number;
  kind: string;
  message: string;
  delayMs: number;
}

export type InsightOutcome =
  | {
      ok: true;
      result: unknown;
      quotes: { total: number; kept: number };
      attempts: number;
      promptTokens: number;
      outputTokens: number;
      latencyMs: number;
    }
  | { ok: false; error: ApiErrorShape; attempts: number; latencyMs: number };
