import { openLibrary } from './db/open';
import type { AppContext, Emit } from './context';
import { importExport } from './import/pipeline';
import { Operations } from './ops';

export interface CreateContextOptions {
  libraryPath: string;
  dataDir: string;
  emit?: Emit;
  /** Replaces the in-process import (the app passes the worker-thread runner). */
  runImport?: AppContext['runImport'];
}

/** Opens the library and assembles what handlers need. The caller owns it and calls `close`. */
export function createAppContext(options: CreateContextOptions): AppContext & { close(): void } {
  const library = openLibrary({ path: options.libraryPath });
  const ctx: AppContext & { close(): void } = {
    library,
    emit: options.emit ?? (() => {}),
    ops: new Operations(),
    dataDir: options.dataDir,
    uploads: new Map(),
    runImport: options.runImport ?? ((importOptions) => importExport(library, importOptions)),
    close: () => library.close(),
  };
  return ctx;
}
