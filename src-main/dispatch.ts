import { z } from 'zod';
import { api, type ApiName } from '../src-shared/contract';
import type { AppContext } from './context';
import { AppError } from './errors';
import { handlers } from './handlers';

export function isApiName(name: string): name is ApiName {
  return Object.hasOwn(api, name);
}

/** The one entry to the backend: validates the arguments against the contract and runs the handler. */
export async function dispatch(ctx: AppContext, name: string, rawArgs: unknown): Promise<unknown> {
  if (!isApiName(name)) throw new AppError('unknown-request', `There is no request named "${name}".`);
  const parsed = (api[name].args as z.ZodType).safeParse(rawArgs ?? {});
  if (!parsed.success) {
    throw new AppError(
      'invalid-arguments',
      `Invalid arguments for ${name}: ${z.prettifyError(parsed.error)}`,
    );
  }
  const handler = handlers[name] as (args: unknown, ctx: AppContext) => Promise<unknown>;
  return handler(parsed.data, ctx);
}
