/**
 * The bridge between the sandboxed renderer and the main process: `window.api.invoke/on`, exactly the
 * WindowApi of src-shared/contract.ts and nothing else. Files dropped onto the window become paths here
 * (`webUtils.getPathForFile` only works in the preload) and reach the UI as a `files-received` event.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ImportSource } from '../../src-shared/api/imports';
import type {
  ApiArgs,
  ApiName,
  ApiResult,
  PushEventName,
  PushEvents,
  WindowApi,
} from '../../src-shared/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type InvokeAnswer } from './channels';

// The preload is type-checked with the Node program (no DOM library): just what it touches of the page.
interface DragEventLike {
  preventDefault(): void;
  dataTransfer: { types: readonly string[]; files: ArrayLike<File> } | null;
}
declare const window: {
  addEventListener(
    type: 'dragover' | 'drop',
    listener: (event: DragEventLike) => void,
    capture: boolean,
  ): void;
};

const listeners = new Map<string, Set<(payload: unknown) => void>>();

function emitLocal<E extends PushEventName>(event: E, payload: PushEvents[E]) {
  for (const listener of listeners.get(event) ?? []) listener(payload);
}

ipcRenderer.on(EVENT_CHANNEL, (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const hasFiles = (event: DragEventLike) => event.dataTransfer?.types.includes('Files') ?? false;
window.addEventListener(
  'dragover',
  (event) => {
    if (hasFiles(event)) event.preventDefault();
  },
  true,
);
window.addEventListener(
  'drop',
  (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault(); // never navigate to the dropped file
    const paths = Array.from(event.dataTransfer?.files ?? [], (file) => webUtils.getPathForFile(file));
    const sources: ImportSource[] = paths.filter((p) => p !== '').map((path) => ({ kind: 'path', path }));
    if (sources.length > 0) emitLocal('files-received', { sources, via: 'drop' });
    else emitLocal('files-rejected', { message: 'Drop a .zip or .txt file WhatsApp exported.' });
  },
  true,
);

const api = {
  async invoke<N extends ApiName>(name: N, args: ApiArgs<N>): Promise<ApiResult<N>> {
    const answer = (await ipcRenderer.invoke(INVOKE_CHANNEL, name, args)) as InvokeAnswer;
    if (!answer.ok) throw answer.error;
    return answer.result as ApiResult<N>;
  },
  on<E extends PushEventName>(event: E, listener: (payload: PushEvents[E]) => void): () => void {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  },
} satisfies WindowApi;

contextBridge.exposeInMainWorld('api', api);
