/** The UI's only way to the backend: `window.api` (Electron preload or web-shell client), typed by the contract. */
import { useEffect, useRef } from 'react';
import type { ApiErrorShape } from '../../../src-shared/api/endpoint';
import type { ApiArgs, ApiName, ApiResult, PushEventName, PushEvents } from '../../../src-shared/contract';

export class ApiError extends Error {
  readonly code: string;
  readonly details: unknown;
  constructor(shape: ApiErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.details = shape.details;
  }
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    return new ApiError(error as ApiErrorShape);
  }
  return new ApiError({ code: 'internal', message: error instanceof Error ? error.message : String(error) });
}

export const hasApi = () => typeof window.api?.invoke === 'function';

export async function call<N extends ApiName>(name: N, args: ApiArgs<N>): Promise<ApiResult<N>> {
  if (!hasApi()) {
    throw new ApiError({
      code: 'no-backend',
      message: 'This page runs inside RelivChats (the desktop app or `npm run web`), not on its own.',
    });
  }
  try {
    return await window.api.invoke(name, args);
  } catch (error) {
    throw toApiError(error);
  }
}

/** Subscribes to a push event for the component's lifetime; the latest handler is always called. */
export function useApiEvent<E extends PushEventName>(
  event: E,
  handler: (payload: PushEvents[E]) => void,
): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!hasApi()) return;
    return window.api.on(event, (payload) => ref.current(payload));
  }, [event]);
}
