/**
 * Runs imports in a worker thread (src-worker/import.ts). The app's main loop keeps serving the UI while a
 * 100 MB export is parsed and stored; cancelling aborts the worker's transaction, which leaves nothing.
 */
import { Worker } from 'node:worker_threads';
import type { ApiErrorShape } from '../../src-shared/api/endpoint';
import type { ImportResult } from '../../src-shared/api/imports';
import type { AppContext } from '../context';
import { AppError, CancelledError } from '../errors';
import { workerEntry } from '../workers';
import type { ImportOptions } from './pipeline';
import importWorkerPath from '../../src-worker/import?modulePath';

export interface ImportWorkerData {
  libraryPath: string;
  options: Omit<ImportOptions, 'signal' | 'onProgress'>;
}

export type ImportWorkerMessage =
  | { type: 'progress'; progress: Parameters<NonNullable<ImportOptions['onProgress']>>[0] }
  | { type: 'result'; result: ImportResult }
  | { type: 'error'; error: ApiErrorShape };

export function createWorkerImportRunner(
  libraryPath: string,
  workerPath: string = importWorkerPath,
): AppContext['runImport'] {
  return ({ signal, onProgress, ...options }) =>
    new Promise<ImportResult>((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError());
      const entry = workerEntry(workerPath, { libraryPath, options } satisfies ImportWorkerData);
      const worker = new Worker(entry.filename, { workerData: entry.workerData });
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', cancel);
        fn();
      };
      const cancel = () => worker.postMessage('cancel');
      signal?.addEventListener('abort', cancel, { once: true });
      worker.on('message', (message: ImportWorkerMessage) => {
        if (message.type === 'progress') onProgress?.(message.progress);
        else if (message.type === 'result') settle(() => resolve(message.result));
        else
          settle(() =>
            reject(
              message.error.code === 'cancelled'
                ? new CancelledError(message.error.message)
                : new AppError(message.error.code, message.error.message, message.error.details),
            ),
          );
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) =>
        settle(() =>
          reject(new AppError('internal', `The import worker stopped unexpectedly (exit code ${code}).`)),
        ),
      );
    });
}
