/**
 * What both doors to the backend do the same way: the Electron preload (src-main/electron/preload.ts) and
 * the web shell's client (web-shell-client.ts). Both run in the page; this file uses no DOM types so the
 * preload, type-checked with the Node program, can include it.
 */
import type { PushEventName, PushEvents, WindowApi } from '../src-shared/contract';

/** Push-event listeners: `on` as WindowApi has it, `emit` for the door (backend events and its own). */
export function createEventHub(): {
  on: WindowApi['on'];
  emit<E extends PushEventName>(event: E, payload: PushEvents[E]): void;
  /** For events arriving by name from the backend. */
  emitRaw(event: string, payload: unknown): void;
} {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emitRaw = (event: string, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    emit: emitRaw,
    emitRaw,
  };
}

interface DragEventLike<F> {
  preventDefault(): void;
  dataTransfer: { types: readonly string[]; files: ArrayLike<F> } | null;
}

interface DropTarget<F> {
  addEventListener(
    type: 'dragover' | 'drop',
    listener: (event: DragEventLike<F>) => void,
    capture: boolean,
  ): void;
}

/** Files dropped anywhere on the window go to `take`; the window never navigates to a dropped file. */
export function acceptFileDrops<F>(target: DropTarget<F>, take: (files: F[]) => void): void {
  const hasFiles = (event: DragEventLike<F>) => event.dataTransfer?.types.includes('Files') ?? false;
  target.addEventListener(
    'dragover',
    (event) => {
      if (hasFiles(event)) event.preventDefault();
    },
    true,
  );
  target.addEventListener(
    'drop',
    (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      const files = Array.from(event.dataTransfer?.files ?? []);
      if (files.length > 0) take(files);
    },
    true,
  );
}
