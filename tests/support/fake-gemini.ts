/**
 * A fake Gemini: a real HTTP server (node:http, loopback, port 0) speaking the v1beta REST wire format as
 * `@google/genai` 2.32 sends it, for tests and benchmarks. Point the real client at it with
 * `new GoogleGenAI({ apiKey, httpOptions: { baseUrl: fake.url } })` (or GEMINI_BASE_URL for the CLI).
 *
 * ## Endpoints
 * - `POST /v1beta/models/{model}:batchEmbedContents` — `{requests:[{content:{parts:[{text}]}, taskType,
 *   outputDimensionality, model}]}` → `{embeddings:[{values}]}`. At most 100 requests per call (like Google:
 *   more is a 400). Embeddings are deterministic, dense and keep similar texts close: a random projection
 *   of the text's features (content words, their 4-letter prefixes and trigrams, a small lexicon of related
 *   words; stopwords left out, case and diacritics folded) onto `outputDimensionality` dimensions (default
 *   3072, as Google); see `features`, `CONCEPTS` and `fakeEmbedding`. Like Google, only 3072-d vectors come
 *   back normalised; smaller ones are scaled, so a client must normalise them itself.
 * - `POST /v1beta/models/{model}:generateContent` — `{contents, systemInstruction, generationConfig}` →
 *   `{candidates:[{content:{role:'model',parts:[{text}]}, finishReason, index}], usageMetadata, modelVersion,
 *   responseId}`. With `generationConfig.responseJsonSchema` (JSON Schema) or `responseSchema` (Gemini's
 *   OpenAPI subset) the text is JSON of an object that follows the schema (see `sampleFromSchema`), unless
 *   an `answer` function (option or `setAnswer`) returns something else. `maxOutputTokens` is honoured:
 *   a longer answer is cut and ends with finishReason `MAX_TOKENS`.
 * - `POST /v1beta/models/{model}:countTokens` — `{contents}` or `{generateContentRequest}` → `{totalTokens}`.
 * - Any path prefix before `/v1beta` is accepted (e.g. `${fake.url}/gemini`, like the credits proxy).
 * - The API key comes in `x-goog-api-key` (or `?key=`). With the `apiKey` option set, any other key gets
 *   Google's 400 API_KEY_INVALID. Tokens are counted as ceil(characters / 4).
 *
 * ## Faults (`Fault`)
 * `rate-limit-minute` / `rate-limit-day` (429 RESOURCE_EXHAUSTED with a QuotaFailure naming the exhausted
 * quota — `…PerMinute…` or `…PerDay…` — and a RetryInfo delay), `server-error` (500 INTERNAL), `unavailable`
 * (503 UNAVAILABLE), `hang` (never answers; the client's timeout or abort ends it), `malformed-body` (200 with
 * a body that is not JSON), `malformed-output` (generateContent: the model's text is not JSON),
 * `max-tokens` (generateContent: the text is cut in the middle, finishReason MAX_TOKENS).
 * Choose them:
 * - by script: `fake.script(['rate-limit-minute', null, 'server-error'], { method: 'batchEmbedContents' })`
 *   — the next matching requests take these outcomes in order (`null` = answer normally);
 * - by rate: `fake.setFaultRates({ 'server-error': 0.1, 'rate-limit-minute': 0.1 }, { seed: 42 })` — each
 *   request draws from a seeded PRNG, so a run is reproducible;
 * - by function: option `fault: (request) => Fault | null`.
 * Scripts win over the function, which wins over rates.
 *
 * ## Observing
 * `fake.requests` logs every request (method, model, headers, parsed body, fault, status); `fake.calls(m)`
 * counts them; `fake.embeddedTexts()` counts the texts embedded successfully; `fake.reset()` clears the log,
 * scripts and rates.
 *
 * ## Options
 * `latencyMs` (number or per-request function; default 0), `apiKey`, `answer`, `fault`, `retryDelaySeconds`
 * (the RetryInfo in a 429; default 0.05), `defaultDimensions` (default 3072).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text as readText } from 'node:stream/consumers';
import { eng } from 'stopword';

export type GeminiMethod = 'generateContent' | 'batchEmbedContents' | 'countTokens';

export type Fault =
  | 'rate-limit-minute'
  | 'rate-limit-day'
  | 'server-error'
  | 'unavailable'
  | 'hang'
  | 'malformed-body'
  | 'malformed-output'
  | 'max-tokens';

export interface FakeRequest {
  method: GeminiMethod;
  model: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  /** The client's key (header or `?key=`), if any. */
  apiKey: string | null;
}

export interface LoggedRequest extends FakeRequest {
  at: number;
  fault: Fault | null;
  status: number;
}

/** What an `answer` function sees for one generateContent request. */
export interface GenerateRequestInfo {
  model: string;
  /** The text of every part of every content, joined with newlines. */
  prompt: string;
  /** The system instruction's text, or ''. */
  system: string;
  /** The requested schema (JSON Schema or Gemini's OpenAPI subset), or null for free text. */
  schema: unknown;
  body: GenerateBody;
  headers: Record<string, string>;
  /** A schema-valid object (what the fake answers by default). */
  sample(): unknown;
}

/** Returns the answer: an object (sent as JSON), a string (sent as is), or undefined for the default. */
export type AnswerFunction = (request: GenerateRequestInfo) => unknown;

export interface FakeGeminiOptions {
  latencyMs?: number | ((request: FakeRequest) => number);
  apiKey?: string;
  answer?: AnswerFunction;
  fault?: (request: FakeRequest) => Fault | null;
  retryDelaySeconds?: number;
  defaultDimensions?: number;
}

export interface FakeGemini {
  /** Base URL for `httpOptions.baseUrl`, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly requests: LoggedRequest[];
  calls(method?: GeminiMethod): number;
  /** Texts embedded in successful batchEmbedContents calls. */
  embeddedTexts(): number;
  script(outcomes: (Fault | null)[], filter?: { method?: GeminiMethod }): void;
  setFaultRates(rates: Partial<Record<Fault, number>>, options?: { seed?: number }): void;
  setAnswer(answer: AnswerFunction | undefined): void;
  setLatency(latency: FakeGeminiOptions['latencyMs']): void;
  reset(): void;
  close(): Promise<void>;
}

interface Part {
  text?: string;
}
interface Content {
  role?: string;
  parts?: Part[];
}
interface GenerateBody {
  contents?: Content[];
  systemInstruction?: Content;
  generationConfig?: {
    responseMimeType?: string;
    responseJsonSchema?: unknown;
    responseSchema?: unknown;
    maxOutputTokens?: number;
    [key: string]: unknown;
  };
}
interface EmbedBody {
  requests?: { content?: Content; taskType?: string; outputDimensionality?: number; model?: string }[];
}

const MAX_EMBED_BATCH = 100;

export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const requests: LoggedRequest[] = [];
  let scripts: { method?: GeminiMethod; outcomes: (Fault | null)[] }[] = [];
  let rates: [Fault, number][] = [];
  let random = seededRandom(1);
  let answer = options.answer;
  let latency = options.latencyMs ?? 0;
  let embedded = 0;
  const retryDelay = options.retryDelaySeconds ?? 0.05;
  const defaultDimensions = options.defaultDimensions ?? 3072;

  const chooseFault = (request: FakeRequest): Fault | null => {
    const script = scripts.find((s) => (!s.method || s.method === request.method) && s.outcomes.length > 0);
    if (script) return script.outcomes.shift()!;
    const fromFunction = options.fault?.(request);
    if (fromFunction) return fromFunction;
    if (rates.length === 0) return null;
    let draw = random();
    for (const [fault, rate] of rates) {
      if (draw < rate) return fault;
      draw -= rate;
    }
    return null;
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', `fake-gemini: ${String(error)}`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    // Any prefix before /v1beta is accepted, so tests can stand the fake behind a proxy-like path.
    const match = /\/v1beta\/models\/([^/:]+):(generateContent|batchEmbedContents|countTokens)$/.exec(
      url.pathname,
    );
    const raw = await readText(req);
    if (req.method !== 'POST' || !match) {
      return sendError(res, 404, 'NOT_FOUND', `fake-gemini: no route for ${req.method} ${url.pathname}`);
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [
        k.toLowerCase(),
        Array.isArray(v) ? v.join(', ') : (v ?? ''),
      ]),
    );
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendError(res, 400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
    }
    const request: FakeRequest = {
      method: match[2] as GeminiMethod,
      model: decodeURIComponent(match[1]!),
      headers,
      body,
      apiKey: headers['x-goog-api-key'] ?? url.searchParams.get('key'),
    };
    const log: LoggedRequest = { ...request, at: Date.now(), fault: null, status: 0 };
    requests.push(log);
    const respond = (status: number, payload: unknown) => {
      log.status = status;
      sendJson(res, status, payload);
    };

    if (options.apiKey !== undefined && request.apiKey !== options.apiKey) {
      log.status = 400;
      return sendJson(res, 400, apiKeyInvalid());
    }
    const fault = chooseFault(request);
    log.fault = fault;
    const delay = typeof latency === 'function' ? latency(request) : latency;
    if (delay > 0) await sleep(delay);
    if (res.destroyed) return;

    switch (fault) {
      case 'hang':
        log.status = -1;
        return; // the socket stays open until the client gives up (or close() ends it)
      case 'rate-limit-minute':
      case 'rate-limit-day':
        return respond(429, quotaError(request, fault === 'rate-limit-day' ? 'day' : 'minute', retryDelay));
      case 'server-error':
        return respond(500, {
          error: {
            code: 500,
            message:
              'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
            status: 'INTERNAL',
          },
        });
      case 'unavailable':
        return respond(503, {
          error: {
            code: 503,
            message: 'The model is overloaded. Please try again later.',
            status: 'UNAVAILABLE',
          },
        });
      case 'malformed-body':
        log.status = 200;
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
        res.end('{"candidates": [{"content": {"parts": [{"text": "trunc');
        return;
      default:
        break;
    }

    if (request.method === 'batchEmbedContents') {
      const items = (body as EmbedBody).requests ?? [];
      if (items.length === 0)
        return respond(400, invalidArgument('* BatchEmbedContentsRequest.requests: must not be empty'));
      if (items.length > MAX_EMBED_BATCH) {
        return respond(
          400,
          invalidArgument(
            `* BatchEmbedContentsRequest.requests: at most ${MAX_EMBED_BATCH} requests can be in one batch`,
          ),
        );
      }
      const embeddings = [];
      for (const item of items) {
        const text = contentText(item.content);
        if (text.trim() === '')
          return respond(
            400,
            invalidArgument('* BatchEmbedContentsRequest.requests.content: contains an empty Part'),
          );
        embeddings.push({ values: fakeEmbedding(text, item.outputDimensionality ?? defaultDimensions) });
      }
      embedded += items.length;
      return respond(200, { embeddings });
    }

    if (request.method === 'countTokens') {
      const b = body as { contents?: Content[]; generateContentRequest?: GenerateBody };
      const contents = b.contents ?? b.generateContentRequest?.contents ?? [];
      const system = b.generateContentRequest?.systemInstruction;
      return respond(200, {
        totalTokens: countTokens(contents.map(contentText).join('\n') + contentText(system)),
      });
    }

    // generateContent
    const gen = body as GenerateBody;
    if (!gen.contents || gen.contents.length === 0) {
      return respond(400, invalidArgument('* GenerateContentRequest.contents: contents is not specified'));
    }
    const config = gen.generationConfig ?? {};
    const schema = config.responseJsonSchema ?? config.responseSchema ?? null;
    const prompt = gen.contents.map(contentText).join('\n');
    const system = contentText(gen.systemInstruction);
    const info: GenerateRequestInfo = {
      model: request.model,
      prompt,
      system,
      schema,
      body: gen,
      headers,
      sample: () => (schema === null ? 'This is a fake answer.' : sampleFromSchema(schema)),
    };
    const produced = answer ? await answer(info) : undefined;
    const value = produced === undefined ? info.sample() : produced;
    let text = typeof value === 'string' ? value : JSON.stringify(value);
    let finishReason = 'STOP';
    if (fault === 'malformed-output')
      text = `Sure! Here is the JSON you asked for: ${text.slice(0, text.length >> 1)}`;
    const limit = config.maxOutputTokens;
    if (fault === 'max-tokens') {
      text = text.slice(0, Math.max(1, text.length >> 1));
      finishReason = 'MAX_TOKENS';
    } else if (limit !== undefined && countTokens(text) > limit) {
      text = text.slice(0, limit * 4);
      finishReason = 'MAX_TOKENS';
    }
    const promptTokenCount = countTokens(prompt + system);
    const candidatesTokenCount = countTokens(text);
    return respond(200, {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason, index: 0 }],
      usageMetadata: {
        promptTokenCount,
        candidatesTokenCount,
        totalTokenCount: promptTokenCount + candidatesTokenCount,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokenCount }],
      },
      modelVersion: request.model,
      responseId: createHash('sha1').update(`${requests.length}`).digest('base64url').slice(0, 22),
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: (method) => requests.filter((r) => !method || r.method === method).length,
    embeddedTexts: () => embedded,
    script(outcomes, filter = {}) {
      scripts.push({ ...filter, outcomes: [...outcomes] });
    },
    setFaultRates(next, { seed = 1 } = {}) {
      rates = Object.entries(next).filter(([, r]) => (r ?? 0) > 0) as [Fault, number][];
      random = seededRandom(seed);
    },
    setAnswer(next) {
      answer = next;
    },
    setLatency(next) {
      latency = next ?? 0;
    },
    reset() {
      requests.length = 0;
      scripts = [];
      rates = [];
      embedded = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Embeddings

const STOPWORDS = new Set(eng);

/**
 * A little general-purpose "meaning": words in one group share a concept feature, as a real embedding model
 * puts synonyms and related words near each other. Deliberately small and generic (not tuned to any test).
 */
const CONCEPTS: string[][] = [
  ['fly', 'flying', 'flight', 'flights', 'plane', 'airport', 'airline', 'boarding'],
  ['trip', 'travel', 'travelling', 'holiday', 'holidays', 'vacation', 'journey', 'abroad'],
  ['stay', 'staying', 'hotel', 'airbnb', 'hostel', 'accommodation', 'room', 'nights'],
  ['movie', 'movies', 'film', 'films', 'cinema', 'watch', 'watched', 'series'],
  ['apartment', 'flat', 'house', 'rent', 'renting', 'landlord', 'lease', 'tenant'],
  ['fight', 'fighting', 'argument', 'argue', 'arguing', 'quarrel', 'row', 'upset'],
  ['chores', 'housework', 'dishes', 'laundry', 'cleaning', 'cleaned', 'washing', 'hoover'],
  ['grandma', 'grandmother', 'granny', 'nonna', 'grandpa', 'grandfather', 'nan'],
  ['recipe', 'cook', 'cooking', 'bake', 'baking', 'sauce', 'oven', 'ingredients'],
  ['headache', 'headaches', 'migraine', 'migraines', 'pain', 'ache', 'sick', 'ill'],
  ['doctor', 'doctors', 'gp', 'clinic', 'hospital', 'appointment', 'nurse'],
  ['test', 'tests', 'results', 'blood', 'scan', 'diagnosis', 'deficiency'],
  ['salary', 'pay', 'paid', 'wage', 'raise', 'offer', 'income', 'negotiate', 'negotiating'],
  ['job', 'work', 'career', 'interview', 'hired', 'hiring', 'employer', 'position', 'agency'],
  ['money', 'budget', 'savings', 'saving', 'save', 'spent', 'spend', 'expenses', 'afford'],
  ['gift', 'gifts', 'present', 'presents'],
  ['wear', 'dress', 'suit', 'outfit', 'clothes', 'tie', 'shoes'],
  ['wedding', 'marriage', 'married', 'bride', 'groom', 'engaged', 'ceremony'],
  ['birthday', 'party', 'celebrate', 'celebration', 'surprise', 'cake', 'guests'],
  ['dog', 'puppy', 'cat', 'pet', 'vet', 'paw', 'walks', 'kitten'],
  ['car', 'brake', 'brakes', 'mechanic', 'garage', 'tyre', 'tyres', 'engine', 'repair', 'fixing'],
  ['cost', 'costs', 'price', 'euros', 'dollars', 'pounds', 'expensive', 'cheap'],
  ['love', 'miss', 'hug', 'cuddle', 'kiss', 'darling', 'sweetheart'],
  ['sad', 'cry', 'crying', 'lonely', 'depressed', 'unhappy', 'hurt'],
  ['happy', 'proud', 'amazing', 'congratulations', 'great', 'excited', 'yay'],
  ['sorry', 'apologise', 'apologize', 'apology', 'forgive', 'fault'],
  ['food', 'dinner', 'lunch', 'breakfast', 'eat', 'eating', 'meal', 'restaurant'],
  ['sleep', 'slept', 'tired', 'bed', 'nap', 'insomnia', 'awake'],
  ['school', 'university', 'exam', 'exams', 'study', 'studying', 'class', 'teacher'],
  ['phone', 'call', 'text', 'message', 'ring'],
];
const CONCEPT_OF = new Map(CONCEPTS.flatMap((group, i) => group.map((w) => [w, `c:${i}`] as const)));

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * Deterministic features of a text: content words (weight 1; stopwords left out, numbers 0.1), their
 * 4-letter prefix (0.5, a poor man's stem), their inner trigrams (0.15) and their concept (1).
 */
function features(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const add = (key: string, w: number) => out.set(key, (out.get(key) ?? 0) + w);
  for (const word of fold(text).match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (STOPWORDS.has(word)) continue;
    if (/^\p{N}+$/u.test(word)) {
      add(`w:${word}`, 0.1);
      continue;
    }
    add(`w:${word}`, 1);
    const concept = CONCEPT_OF.get(word);
    if (concept) add(concept, 1);
    const chars = [...word];
    if (chars.length >= 5) add(`p:${chars.slice(0, 4).join('')}`, 0.5);
    for (let i = 0; i + 3 <= chars.length; i++) add(`t:${chars.slice(i, i + 3).join('')}`, 0.15);
  }
  // Repeats count less than new words (sublinear term frequency).
  for (const [k, w] of out) out.set(k, Math.log1p(w));
  return out;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The fake's embedding of a text: a random projection of its features — each feature adds its own
 * pseudo-random ±1 direction (seeded by the feature's hash), weighted — so vectors are dense like a real
 * model's (1-bit quantisation behaves as it would) and cosine similarity follows shared features. Then
 * normalised; below 3072 dimensions scaled by a text-dependent factor (Google only normalises full-size
 * vectors).
 */
export function fakeEmbedding(text: string, dimensions = 3072): number[] {
  const v = new Float64Array(dimensions);
  for (const [feature, weight] of features(text)) {
    let x = fnv1a(feature) || 1;
    for (let i = 0; i < dimensions; i += 32) {
      // xorshift32: 32 signs at a time
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      for (let b = 0; b < 32 && i + b < dimensions; b++) v[i + b]! += (x >>> b) & 1 ? weight : -weight;
    }
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm === 0) v[fnv1a(text) % dimensions] = 1;
  const scale = (norm === 0 ? 1 : 1 / norm) * (dimensions === 3072 ? 1 : 0.6 + (fnv1a(text) % 1000) / 2500);
  return Array.from(v, (x) => Math.fround(x * scale));
}

// ---------------------------------------------------------------------------------------------------------
// Structured output

type Schema = Record<string, unknown>;

/**
 * A deterministic value that follows a JSON Schema (as zod's toJSONSchema writes it: type, properties,
 * required, items, enum, const, anyOf/oneOf/allOf, $ref/$defs, nullable types, min/max bounds, string
 * formats) or Gemini's OpenAPI subset (upper-case types, `nullable`, `propertyOrdering`). Every declared
 * property is filled in; arrays get two items within minItems/maxItems. `pattern` is not honoured.
 */
export function sampleFromSchema(schema: unknown): unknown {
  const root = (schema ?? {}) as Schema;
  const defs = { ...((root.$defs as Schema) ?? {}), ...((root.definitions as Schema) ?? {}) };
  const visit = (node: Schema, name: string, depth: number): unknown => {
    if (depth > 12) return null;
    if (typeof node.$ref === 'string') {
      const target =
        node.$ref === '#' ? root : (defs[node.$ref.replace(/^#\/(\$defs|definitions)\//, '')] as Schema);
      return visit(target ?? {}, name, depth + 1);
    }
    if ('const' in node) return node.const;
    if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
    if (Array.isArray(node.allOf)) {
      return visit(Object.assign({}, ...(node.allOf as Schema[])), name, depth + 1);
    }
    const alternatives = (node.anyOf ?? node.oneOf) as Schema[] | undefined;
    if (Array.isArray(alternatives) && alternatives.length > 0) {
      const preferred =
        alternatives.find((a) => String(a.type ?? '').toLowerCase() !== 'null') ?? alternatives[0]!;
      return visit(preferred, name, depth + 1);
    }
    let type = node.type;
    if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? 'null';
    type =
      typeof type === 'string'
        ? type.toLowerCase()
        : node.properties
          ? 'object'
          : node.items
            ? 'array'
            : 'string';
    switch (type) {
      case 'object': {
        const props = (node.properties ?? {}) as Record<string, Schema>;
        const order = (node.propertyOrdering as string[] | undefined) ?? Object.keys(props);
        const out: Record<string, unknown> = {};
        for (const key of order) if (props[key]) out[key] = visit(props[key], key, depth + 1);
        return out;
      }
      case 'array': {
        const min = typeof node.minItems === 'number' ? node.minItems : Number(node.minItems ?? 0);
        const max = node.maxItems === undefined ? Infinity : Number(node.maxItems);
        const count = Math.max(min, Math.min(2, max));
        const items = (node.items ?? {}) as Schema;
        return Array.from({ length: count }, (_, i) => visit(items, `${name} ${i + 1}`, depth + 1));
      }
      case 'integer':
      case 'number':
        return sampleNumber(node, type === 'integer');
      case 'boolean':
        return true;
      case 'null':
        return null;
      default:
        return sampleString(node, name);
    }
  };
  return visit(root, 'value', 0);
}

function sampleNumber(node: Schema, integer: boolean): number {
  const min = Math.max(
    typeof node.minimum === 'number' ? node.minimum : -Infinity,
    typeof node.exclusiveMinimum === 'number' ? node.exclusiveMinimum + (integer ? 1 : 1e-6) : -Infinity,
  );
  const max = Math.min(
    typeof node.maximum === 'number' ? node.maximum : Infinity,
    typeof node.exclusiveMaximum === 'number' ? node.exclusiveMaximum - (integer ? 1 : 1e-6) : Infinity,
  );
  let value =
    Number.isFinite(min) && Number.isFinite(max)
      ? (min + max) / 2
      : Number.isFinite(min)
        ? min
        : Number.isFinite(max)
          ? Math.min(max, 1)
          : 1;
  if (integer) value = Number.isFinite(min) ? Math.ceil(value) : Math.floor(value);
  return value;
}

function sampleString(node: Schema, name: string): string {
  switch (node.format) {
    case 'date-time':
      return '2024-01-01T12:00:00Z';
    case 'date':
      return '2024-01-01';
    case 'email':
      return 'someone@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    default:
      break;
  }
  const min = Number(node.minLength ?? 0);
  const max = node.maxLength === undefined ? Infinity : Number(node.maxLength);
  let text = `Sample ${name}`;
  while (text.length < min) text += ' text';
  return text.slice(0, Math.max(min, Math.min(max, text.length)));
}

// ---------------------------------------------------------------------------------------------------------
// Wire helpers

function contentText(content: Content | undefined): string {
  return (content?.parts ?? []).map((p) => p.text ?? '').join('');
}

function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function quotaError(request: FakeRequest, period: 'minute' | 'day', retryDelaySeconds: number) {
  const embed = request.method === 'batchEmbedContents';
  const metric = `generativelanguage.googleapis.com/${embed ? 'embed_content' : 'generate_content'}_free_tier_requests`;
  const Period = period === 'minute' ? 'PerMinute' : 'PerDay';
  const quotaId = embed
    ? `EmbedContentRequests${Period}PerUserPerProjectPerModel-FreeTier`
    : `GenerateRequests${Period}PerProjectPerModel-FreeTier`;
  const limit = period === 'minute' ? 100 : 1000;
  const details: unknown[] = [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [
        {
          quotaMetric: metric,
          quotaId,
          quotaDimensions: { location: 'global', model: request.model },
          quotaValue: String(limit),
        },
      ],
    },
    {
      '@type': 'type.googleapis.com/google.rpc.Help',
      links: [
        {
          description: 'Learn more about Gemini API quotas',
          url: 'https://ai.google.dev/gemini-api/docs/rate-limits',
        },
      ],
    },
  ];
  if (period === 'minute') {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: `${retryDelaySeconds}s`,
    });
  }
  return {
    error: {
      code: 429,
      message:
        'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n' +
        `* Quota exceeded for metric: ${metric}, limit: ${limit}, model: ${request.model}` +
        (period === 'minute' ? `\nPlease retry in ${retryDelaySeconds}s.` : ''),
      status: 'RESOURCE_EXHAUSTED',
      details,
    },
  };
}

function invalidArgument(message: string) {
  return {
    error: { code: 400, message: `Invalid JSON payload received. ${message}`, status: 'INVALID_ARGUMENT' },
  };
}

function apiKeyInvalid() {
  return {
    error: {
      code: 400,
      message: 'API key not valid. Please pass a valid API key.',
      status: 'INVALID_ARGUMENT',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'API_KEY_INVALID',
          domain: 'googleapis.com',
          metadata: { service: 'generativelanguage.googleapis.com' },
        },
      ],
    },
  };
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(payload));
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code: status, message, status: code } });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Seeded draws in [0, 1), so fault rates give the same sequence every run. */
function seededRandom(seed: number): () => number {
  let n = 0;
  return () => createHash('sha256').update(`${seed}:${n++}`).digest().readUInt32BE(0) / 2 ** 32;
}
