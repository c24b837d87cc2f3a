import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  CATEGORY_IDS,
  CATEGORY_PRICE,
  findInsightType,
  resultSchema,
} from '../../../src-shared/insights/catalog';
import { GEMINI_SCHEMA_KEYWORDS, toGeminiSchema } from '../../../src-shared/insights/json-schema';
import { RESULT_SCHEMAS } from '../../../src-shared/insights/schemas';
import { z } from 'zod';

/** Every keyword used in a JSON Schema (property names are not keywords). */
function keywords(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => keywords(n, into));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      into.add(k);
      if (k === 'properties') Object.values(v as object).forEach((p) => keywords(p, into));
      else if (k !== 'enum' && k !== 'required') keywords(v, into);
    }
  }
  return into;
}

describe('insight catalog', () => {
  it('has five categories of six types whose costs add up to the price', () => {
    expect(CATEGORIES.map((c) => c.id)).toEqual([...CATEGORY_IDS]);
    for (const category of CATEGORIES) {
      expect(category.types).toHaveLength(6);
      expect(new Set(category.types.map((t) => t.id)).size).toBe(6);
      expect(category.types.reduce((sum, t) => sum + t.cost, 0)).toBe(CATEGORY_PRICE);
      expect(category.price).toBe(CATEGORY_PRICE);
      for (const type of category.types) {
        expect(type.category).toBe(category.id);
        expect(type.prompt.length).toBeGreaterThan(100);
        expect(type.queries.length).toBeGreaterThanOrEqual(3);
        expect(findInsightType(category.id, type.id)).toBe(type);
        expect(resultSchema(type)).toBe(RESULT_SCHEMAS[type.renderer]);
      }
    }
    expect(findInsightType('romantic', 'nope')).toBeUndefined();
  });

  it('covers the insights the product promises', () => {
    const romantic = CATEGORIES.find((c) => c.id === 'romantic')!.types.map((t) => t.renderer);
    expect(romantic).toEqual(
      expect.arrayContaining([
        'communication',
        'love-languages',
        'conflict',
        'support',
        'memories',
        'health',
      ]),
    );
    const renderers = new Set(CATEGORIES.flatMap((c) => c.types.map((t) => t.renderer)));
    expect([...renderers].sort()).toEqual(Object.keys(RESULT_SCHEMAS).sort());
  });

  it('turns every result schema into Gemini’s JSON-Schema subset', () => {
    for (const [id, schema] of Object.entries(RESULT_SCHEMAS)) {
      const json = toGeminiSchema(schema);
      expect(json.type, id).toBe('object');
      expect([...keywords(json)].filter((k) => !GEMINI_SCHEMA_KEYWORDS.has(k))).toEqual([]);
    }
  });

  it('refuses schemas outside the subset instead of weakening them', () => {
    expect(() => toGeminiSchema(z.object({ a: z.union([z.string(), z.number()]) }))).toThrow(
      /anyOf|type list/,
    );
    expect(() => toGeminiSchema(z.object({ a: z.string().nullable() }))).toThrow(/anyOf|type list/);
    expect(toGeminiSchema(z.object({ n: z.number().int(), s: z.string().min(2).max(5) }))).toEqual({
      type: 'object',
      properties: { n: { type: 'integer' }, s: { type: 'string' } },
      required: ['n', 's'],
    });
  });
});
