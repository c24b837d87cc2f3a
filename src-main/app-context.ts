import { openLibrary } from './db/open';
import type { AppContext, Emit } from './context';
import { geminiProvider } from './gemini/access';
import { importExport } from './import/pipeline';
import { Operations } from './ops';
import { createFileSecretStore, secretsFilePath, type SecretStore } from './secrets';

export interface CreateContextOptions {
  libraryPath: string;
  dataDir: string;
  emit?: Emit;
  /** Replaces the in-process import (the app passes the worker-thread runner). */
  runImport?: AppContext['runImport'];
  /** The desktop app passes its safeStorage store; by default a private file in dataDir. */
  secrets?: SecretStore;
  pickFiles?: AppContext['pickFiles'];
  /** Replaces the Gemini access resolved from the environment and the secret store (tests). */
  gemini?: AppContext['gemini'];
}

/** Opens the library and assembles what handlers need. The caller owns it and calls `close`. */
export function createAppContext(options: CreateContextOptions): AppContext & { close(): void } {
  const library = openLibrary({ path: options.libraryPath });
  const secrets = options.secrets ?? createFileSecretStore(secretsFilePath(options.dataDir));
  const ctx: AppContext & { close(): void } = {
    library,
    emit: options.emit ?? (() => {}),
    ops: new Operations(),
    dataDir: options.dataDir,
    uploads: new Map(),
    runImport: options.runImport ?? ((importOptions) => importExport(library, importOptions)),
    secrets,
    gemini: options.gemini ?? geminiProvider(secrets),
    ...(options.pickFiles ? { pickFiles: options.pickFiles } : {}),
    close: () => library.close(),
  };
  return ctx;
}
