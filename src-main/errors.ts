import type { ApiErrorShape } from '../src-shared/api/endpoint';

/** An error meant for the user: a stable code and a clear message. Anything else is reported as 'internal'. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class CancelledError extends AppError {
  constructor(message = 'Cancelled.') {
    super('cancelled', message);
  }
}

export function toErrorShape(error: unknown): ApiErrorShape {
  if (error instanceof AppError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    };
  }
  if (error instanceof Error && error.name === 'FutureDatabaseError')
    return { code: 'future-database', message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
