/**
 * Worker files: built JS in the app and the CLI (electron-vite `?modulePath`), TypeScript sources under
 * vitest. A `.ts` entry is started through src-worker/ts-bootstrap.mjs, which registers tsx first.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The file to start and the workerData to give it (works for `new Worker` and for piscina). */
export function workerEntry<T extends object>(
  path: string,
  workerData: T,
): { filename: string; workerData: T } {
  if (!path.endsWith('.ts')) return { filename: path, workerData };
  return {
    filename: fileURLToPath(new URL('../src-worker/ts-bootstrap.mjs', import.meta.url)),
    workerData: { ...workerData, __tsEntry: pathToFileURL(path).href },
  };
}
