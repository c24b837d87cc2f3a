/**
 * The one way the app talks to Gemini: `@google/genai` pointed at Google with the user's own key, at the
 * credits server's metered proxy, or (in tests) at the fake Gemini — chosen by `GeminiAccess`. Every call
 * goes through the shared limiter, has a per-attempt timeout, retries what can succeed on a second try
 * (per-minute 429 — honouring Google's RetryInfo and cooling the whole limiter down —, 5xx, timeouts,
 * network errors, unusable output) with exponential backoff and jitter, fails fast on what cannot (per-day
 * quota, bad key, refused by the proxy, blocked), and stops at once when its AbortSignal fires.
 *
 * ```ts
 * const gemini = createGeminiGateway({ via: 'own-key', apiKey });
 * const vectors = await gemini.embed(texts, { task: 'RETRIEVAL_DOCUMENT', signal, onBatch });
 * const { value, usage } = await gemini.generateJson({ prompt, system, schema: z.toJSONSchema(S), parse: S.parse });
 * ```
 */
import { GoogleGenAI, type GenerateContentResponse } from '@google/genai';
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError } from '../errors';
import {
  BlockedError,
  classifyFailure,
  InvalidOutputError,
  isRetryable,
  toAppError,
  type GeminiFailure,
} from './errors';
import { sharedGeminiLimiter, type GeminiLimiter } from './limiter';

export const EMBEDDING_MODEL = 'gemini-embedding-001';
export const EMBEDDING_DIMENSIONS = 768;
/** Google refuses more texts than this in one batchEmbedContents call. */
export const MAX_EMBED_BATCH = 100;
export const DEFAULT_GENERATION_MODEL = 'gemini-2.5-flash';

export type EmbeddingTask = 'RETRIEVAL_DOCUMENT' | 'RETRIEVAL_QUERY';

/** Where calls go and how they are authorised. */
export interface GeminiAccess {
  /** 'own-key': the user's key, straight to Google; 'credits': the credits server's proxy. */
  via: 'own-key' | 'credits';
  /**
   * Sent as `x-goog-api-key`. The SDK insists on one; through the proxy it is a placeholder that the server
   * replaces with its own key.
   */
  apiKey: string;
  /** Default: Google. The proxy: `<server>/gemini`. Tests: the fake Gemini's URL. */
  baseUrl?: string;
  /** Extra headers on every call, e.g. `authorization: Bearer …` and `x-reservation-id` for the proxy. */
  headers?: Record<string, string>;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Backoff before attempt n+1 is drawn from [d/2, d] with d = min(maxDelayMs, baseDelayMs · 2^(n-1)). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per attempt, counted from when the call leaves the limiter. */
  timeoutMs: number;
}

export const DEFAULT_POLICY: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  timeoutMs: 120_000,
};

export interface RetryInfo {
  /** The attempt that failed (1-based). */
  attempt: number;
  failure: GeminiFailure;
  delayMs: number;
}

interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the gateway's policy for this call. */
  policy?: Partial<RetryPolicy>;
  /** Told about every failed attempt that will be retried (for progress and logs). */
  onRetry?: (info: RetryInfo) => void;
}

export interface EmbedOptions extends CallOptions {
  task: EmbeddingTask;
  /**
   * Called with each batch as soon as it arrives (batches finish in any order): store it here and a
   * cancelled or failed run keeps what it paid for.
   */
  onBatch?: (offset: number, vectors: Float32Array[]) => void | Promise<void>;
}

export interface Usage {
  promptTokens: number;
  outputTokens: number;
  /** Thinking tokens (2.5 models), billed as output. */
  thoughtsTokens: number;
  totalTokens: number;
}

export interface GenerateRequest extends CallOptions {
  /** Default DEFAULT_GENERATION_MODEL. */
  model?: string;
  system?: string;
  /** The user turn. */
  prompt: string;
  temperature?: number;
  maxOutputTokens?: number;
  /** 0 turns thinking off on 2.5 Flash; undefined leaves the model's default. */
  thinkingBudget?: number;
}

export interface GenerateJsonRequest<T> extends GenerateRequest {
  /** JSON Schema of the answer (e.g. `z.toJSONSchema(schema)`), sent as `responseJsonSchema`. */
  schema: object;
  /** Validates the parsed JSON (e.g. `schema.parse`); a throw counts as unusable output and is retried. */
  parse: (value: unknown) => T;
}

export interface GenerateResult<T> {
  value: T;
  /** The model's raw text. */
  text: string;
  finishReason: string;
  model: string;
  /** Of the successful attempt. */
  usage: Usage;
  /** Summed over every attempt that got an answer (what the quota or the proxy counted). */
  totalUsage: Usage;
  attempts: number;
  /** Wall time of the whole call, retries included. */
  latencyMs: number;
}

export interface GeminiGateway {
  readonly access: GeminiAccess;
  readonly limiter: GeminiLimiter;
  /** Embeddings (EMBEDDING_MODEL, EMBEDDING_DIMENSIONS, normalised), in the order of `texts`. */
  embed(texts: string[], options: EmbedOptions): Promise<Float32Array[]>;
  /** A structured answer that parsed and validated. */
  generateJson<T>(request: GenerateJsonRequest<T>): Promise<GenerateResult<T>>;
  /** A free-text answer (a MAX_TOKENS cut is returned as is, with its finishReason). */
  generateText(request: GenerateRequest): Promise<GenerateResult<string>>;
  countTokens(text: string, options?: CallOptions & { model?: string }): Promise<number>;
}

export interface GatewayOptions {
  limiter?: GeminiLimiter;
  policy?: Partial<RetryPolicy>;
}

/** A batch not started because another one failed for good. */
class StoppedError extends Error {}

const BLOCKING_FINISH = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII']);

export function createGeminiGateway(access: GeminiAccess, options: GatewayOptions = {}): GeminiGateway {
  const client = new GoogleGenAI({
    apiKey: access.apiKey,
    httpOptions: {
      ...(access.baseUrl ? { baseUrl: access.baseUrl } : {}),
      ...(access.headers ? { headers: access.headers } : {}),
    },
  });
  const limiter = options.limiter ?? sharedGeminiLimiter;
  const basePolicy: RetryPolicy = { ...DEFAULT_POLICY, ...options.policy };

  /**
   * Runs one call with the limiter, a timeout per attempt, and the retry policy. `gate` runs before every
   * attempt and may throw (to stop work that has not started).
   */
  async function withRetries<T>(
    model: string,
    call: CallOptions,
    attemptOnce: (signal: AbortSignal) => Promise<T>,
    gate?: () => void,
  ): Promise<{ result: T; attempts: number }> {
    const policy = { ...basePolicy, ...call.policy };
    const { signal } = call;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new CancelledError();
      const timer = new AbortController();
      try {
        const result = await limiter.run(async () => {
          gate?.();
          const handle = setTimeout(() => timer.abort(), policy.timeoutMs);
          try {
            return await attemptOnce(signal ? AbortSignal.any([signal, timer.signal]) : timer.signal);
          } finally {
            clearTimeout(handle);
          }
        }, signal);
        return { result, attempts: attempt };
      } catch (error) {
        if (signal?.aborted) throw new CancelledError();
        if (error instanceof StoppedError) throw error;
        const failure = classifyFailure(error, timer.signal.aborted);
        if (!isRetryable(failure) || attempt >= policy.attempts) throw toAppError(failure, model, attempt);
        const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
        let delayMs = cap / 2 + (Math.random() * cap) / 2;
        if (failure.retryAfterMs !== null)
          delayMs = Math.max(delayMs, failure.retryAfterMs * (1 + Math.random() * 0.2));
        delayMs = Math.round(delayMs);
        if (failure.kind === 'rate-limited') limiter.coolDown(delayMs);
        call.onRetry?.({ attempt, failure, delayMs });
        try {
          await sleep(delayMs, undefined, signal ? { signal } : {});
        } catch {
          throw new CancelledError();
        }
      }
    }
  }

  async function embedBatch(
    texts: string[],
    task: EmbeddingTask,
    call: CallOptions,
    gate: () => void,
  ): Promise<Float32Array[]> {
    const { result } = await withRetries(
      EMBEDDING_MODEL,
      call,
      async (signal) => {
        const response = await client.models.embedContent({
          model: EMBEDDING_MODEL,
          contents: texts,
          config: { taskType: task, outputDimensionality: EMBEDDING_DIMENSIONS, abortSignal: signal },
        });
        const embeddings = response.embeddings ?? [];
        if (embeddings.length !== texts.length) {
          throw new InvalidOutputError(`asked for ${texts.length} embeddings, got ${embeddings.length}`);
        }
        return embeddings.map((e) => normalise(e.values ?? []));
      },
      gate,
    );
    return result;
  }

  async function generate<T>(
    request: GenerateRequest,
    extraConfig: Record<string, unknown>,
    read: (text: string, finishReason: string) => T,
  ): Promise<GenerateResult<T>> {
    const model = request.model ?? DEFAULT_GENERATION_MODEL;
    const started = performance.now();
    const totalUsage: Usage = { promptTokens: 0, outputTokens: 0, thoughtsTokens: 0, totalTokens: 0 };
    const { result, attempts } = await withRetries(model, request, async (signal) => {
      const response = await client.models.generateContent({
        model,
        contents: request.prompt,
        config: {
          ...(request.system ? { systemInstruction: request.system } : {}),
          ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens }),
          ...(request.thinkingBudget === undefined
            ? {}
            : { thinkingConfig: { thinkingBudget: request.thinkingBudget } }),
          ...extraConfig,
          abortSignal: signal,
        },
      });
      const usage = usageOf(response);
      addUsage(totalUsage, usage);
      const candidate = response.candidates?.[0];
      const finishReason = String(candidate?.finishReason ?? 'STOP');
      if (!candidate) {
        throw new BlockedError(
          `the prompt was blocked (${response.promptFeedback?.blockReason ?? 'no answer'})`,
        );
      }
      if (BLOCKING_FINISH.has(finishReason))
        throw new BlockedError(`the answer was stopped (${finishReason})`);
      const text = response.text ?? '';
      return { value: read(text, finishReason), text, finishReason, usage };
    });
    return {
      ...result,
      model,
      totalUsage,
      attempts,
      latencyMs: Math.round(performance.now() - started),
    };
  }

  return {
    access,
    limiter,

    async embed(texts, embedOptions) {
      const out: Float32Array[] = new Array<Float32Array>(texts.length);
      // After a batch fails for good, batches not yet started are dropped; those in flight finish and
      // reach onBatch (they are paid for), then the failure is reported.
      let failed: unknown = null;
      const gate = () => {
        if (failed !== null) throw new StoppedError();
      };
      const batches: Promise<void>[] = [];
      for (let offset = 0; offset < texts.length; offset += MAX_EMBED_BATCH) {
        const slice = texts.slice(offset, offset + MAX_EMBED_BATCH);
        batches.push(
          embedBatch(slice, embedOptions.task, embedOptions, gate).then(
            async (vectors) => {
              vectors.forEach((v, i) => (out[offset + i] = v));
              await embedOptions.onBatch?.(offset, vectors);
            },
            (error: unknown) => {
              if (!(error instanceof StoppedError) && failed === null) failed = error;
            },
          ),
        );
      }
      await Promise.all(batches);
      if (failed !== null) throw failed;
      return out;
    },

    generateJson(request) {
      return generate(
        request,
        { responseMimeType: 'application/json', responseJsonSchema: request.schema },
        (text, finishReason) => {
          if (finishReason === 'MAX_TOKENS')
            throw new InvalidOutputError('the answer was cut off (MAX_TOKENS)');
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch {
            throw new InvalidOutputError(`the answer is not JSON: ${text.slice(0, 120)}`);
          }
          try {
            return request.parse(value);
          } catch (error) {
            const why = error instanceof Error ? error.message : String(error);
            throw new InvalidOutputError(`the answer does not follow the schema: ${why.slice(0, 500)}`);
          }
        },
      );
    },

    generateText(request) {
      return generate(request, {}, (text) => text);
    },

    async countTokens(text, callOptions = {}) {
      const model = callOptions.model ?? DEFAULT_GENERATION_MODEL;
      const { result } = await withRetries(model, callOptions, async (signal) => {
        const response = await client.models.countTokens({
          model,
          contents: text,
          config: { abortSignal: signal },
        });
        return response.totalTokens ?? 0;
      });
      return result;
    },
  };
}

/** Unit length, as float32 (768-d gemini-embedding-001 vectors come back unnormalised). */
export function normalise(values: number[] | Float32Array): Float32Array {
  let sum = 0;
  for (const x of values) sum += x * x;
  if (values.length !== EMBEDDING_DIMENSIONS || !(sum > 0)) {
    throw new InvalidOutputError(`an embedding of ${values.length} dimensions with norm ${Math.sqrt(sum)}`);
  }
  const scale = 1 / Math.sqrt(sum);
  return Float32Array.from(values, (x) => x * scale);
}

function usageOf(response: GenerateContentResponse): Usage {
  const u = response.usageMetadata;
  const promptTokens = u?.promptTokenCount ?? 0;
  const outputTokens = u?.candidatesTokenCount ?? 0;
  const thoughtsTokens = u?.thoughtsTokenCount ?? 0;
  return {
    promptTokens,
    outputTokens,
    thoughtsTokens,
    totalTokens: u?.totalTokenCount ?? promptTokens + outputTokens + thoughtsTokens,
  };
}

function addUsage(into: Usage, usage: Usage): void {
  into.promptTokens += usage.promptTokens;
  into.outputTokens += usage.outputTokens;
  into.thoughtsTokens += usage.thoughtsTokens;
  into.totalTokens += usage.totalTokens;
}
