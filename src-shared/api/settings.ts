/**
 * Settings: which credits server (a remote one, one started beside the app for self-hosting, or none), the
 * user's own Gemini key (kept in the secret store, never shown back), and deleting all local data.
 */
import { z } from 'zod';
import { endpoint, returns } from './endpoint';

export const CREDITS_MODES = ['none', 'remote', 'local'] as const;
export type CreditsMode = (typeof CREDITS_MODES)[number];

export interface LocalServerView {
  state: 'stopped' | 'starting' | 'running' | 'failed';
  url: string | null;
  /** Its PGlite database folder. */
  dataDir: string;
  /** Extra settings for it (Clerk, Stripe and Gemini keys), in `KEY=value` lines; the environment wins. */
  configFile: string;
  /** What it runs without for lack of configuration (e.g. payments). */
  disabled: string[];
  error: string | null;
}

export interface SettingsView {
  credits: {
    mode: CreditsMode;
    /** The remote server's address as saved. */
    url: string | null;
    /** The Clerk publishable key as saved (a local server brings its own). */
    publishableKey: string | null;
    /** RELIVCHATS_SERVER_URL is set: it wins over what is saved here. */
    urlFromEnvironment: boolean;
    /** The server actually used (null: none). */
    effectiveUrl: string | null;
    local: LocalServerView;
  };
  gemini: {
    keySet: boolean;
    /** The last four characters, to recognise the key; never the key. */
    keyHint: string | null;
    /** GEMINI_API_KEY (or RELIVCHATS_SECRET_GEMINI_API_KEY) is set and wins. */
    fromEnvironment: boolean;
    protection: 'os-keychain' | 'user-file';
  };
  data: { dataDir: string; libraryPath: string; chats: number; bytes: number };
}

export interface ServerCheck {
  ok: boolean;
  message: string;
}

/** What the user types to confirm deleting everything. */
export const DELETE_ALL_CONFIRMATION = 'delete everything';

const HttpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => /^https?:\/\/\S+$/i.test(s) && URL.canParse(s), 'an http:// or https:// address');

export const settingsApi = {
  'settings-get': endpoint(z.object({}), returns<SettingsView>()),
  /** Chooses the credits server; a remote one is checked (`/health`) and saved even when unreachable. */
  'settings-set-credits-server': endpoint(
    z.object({
      mode: z.enum(CREDITS_MODES),
      url: HttpUrl.optional(),
      publishableKey: z
        .string()
        .trim()
        .regex(/^pk_(test|live)_[A-Za-z0-9+/=_-]+$/, 'a Clerk publishable key (pk_test_… or pk_live_…)')
        .nullable()
        .optional(),
    }),
    returns<{ settings: SettingsView; check: ServerCheck | null }>(),
  ),
  /** Starts or stops the credits server beside the app (PGlite in the data folder). */
  'settings-local-server': endpoint(z.object({ action: z.enum(['start', 'stop']) }), returns<SettingsView>()),
  /** Saves (or with null, forgets) the user's own Gemini API key in the secret store. */
  'settings-gemini-key': endpoint(
    z.object({
      key: z
        .string()
        .trim()
        .min(10, 'a Gemini API key is longer than that')
        .max(200)
        .regex(/^\S+$/, 'a key has no spaces')
        .nullable(),
    }),
    returns<SettingsView>(),
  ),
  /**
   * Deletes every chat and everything computed from it, cached coins, settings, uploads and the stored
   * Gemini key. Needs `confirm` to be exactly DELETE_ALL_CONFIRMATION.
   */
  'settings-delete-all-data': endpoint(
    z.object({ confirm: z.literal(DELETE_ALL_CONFIRMATION) }),
    returns<{ chatsDeleted: number; bytesBefore: number; bytesAfter: number }>(),
  ),
};

export interface SettingsEvents {
  /** Something the settings page shows changed (e.g. the local server started or failed): read it again. */
  'settings-changed': { what: 'credits-server' | 'local-server' | 'gemini-key' | 'data' };
}
