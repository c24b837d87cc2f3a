import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ELECTRON_ADDON, nativeModuleSetup } from '../../../src-main/electron/native-modules';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function appRoot(withAddon: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'relivchats-native-'));
  dirs.push(dir);
  if (withAddon) {
    mkdirSync(join(dir, 'native', 'electron'), { recursive: true });
    writeFileSync(join(dir, ELECTRON_ADDON), '');
  }
  return dir;
}

const vec = () => '/opt/RelivChats/resources/app.asar/node_modules/sqlite-vec-linux-x64/vec0.so';

describe('native modules inside Electron', () => {
  it('uses the Electron build of better-sqlite3 in development', () => {
    const root = appRoot(true);
    const setup = nativeModuleSetup({ appRoot: root, isPackaged: false, env: {}, vecLoadablePath: vec });
    expect(setup).toEqual({ sqliteBinding: join(root, ELECTRON_ADDON) });
  });

  it('says what to run when that build is missing', () => {
    const setup = nativeModuleSetup({
      appRoot: appRoot(false),
      isPackaged: false,
      env: {},
      vecLoadablePath: vec,
    });
    expect(setup.sqliteBinding).toBeUndefined();
    expect(setup.problem).toContain('npm run rebuild:electron');
  });

  it('loads both from outside the asar in a packaged app', () => {
    const resources = appRoot(false);
    mkdirSync(join(resources, 'app.asar.unpacked', 'native', 'electron'), { recursive: true });
    writeFileSync(join(resources, 'app.asar.unpacked', ELECTRON_ADDON), '');
    const setup = nativeModuleSetup({
      appRoot: join(resources, 'app.asar'),
      isPackaged: true,
      env: {},
      vecLoadablePath: vec,
    });
    expect(setup).toEqual({
      sqliteBinding: join(resources, 'app.asar.unpacked', ELECTRON_ADDON),
      vecPath: '/opt/RelivChats/resources/app.asar.unpacked/node_modules/sqlite-vec-linux-x64/vec0.so',
    });
  });

  it('says a packaged app without the addon is broken', () => {
    const setup = nativeModuleSetup({
      appRoot: '/nowhere/app.asar',
      isPackaged: true,
      env: {},
      vecLoadablePath: vec,
    });
    expect(setup.problem).toContain('Install it again');
  });

  it('leaves explicit settings alone', () => {
    const env = { RELIVCHATS_SQLITE_BINDING: '/x.node', RELIVCHATS_VEC_PATH: '/v.so' };
    expect(
      nativeModuleSetup({ appRoot: appRoot(false), isPackaged: true, env, vecLoadablePath: vec }),
    ).toEqual({});
    expect(
      nativeModuleSetup({ appRoot: appRoot(false), isPackaged: false, env, vecLoadablePath: vec }),
    ).toEqual({});
  });
});
