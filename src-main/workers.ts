/**
 * Worker files: built JS in the app and the CLI (electron-vite `?modulePath`), TypeScript sources under
 * vitest. Node 20 cannot load a `.ts` worker by itself, so those start with tsx's loader.
 */
export function workerExecArgv(workerPath: string): string[] {
  return workerPath.endsWith('.ts') ? [...process.execArgv, '--import', 'tsx'] : process.execArgv;
}
