import type { z } from 'zod';

/** Carries a result type through a value without a runtime schema. */
export interface Returns<T> {
  readonly __result?: T;
}
export const returns = <T>(): Returns<T> => ({});

/** One request of the contract: its argument schema (validated where it enters the backend) and result type. */
export interface Endpoint<A extends z.ZodType = z.ZodType, R = unknown> {
  readonly args: A;
  readonly result: Returns<R>;
}
export const endpoint = <A extends z.ZodType, R>(args: A, result: Returns<R>): Endpoint<A, R> => ({
  args,
  result,
});

/** Errors cross every door (IPC, HTTP, CLI) as this shape. */
export interface ApiErrorShape {
  code: string;
  message: string;
  details?: unknown;
}
