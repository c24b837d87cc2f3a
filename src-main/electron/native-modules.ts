/**
 * better-sqlite3 and sqlite-vec inside Electron (no Electron import: unit-tested on Node).
 *
 * node_modules holds the better-sqlite3 addon built for Node (tests, CLI, web shell). Electron needs one
 * built for its own ABI: `npm run rebuild:electron` puts it in native/electron/, and in development the
 * app points better-sqlite3 at it (`nativeBinding`, through RELIVCHATS_SQLITE_BINDING so the import
 * worker's own connection uses it too). A packaged app carries an addon electron-builder rebuilt for
 * Electron, unpacked from the asar. sqlite-vec's loadable extension cannot be loaded from inside an asar:
 * point it at the unpacked copy.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ELECTRON_ADDON = join('native', 'electron', 'better_sqlite3.node');

export interface NativeModuleSetup {
  /** RELIVCHATS_SQLITE_BINDING to set, if any. */
  sqliteBinding?: string;
  /** RELIVCHATS_VEC_PATH to set, if any. */
  vecPath?: string;
  /** Why the app will not be able to open the library, said plainly. */
  problem?: string;
}

export function nativeModuleSetup(options: {
  appRoot: string;
  isPackaged: boolean;
  env: NodeJS.ProcessEnv;
  /** sqlite-vec's own idea of where its extension is (`getLoadablePath()`). */
  vecLoadablePath: () => string;
}): NativeModuleSetup {
  const setup: NativeModuleSetup = {};
  if (!options.env.RELIVCHATS_SQLITE_BINDING && !options.isPackaged) {
    const addon = join(options.appRoot, ELECTRON_ADDON);
    if (existsSync(addon)) setup.sqliteBinding = addon;
    else
      setup.problem = `The database engine has not been built for Electron yet (${addon} is missing). Run \`npm run rebuild:electron\` once, then \`npm start\` again.`;
  }
  if (!options.env.RELIVCHATS_VEC_PATH && options.isPackaged) {
    const path = options.vecLoadablePath();
    setup.vecPath = path.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  }
  return setup;
}
