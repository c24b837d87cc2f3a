import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'RelivChats';

/**
 * The per-user data folder, the same one Electron's `app.getPath('userData')` gives for this app, so the
 * CLI and the desktop app share one library. RELIVCHATS_DATA_DIR overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.RELIVCHATS_DATA_DIR) return env.RELIVCHATS_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/** The library database: RELIVCHATS_DB, else library.sqlite in the data folder. */
export function defaultLibraryPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.RELIVCHATS_DB ?? join(defaultDataDir(env), 'library.sqlite');
}
