/**
 * A button's work: one run at a time, what is running (`doing`, for the button that says "Opening…"),
 * and the error of the last run (cleared when the next one starts).
 */
import { useState } from 'react';
import { toApiError, type ApiError } from './api';

export interface Action<L extends string> {
  busy: boolean;
  /** The label of the running work, or null. */
  doing: L | null;
  error: ApiError | null;
  run: (work: () => Promise<void>, label?: L) => Promise<void>;
}

export function useAction<L extends string = string>(): Action<L> {
  const [running, setRunning] = useState<{ label: L | null } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (work: () => Promise<void>, label?: L) => {
    setRunning({ label: label ?? null });
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setRunning(null);
    }
  };
  return { busy: running !== null, doing: running?.label ?? null, error, run };
}
