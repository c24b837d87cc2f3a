import { AccountService, type AccountServiceOptions } from './account/service';
import { openLibrary } from './db/open';
import type { AppContext, Emit } from './context';
import { geminiProvider } from './gemini/access';
import { importWithStatistics } from './import/run-import';
import { getChatStats } from './stats/store';
import { envCreditsServer, InsightsService, type InsightsServiceOptions } from './insights/service';
import { Operations } from './ops';
import { createFileSecretStore, secretsFilePath, type SecretStore } from './secrets';
import { CreditsServerSettings } from './settings/credits-server';
import { LocalCreditsServer } from './settings/local-server';
import { SettingsStore } from './settings/store';

export interface CreateContextOptions {
  libraryPath: string;
  dataDir: string;
  emit?: Emit;
  /** Replaces the in-process import (the app passes the worker-thread runner). */
  runImport?: AppContext['runImport'];
  /** Replaces the in-process statistics (the app passes the worker-thread runner). */
  computeStats?: AppContext['computeStats'];
  /** The desktop app passes its safeStorage store; by default a private file in dataDir. */
  secrets?: SecretStore;
  pickFiles?: AppContext['pickFiles'];
  /** Replaces the Gemini access resolved from the environment and the secret store (tests). */
  gemini?: AppContext['gemini'];
  /** Insight pipeline settings (model, pool, retry policy, credits server; tests shorten the retries). */
  insights?: Omit<InsightsServiceOptions, 'library' | 'emit' | 'gemini'>;
  /** Account settings (checkout polling, session token renewal; tests shorten them). */
  account?: Pick<AccountServiceOptions, 'pollMs' | 'pollForMs' | 'session' | 'fetch'>;
}

/** Opens the library and assembles what handlers need. The caller owns it and calls `close`. */
export function createAppContext(options: CreateContextOptions): AppContext & { close(): void } {
  const library = openLibrary({ path: options.libraryPath });
  const secrets = options.secrets ?? createFileSecretStore(secretsFilePath(options.dataDir));
  // Insights reach the context's emit and gemini through it, so a door that replaces either is followed.
  const insights = new InsightsService({
    ...options.insights,
    library,
    emit: (event, payload) => ctx.emit(event, payload),
    gemini: () => ctx.gemini(),
  });
  const store = new SettingsStore(library);
  const local = new LocalCreditsServer({
    dataDir: options.dataDir,
    onChange: () => ctx.emit('settings-changed', { what: 'local-server' }),
  });
  const account = new AccountService({
    ...options.account,
    store,
    server: new CreditsServerSettings(store, local),
    emit: (event, payload) => ctx.emit(event, payload),
  });
  // Coins come from the signed-in account (else RELIVCHATS_SERVER_URL + _TOKEN), unless the caller chose.
  if (!options.insights?.credits) {
    insights.useCreditsServer(async () => (await account.creditsServer()) ?? envCreditsServer());
    // A job whose settlement waited for a session (e.g. the app restarted mid-job) is settled now.
    account.session.onChange((userId) => {
      if (userId) insights.resume();
    });
  }
  const ctx: AppContext & { close(): void } = {
    library,
    emit: options.emit ?? (() => {}),
    ops: new Operations(),
    dataDir: options.dataDir,
    uploads: new Map(),
    runImport: options.runImport ?? ((importOptions) => importWithStatistics(library, importOptions)),
    computeStats: options.computeStats ?? (async (chatId, request) => getChatStats(library, chatId, request)),
    secrets,
    gemini: options.gemini ?? geminiProvider(secrets),
    ...(options.pickFiles ? { pickFiles: options.pickFiles } : {}),
    insights,
    account,
    close: () => {
      void insights.close(); // stops its threads; running jobs resume at the next start
      account.close();
      void local.stop(); // its thread finishes requests in flight and closes its database
      library.close();
    },
  };
  return ctx;
}
