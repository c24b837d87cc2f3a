/**
 * better-sqlite3 and sqlite-vec inside Electron (no Electron import: unit-tested on Node).
 *
 * node_modules holds the better-sqlite3 addon built for Node (tests, CLI, web shell). Electron needs one
 * built for its own ABI: `npm run rebuild:electron` puts it in native/electron/, and the app points
 * better-sqlite3 at it (`nativeBinding`, through RELIVCHATS_SQLITE_BINDING so the import worker's own
 * connection uses it too). A packaged app carries the same file, unpacked from the asar (electron-builder.yml).
 * sqlite-vec's loadable extension cannot be loaded from inside an asar either: point it at the unpacked copy.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ELECTRON_ADDON = join('native', 'electron', 'better_sqlite3.node');

/** The same path outside the asar archive (files listed in `asarUnpack` live there). */
const unpacked = (path: string) => path.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked');

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
  if (!options.env.RELIVCHATS_SQLITE_BINDING) {
    const addon = join(unpacked(options.appRoot), ELECTRON_ADDON);
    if (existsSync(addon)) setup.sqliteBinding = addon;
    else
      setup.problem = options.isPackaged
        ? `This copy of RelivChats is incomplete (${addon} is missing). Install it again.`
        : `The database engine has not been built for Electron yet (${addon} is missing). Run \`npm run rebuild:electron\` once, then \`npm start\` again.`;
  }
  if (!options.env.RELIVCHATS_VEC_PATH && options.isPackaged) {
    const path = options.vecLoadablePath();
    setup.vecPath = unpacked(path);
  }
  return setup;
}
