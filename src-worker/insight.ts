/**
 * One insight generation in a worker thread (a piscina task): the prompt (shared instructions + the
 * insight's context), one structured-output call through the Gemini gateway with the insight's JSON
 * schema, validated against its zod schema and the context (invented quotes are dropped; an answer that is
 * not JSON, breaks the schema or rests mostly on invented quotes is retried with backoff and jitter, like
 * 429s, 5xx and timeouts). Cancelling the piscina task stops the thread, and the call with it.
 */
import { findInsightType, resultSchema, SYSTEM_INSTRUCTION } from '../src-shared/insights/catalog';
import { toGeminiSchema } from '../src-shared/insights/json-schema';
import { RESULT_SCHEMAS, type RendererId } from '../src-shared/insights/schemas';
import { AppError, toErrorShape } from '../src-main/errors';
import { createGeminiGateway, type GeminiGateway } from '../src-main/gemini/gateway';
import type { InsightOutcome, InsightTask, InsightTaskEvent } from '../src-main/insights/task';
import { validateValue, type Validated } from '../src-main/insights/validate';

/** The JSON Schema sent for each renderer, converted once per thread. */
const jsonSchemas = new Map<string, object>();
const jsonSchemaOf = (renderer: RendererId) => {
  let schema = jsonSchemas.get(renderer);
  if (!schema) jsonSchemas.set(renderer, (schema = toGeminiSchema(RESULT_SCHEMAS[renderer])));
  return schema;
};

/**
 * Warming a thread: what the first call would otherwise pay for — Node's fetch (loaded on first use) and
 * the schemas. Held briefly so that concurrent warm-up tasks land on distinct threads.
 */
async function warm(): Promise<null> {
  for (const renderer of Object.keys(RESULT_SCHEMAS) as RendererId[]) jsonSchemaOf(renderer);
  await fetch('data:,').catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 100));
  return null;
}

/** One gateway per access in this thread (the credits proxy's headers change with each reservation). */
const gateways = new Map<string, GeminiGateway>();

function gatewayFor(task: InsightTask): GeminiGateway {
  const key = JSON.stringify(task.access);
  let gateway = gateways.get(key);
  if (!gateway) {
    if (gateways.size > 8) gateways.clear();
    gateway = createGeminiGateway(task.access);
    gateways.set(key, gateway);
  }
  return gateway;
}

export default async function generateInsight(
  task: InsightTask | { warm: true },
): Promise<InsightOutcome | null> {
  if ('warm' in task) return warm();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const type = findInsightType(task.category, task.type);
    if (!type) throw new AppError('unknown-insight', `There is no insight "${task.category}/${task.type}".`);
    const schema = resultSchema(type);
    const answer = await gatewayFor(task).generateJson<Validated>({
      model: task.model,
      system: SYSTEM_INSTRUCTION,
      prompt: task.context.text,
      schema: jsonSchemaOf(type.renderer),
      parse: (value) => validateValue(value, schema, task.context),
      ...(task.temperature === undefined ? {} : { temperature: task.temperature }),
      ...(task.policy ? { policy: task.policy } : {}),
      onRetry: ({ attempt, failure, delayMs }) =>
        task.port?.postMessage({
          type: 'retry',
          attempt,
          kind: failure.kind,
          message: failure.message,
          delayMs,
        } satisfies InsightTaskEvent),
    });
    return {
      ok: true,
      result: answer.value.result,
      quotes: answer.value.quotes,
      attempts: answer.attempts,
      promptTokens: answer.totalUsage.promptTokens,
      outputTokens: answer.totalUsage.outputTokens + answer.totalUsage.thoughtsTokens,
      latencyMs: answer.latencyMs,
    };
  } catch (error) {
    const shape = toErrorShape(error);
    const details = shape.details as { attempts?: number } | undefined;
    return { ok: false, error: shape, attempts: details?.attempts ?? 1, latencyMs: elapsed() };
  } finally {
    task.port?.close();
  }
}
