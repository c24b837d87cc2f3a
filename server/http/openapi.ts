/** The OpenAPI 3.1 document, written from the same route declarations and zod schemas the server runs. */
import { z } from 'zod';
import { Health, ServerError } from '../../src-shared/server-api';
import { statusOf } from './errors';
import type { Route } from './route';

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

const json = (schema: z.ZodType, io: 'input' | 'output') => ({
  content: { 'application/json': { schema: schemaOf(schema, io) } },
});

export function openApiDocument(routes: Route[], other: Record<string, object>): object {
  const paths: Record<string, Record<string, object>> = {
    '/health': {
      get: {
        summary: 'Liveness and database reachability',
        responses: { '200': { description: 'Up', ...json(Health, 'output') } },
      },
    },
  };
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const errors: Record<string, object> = {};
    for (const code of new Set([
      'invalid-request',
      ...(r.auth ? ['unauthorized', 'rate-limited'] : []),
      ...(r.errors ?? []),
    ])) {
      const status = String(statusOf(code));
      const entry = errors[status] as { description: string } | undefined;
      errors[status] = {
        description: entry ? `${entry.description}, ${code}` : code,
        ...json(ServerError, 'output'),
      };
    }
    (paths[path] ??= {})[r.method] = {
      tags: [r.tag],
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      ...(r.auth ? { security: [{ clerkSession: [] }] } : {}),
      parameters: [...parametersOf(r.params, 'path'), ...parametersOf(r.query, 'query')],
      ...(r.body ? { requestBody: { required: true, ...json(r.body, 'input') } } : {}),
      responses: {
        [String(r.status ?? 200)]: { description: 'OK', ...json(r.response, 'output') },
        ...errors,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'RelivChats credits server',
      version: '1',
      description:
        'Coins, unlocks, payments and the metered Gemini proxy. Errors: { "error": { "code", "message" } }.',
    },
    components: {
      securitySchemes: {
        clerkSession: { type: 'http', scheme: 'bearer', bearerFormat: 'Clerk session JWT' },
      },
    },
    paths: { ...paths, ...other },
  };
}
