#!/usr/bin/env node
/**
 * `npm start`: builds, then runs the desktop app in Electron. Where Electron cannot run (its binary is
 * downloaded on first use and needs internet; a display is needed), says so plainly and what to do instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronDir = join(root, 'node_modules', 'electron');
const say = (text) => process.stderr.write(`${text}\n`);

const alternatives = [
  '',
  'Meanwhile you can use RelivChats:',
  '  • in your browser:    npm run web',
  '  • on the command line: node bin/relivchats.mjs --help',
].join('\n');

/** The Electron executable, downloading it (once) when it is missing; null if that is not possible. */
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    return join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      relative ?? (process.platform === 'win32' ? 'electron.exe' : 'electron'),
    );
  }
  if (relative && existsSync(join(electronDir, 'dist', relative))) return join(electronDir, 'dist', relative);
  say('Electron is not downloaded yet; fetching it (about 100 MB, once)…');
  // The installer's progress goes to the terminal; of a failure, only its message (not a stack trace).
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (install.status !== 0) {
    const reason = (install.stderr ?? '').split('\n').find((line) => line.trim() && !/^\s+at /.test(line));
    if (reason) say(`(${reason.trim()})`);
  }
  const after = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (install.status === 0 && after && existsSync(join(electronDir, 'dist', after)))
    return join(electronDir, 'dist', after);
  return null;
}

const binary = electronBinary();
if (!binary || !existsSync(binary)) {
  say(
    [
      '',
      'The desktop app cannot start here: Electron’s runtime is not on this computer and could not be downloaded',
      '(it comes from github.com on first use; is this machine offline or behind a proxy?).',
      '',
      'To run the desktop app:',
      '  • with internet access, run `npm start` again; or',
      '  • put an Electron build (the version in node_modules/electron/package.json) somewhere and set',
      '    ELECTRON_OVERRIDE_DIST_PATH to its folder.',
      alternatives,
    ].join('\n'),
  );
  process.exit(1);
}
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  say(`\nThere is no display (DISPLAY / WAYLAND_DISPLAY are not set), so no window can open.${alternatives}`);
  process.exit(1);
}

const run = (script, args = []) =>
  spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' }).status;
if (run(join(root, 'scripts', 'rebuild-electron.mjs')) !== 0) {
  say(`\nThe database engine could not be built for Electron (see above).${alternatives}`);
  process.exit(1);
}
if (run(join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), ['build']) !== 0)
  process.exit(1);

const app = spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
app.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
