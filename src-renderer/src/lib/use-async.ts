/** Loads something for a component: loading, error and data, reloaded when `deps` change. */
import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { toApiError, type ApiError } from './api';

export interface AsyncState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True while the answer for the current `deps` has not arrived (the previous data stays available). */
  loading: boolean;
  reload: () => void;
}

const same = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [nonce, setNonce] = useState(0);
  const key = [...deps, nonce];
  const [state, setState] = useState<{ data?: T; error?: ApiError; for?: readonly unknown[] }>({});
  useEffect(() => {
    let live = true;
    const answered = [...deps, nonce];
    load().then(
      (data) => live && setState({ data, for: answered }),
      (error: unknown) =>
        live && setState((s) => ({ data: s.data, error: toApiError(error), for: answered })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists what `load` depends on
  }, key);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = state.for !== undefined && same(state.for, key);
  return { data: state.data, error: current ? state.error : undefined, loading: !current, reload };
}
