/**
 * Which credits server the app uses — none, a remote one (its address and its Clerk instance's publishable
 * key), or the local one started beside the app — saved in the library's settings. RELIVCHATS_SERVER_URL
 * and RELIVCHATS_CLERK_PUBLISHABLE_KEY in the environment win over what is saved.
 */
import { z } from 'zod';
import { CREDITS_MODES, type CreditsMode } from '../../src-shared/api/settings';
import { AppError } from '../errors';
import type { LocalCreditsServer } from './local-server';
import type { SettingsStore } from './store';

const KEY = 'credits.server';

const Choice = z.object({
  mode: z.enum(CREDITS_MODES),
  url: z.string().nullable(),
  publishableKey: z.string().nullable(),
});
export type CreditsServerChoice = z.infer<typeof Choice>;

export class CreditsServerSettings {
  readonly local: LocalCreditsServer;
  readonly #store: SettingsStore;
  readonly #env: NodeJS.ProcessEnv;

  constructor(store: SettingsStore, local: LocalCreditsServer, env: NodeJS.ProcessEnv = process.env) {
    this.#store = store;
    this.local = local;
    this.#env = env;
  }

  get urlFromEnvironment(): boolean {
    return !!this.#env.RELIVCHATS_SERVER_URL;
  }

  choice(): CreditsServerChoice {
    return this.#store.get(KEY, Choice) ?? { mode: 'none', url: null, publishableKey: null };
  }

  save(choice: CreditsServerChoice): void {
    this.#store.set(KEY, choice);
  }

  get mode(): CreditsMode {
    return this.urlFromEnvironment ? 'remote' : this.choice().mode;
  }

  /** The server's address without starting anything (the local one: only while it runs). */
  currentUrl(): string | null {
    if (this.#env.RELIVCHATS_SERVER_URL) return this.#env.RELIVCHATS_SERVER_URL;
    const choice = this.choice();
    if (choice.mode === 'remote') return choice.url;
    if (choice.mode === 'local') return this.local.url;
    return null;
  }

  /** The server's address, starting the local one if that is the choice; null when there is none. */
  async url(): Promise<string | null> {
    if (this.mode === 'local') {
      try {
        return await this.local.start();
      } catch (error) {
        throw new AppError(
          'server-unreachable',
          `The local credits server did not start: ${(error as Error).message}`,
        );
      }
    }
    return this.currentUrl();
  }

  publishableKey(): string | null {
    if (this.#env.RELIVCHATS_CLERK_PUBLISHABLE_KEY) return this.#env.RELIVCHATS_CLERK_PUBLISHABLE_KEY;
    const choice = this.choice();
    if (this.mode === 'local') return this.local.publishableKey() ?? choice.publishableKey;
    return this.mode === 'remote' ? choice.publishableKey : null;
  }
}
