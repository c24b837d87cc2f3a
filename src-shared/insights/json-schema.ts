/**
 * zod → the JSON Schema Gemini's structured output accepts (`generationConfig.responseJsonSchema`). zod 4
 * writes full JSON Schema; Gemini takes a subset and answers 400 INVALID_ARGUMENT for some keywords, so
 * every keyword outside the subset is dropped here. What is dropped (string lengths, integer safe bounds) is
 * still enforced by the zod schema when the answer is validated.
 */
import { z } from 'zod';

/** Keywords kept; everything else (e.g. $schema, additionalProperties, minLength, pattern) is dropped. */
export const GEMINI_SCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
  'type',
  'properties',
  'required',
  'items',
  'enum',
  'description',
  'title',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
]);

type JsonSchema = { [key: string]: unknown };

function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node as JsonSchema)) {
    if (!GEMINI_SCHEMA_KEYWORDS.has(key)) continue;
    // zod writes ±MAX_SAFE_INTEGER for .int(); they say nothing and some endpoints reject them.
    if ((key === 'minimum' || key === 'maximum') && Math.abs(value as number) >= Number.MAX_SAFE_INTEGER)
      continue;
    if (key === 'properties') {
      out[key] = Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, clean(v)]));
    } else {
      out[key] = clean(value);
    }
  }
  return out;
}

/** The Gemini response schema for a zod schema. Throws if the schema needs a keyword Gemini lacks. */
export function toGeminiSchema(schema: z.ZodType): JsonSchema {
  const full = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output', reused: 'inline' });
  assertSupported(full);
  return clean(full) as JsonSchema;
}

/** Unions, references and nullables would be silently weakened by dropping; refuse them instead. */
function assertSupported(node: unknown, path = '$'): void {
  if (Array.isArray(node)) return node.forEach((n, i) => assertSupported(n, `${path}[${i}]`));
  if (!node || typeof node !== 'object') return;
  for (const key of ['anyOf', 'oneOf', 'allOf', '$ref', 'not', 'if']) {
    if (key in node) throw new Error(`insight schema at ${path} uses "${key}", outside the subset we send`);
  }
  if (Array.isArray((node as JsonSchema).type))
    throw new Error(`insight schema at ${path} has a type list (nullable), outside the subset we send`);
  for (const [key, value] of Object.entries(node)) assertSupported(value, `${path}.${key}`);
}
