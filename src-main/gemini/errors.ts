/**
 * What went wrong with one Gemini call, and whether trying again can help. Google answers errors as
 * `{error:{code, message, status, details}}` (the SDK throws an ApiError whose message is that JSON); a 429
 * names the exhausted quota in a QuotaFailure (`…PerMinute…` vs `…PerDay…`) and may carry a RetryInfo
 * delay. The credits server's proxy answers `{error:{code:'<string>', message}}` when it refuses a call.
 */
import { ApiError } from '@google/genai';
import { AppError } from '../errors';

export type FailureKind =
  /** Per-minute quota or overload: wait and retry. */
  | 'rate-limited'
  /** Per-day quota: retrying today is pointless. */
  | 'daily-quota'
  | 'server'
  | 'timeout'
  | 'network'
  /** The body was not JSON, or the model's output failed to parse or validate, or was cut off. */
  | 'invalid-output'
  | 'auth'
  | 'bad-request'
  | 'blocked'
  /** The credits server refused the call (no reservation, budget spent…). */
  | 'proxy-refused';

export interface GeminiFailure {
  kind: FailureKind;
  status: number | null;
  message: string;
  /** From RetryInfo (or Retry-After), in ms. */
  retryAfterMs: number | null;
  /** The quota Google named, e.g. `EmbedContentRequestsPerDayPerUserPerProjectPerModel-FreeTier`. */
  quotaId: string | null;
  /** The proxy's own error code. */
  code: string | null;
}

const RETRYABLE = new Set<FailureKind>(['rate-limited', 'server', 'timeout', 'network', 'invalid-output']);
export const isRetryable = (f: GeminiFailure) => RETRYABLE.has(f.kind);

/** Thrown inside the gateway for a response that arrived but cannot be used; classified as invalid-output. */
export class InvalidOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidOutputError';
  }
}

export class BlockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlockedError';
  }
}

interface ErrorBody {
  error?: {
    code?: number | string;
    message?: string;
    status?: string;
    details?: {
      '@type'?: string;
      violations?: { quotaId?: string }[];
      retryDelay?: string;
      reason?: string;
    }[];
  };
}

function parseBody(message: string): ErrorBody | null {
  try {
    const value: unknown = JSON.parse(message);
    return value && typeof value === 'object' ? (value as ErrorBody) : null;
  } catch {
    return null;
  }
}

/** `"7s"`, `"0.05s"` (protobuf Duration in JSON) → ms. */
function durationMs(value: string | undefined): number | null {
  const m = value ? /^(\d+(?:\.\d+)?)s$/.exec(value) : null;
  return m ? Math.round(Number(m[1]) * 1000) : null;
}

const failure = (kind: FailureKind, message: string, extra: Partial<GeminiFailure> = {}): GeminiFailure => ({
  kind,
  status: null,
  message,
  retryAfterMs: null,
  quotaId: null,
  code: null,
  ...extra,
});

/**
 * Classifies an error thrown by an attempt. `timedOut` says the attempt's own timer fired (the SDK reports
 * that as a plain AbortError, like a cancellation, so the caller has to tell them apart).
 */
export function classifyFailure(error: unknown, timedOut: boolean): GeminiFailure {
  if (timedOut) return failure('timeout', 'Gemini did not answer in time.');
  if (error instanceof InvalidOutputError) return failure('invalid-output', error.message);
  if (error instanceof BlockedError) return failure('blocked', error.message);
  if (error instanceof SyntaxError)
    return failure('invalid-output', `Gemini sent a malformed response (${error.message}).`);
  if (error instanceof ApiError) {
    const status = error.status;
    const body = parseBody(error.message);
    const message = body?.error?.message ?? error.message;
    if (typeof body?.error?.code === 'string') {
      // The credits server speaking for itself: its own 5xx (upstream unreachable…) may pass; a refusal
      // (no reservation, budget exhausted, not allowed) will not change on a retry.
      const code = body.error.code;
      return failure(status >= 500 ? 'server' : 'proxy-refused', message, { status, code });
    }
    const details = body?.error?.details ?? [];
    const quotaId = details.flatMap((d) => d.violations ?? []).find((v) => v.quotaId)?.quotaId ?? null;
    const retryAfterMs = durationMs(details.find((d) => d['@type']?.endsWith('RetryInfo'))?.retryDelay);
    const extra = { status, quotaId, retryAfterMs };
    if (status === 429) {
      const daily = /PerDay/i.test(quotaId ?? '') || (quotaId === null && /per day|daily/i.test(message));
      return failure(daily ? 'daily-quota' : 'rate-limited', message, extra);
    }
    if (status === 401 || status === 403 || details.some((d) => d.reason === 'API_KEY_INVALID')) {
      return failure('auth', message, extra);
    }
    if (status === 408 || status >= 500) return failure('server', message, extra);
    return failure('bad-request', message, extra);
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return failure('timeout', 'Gemini did not answer in time.');
  }
  const text = error instanceof Error ? error.message : String(error);
  return failure('network', `Could not reach Gemini (${text}).`);
}

const shortQuota = (f: GeminiFailure) => (f.quotaId ? ` (quota ${f.quotaId})` : '');

/** The user-facing error for a failure that ends a call (not retryable, or retries spent). */
export function toAppError(f: GeminiFailure, model: string, attempts: number): AppError {
  const after = attempts > 1 ? ` after ${attempts} attempts` : '';
  const details = { kind: f.kind, status: f.status, quotaId: f.quotaId, attempts, message: f.message };
  switch (f.kind) {
    case 'daily-quota':
      return new AppError(
        'gemini-daily-quota',
        `Gemini's daily quota for ${model} is used up${shortQuota(f)}. It resets at midnight Pacific time: ` +
          'try again tomorrow, or use a key with a higher quota.',
        details,
      );
    case 'rate-limited':
      return new AppError(
        'gemini-rate-limited',
        `Gemini kept refusing calls to ${model} for exceeding its per-minute quota${shortQuota(f)}${after}. Try again in a minute.`,
        details,
      );
    case 'auth':
      return new AppError('gemini-auth', `Gemini refused the API key: ${f.message}`, details);
    case 'proxy-refused':
      return new AppError(
        'gemini-proxy-refused',
        `The credits server refused the Gemini call: ${f.message}`,
        {
          ...details,
          code: f.code,
        },
      );
    case 'blocked':
      return new AppError('gemini-blocked', `Gemini declined to answer: ${f.message}`, details);
    case 'invalid-output':
      return new AppError(
        'gemini-invalid-output',
        `Gemini's answer was unusable${after}: ${f.message}`,
        details,
      );
    case 'bad-request':
      return new AppError('gemini-bad-request', `Gemini rejected the request: ${f.message}`, details);
    case 'timeout':
    case 'server':
    case 'network':
      return new AppError('gemini-unavailable', `Gemini is unavailable${after}: ${f.message}`, details);
  }
}
