/**
 * One declaration per API route: path, zod schemas for its inputs and output, and the handler. The same
 * declarations mount the Express routes (inputs validated, output checked against its schema) and write
 * the OpenAPI document, so the two cannot drift apart.
 */
import express, { type Express, type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from '../../src-main/errors';
import type { ServerErrorCode } from '../../src-shared/server-api';
import { userIdOf } from './auth';

export interface RouteInput<P, Q, B> {
  userId: string;
  params: P;
  query: Q;
  body: B;
}

export interface Route<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post';
  /** Express syntax: `/api/unlocks/:id/settle`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Needs a signed-in user (Bearer session token). */
  auth: boolean;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  status?: number;
  /** The error codes this route answers with, for the document. */
  errors?: ServerErrorCode[];
  handle(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R>>;
}

export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  r: Route<P, Q, B, R>,
): Route {
  return r as unknown as Route;
}

function parse(schema: z.ZodType, value: unknown, where: string): unknown {
  const parsed = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (parsed.success) return parsed.data;
  throw new AppError('invalid-request', `Invalid ${where}: ${z.prettifyError(parsed.error)}`, {
    issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

export function mountRoutes(
  app: Express,
  routes: Route[],
  options: { limited: RequestHandler[]; authenticated: RequestHandler[]; jsonLimit: string },
): void {
  const json = express.json({ limit: options.jsonLimit });
  for (const r of routes) {
    const stack: RequestHandler[] = [
      ...options.limited,
      ...(r.auth ? options.authenticated : []),
      ...(r.body ? [json] : []),
    ];
    app[r.method](r.path, ...stack, async (req, res) => {
      const result = await r.handle({
        userId: r.auth ? userIdOf(res) : '',
        params: r.params && parse(r.params, req.params, 'path'),
        query: r.query && parse(r.query, req.query, 'query'), // Express parses the query string on each read
        body: r.body && parse(r.body, req.body, 'body'),
      });
      res.status(r.status ?? 200).json(r.response.parse(result));
    });
  }
}
