import type { PushEventName, PushEvents } from '../src-shared/contract';
import type { AccountService } from './account/service';
import type { Library } from './db/open';
import type { ImportResult } from '../src-shared/api/imports';
import type { ImportOptions } from './import/pipeline';
import type { GeminiGateway } from './gemini/gateway';
import type { InsightsService } from './insights/service';
import type { Operations } from './ops';
import type { StatsRequest } from './stats/store';
import type { ChatStats } from '../src-shared/stats';
import type { SecretStore } from './secrets';

export type Emit = <E extends PushEventName>(event: E, payload: PushEvents[E]) => void;

/**
 * What every handler gets: the library (owned by this process), a way to push events to the UI, and the
 * registry of cancellable operations. Domains add the services they need here.
 */
export interface AppContext {
  library: Library;
  emit: Emit;
  ops: Operations;
  /** The folder for app data beside the library (uploads, caches). */
  dataDir: string;
  /** Files the web shell received, by upload id (see src-main/web-shell.ts). */
  uploads: Map<string, string>;
  /**
   * Runs one import: in a worker thread with its own connection in the app (the main loop stays free), in
   * process for the CLI and tests. Either way the import's statistics are computed before it resolves.
   */
  runImport(options: ImportOptions): Promise<ImportResult>;
  /**
   * Computes statistics not yet in the store: in a worker thread in the app (a filtered view of a big chat
   * takes seconds), in process for the CLI and tests.
   */
  computeStats(chatId: number, request: StatsRequest): Promise<ChatStats>;
  /** API keys and the like: the OS keychain in the desktop app, a private file elsewhere (src-main/secrets.ts). */
  secrets: SecretStore;
  /**
   * The Gemini gateway for the current access (GEMINI_API_KEY / a credits server in the environment, else
   * the user's key in `secrets`); AppError 'gemini-not-configured' without any (src-main/gemini/access.ts).
   */
  gemini: () => Promise<GeminiGateway>;
  /** Insight jobs: preview, unlock, progress, retry, resume (src-main/insights/service.ts). */
  insights: InsightsService;
  /**
   * The credits server account: who is signed in (session tokens from the renderer), balance, purchases,
   * and which server (`account.server`, incl. the local one) — src-main/account/service.ts.
   */
  account: AccountService;
  /** The door's native file picker (Electron's dialog), giving paths; absent elsewhere. */
  pickFiles?: () => Promise<string[]>;
}
