/**
 * One import in a worker thread, with its own connection to the library, so the process that serves the UI
 * is never blocked by parsing or by the import's transaction. Messages in: the options, then 'cancel'.
 * Messages out: progress, then a result or an error shape. Statistics are computed here too.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openLibrary } from '../src-main/db/open';
import { toErrorShape } from '../src-main/errors';
import type { ImportOptions } from '../src-main/import/pipeline';
import { importWithStatistics } from '../src-main/import/run-import';
import type { ImportWorkerData, ImportWorkerMessage } from '../src-main/import/worker-runner';

const port = parentPort!;
const { libraryPath, options } = workerData as ImportWorkerData;
const controller = new AbortController();
port.on('message', (message: unknown) => {
  if (message === 'cancel') controller.abort();
});

const post = (message: ImportWorkerMessage) => port.postMessage(message);

const library = openLibrary({ path: libraryPath });
try {
  const importOptions: ImportOptions = {
    ...options,
    signal: controller.signal,
    onProgress: (progress) => post({ type: 'progress', progress }),
  };
  const result = await importWithStatistics(library, importOptions);
  post({ type: 'result', result });
} catch (error) {
  post({ type: 'error', error: toErrorShape(error) });
} finally {
  library.close();
  port.close();
}
