/**
 * The bridge between the sandboxed renderer and the main process: `window.api.invoke/on`, exactly the
 * WindowApi of src-shared/contract.ts and nothing else. Files dropped onto the window become paths here
 * (`webUtils.getPathForFile` only works in the preload) and reach the UI as a `files-received` event.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ImportSource } from '../../src-shared/api/imports';
import type { ApiArgs, ApiName, ApiResult, WindowApi } from '../../src-shared/contract';
import { acceptFileDrops, createEventHub } from '../../src-renderer/door';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type InvokeAnswer } from './channels';

// The preload is type-checked with the Node program (no DOM library): just what it touches of the page.
declare const window: Parameters<typeof acceptFileDrops<File>>[0];

const events = createEventHub();
ipcRenderer.on(EVENT_CHANNEL, (_event, name: string, payload: unknown) => events.emitRaw(name, payload));

acceptFileDrops<File>(window, (files) => {
  const sources: ImportSource[] = files
    .map((file) => webUtils.getPathForFile(file))
    .filter((path) => path !== '')
    .map((path) => ({ kind: 'path', path }));
  if (sources.length > 0) events.emit('files-received', { sources, via: 'drop' });
  else events.emit('files-rejected', { message: 'Drop a .zip or .txt file WhatsApp exported.' });
});

const api = {
  async invoke<N extends ApiName>(name: N, args: ApiArgs<N>): Promise<ApiResult<N>> {
    const answer = (await ipcRenderer.invoke(INVOKE_CHANNEL, name, args)) as InvokeAnswer;
    if (!answer.ok) throw answer.error;
    return answer.result as ApiResult<N>;
  },
  on: events.on,
} satisfies WindowApi;

contextBridge.exposeInMainWorld('api', api);
