#!/usr/bin/env node
/**
 * `npm run rebuild:electron`: builds better-sqlite3 for Electron's ABI into native/electron/, leaving
 * node_modules (the Node build the tests, the CLI and the web shell use) untouched. The app loads it by path
 * (better-sqlite3's `nativeBinding`, see src-main/electron/native-modules.ts).
 *
 * Needs Electron's headers: downloaded from https://electronjs.org/headers (or ELECTRON_HEADERS_URL), or an
 * unpacked copy given as ELECTRON_HEADERS_DIR. npm's own `nodedir` setting is ignored on purpose: with it,
 * node-gyp silently builds against Node's headers and the addon would not load in Electron.
 *
 *   node scripts/rebuild-electron.mjs [--force] [--check]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const out = join(root, 'native', 'electron', 'better_sqlite3.node');
const work = join(root, 'native', '.build');

const say = (line) => process.stdout.write(`rebuild:electron: ${line}\n`);
const fail = (line) => {
  process.stderr.write(`rebuild:electron: ${line}\n`);
  process.exit(1);
};

const electronPkg = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
const electronVersion = electronPkg.version;
const electronAbi = readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();

/**
 * An addon built for Electron must NOT load in Node: Node refuses it, naming the ABI it was built for.
 * Returns that ABI, or 'node' when it loads here (built against Node's headers by mistake).
 */
function builtForAbi(file) {
  const probe = spawnSync(
    process.execPath,
    ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(file)})`],
    {
      encoding: 'utf8',
    },
  );
  if (probe.status === 0) return 'node';
  return /NODE_MODULE_VERSION (\d+)\. This version of Node/.exec(probe.stderr)?.[1] ?? 'unknown';
}

if (args.has('--check')) {
  if (!existsSync(out)) fail(`${out} is missing: run \`npm run rebuild:electron\`.`);
  const abi = builtForAbi(out);
  if (abi !== electronAbi)
    fail(`${out} is built for ABI ${abi}, Electron ${electronVersion} needs ${electronAbi}.`);
  say(`${out} is built for Electron ${electronVersion} (ABI ${electronAbi}).`);
  process.exit(0);
}

if (existsSync(out) && !args.has('--force') && builtForAbi(out) === electronAbi) {
  say(`up to date (${out}, Electron ${electronVersion}, ABI ${electronAbi}). --force rebuilds.`);
  process.exit(0);
}

// A private copy of better-sqlite3's sources: node-gyp writes build/ next to binding.gyp.
const source = dirname(require.resolve('better-sqlite3/package.json'));
const copy = join(work, 'better-sqlite3');
rmSync(copy, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
cpSync(source, copy, {
  recursive: true,
  filter: (path) => {
    const rel = relative(source, path);
    return rel !== 'build' && !rel.startsWith(`build${sep}`) && !rel.split(sep).includes('node_modules');
  },
});

const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [root, dirname(process.execPath)] });
const headersDir = process.env.ELECTRON_HEADERS_DIR;
const gypArgs = [
  nodeGyp,
  'rebuild',
  '--release',
  `--target=${electronVersion}`,
  '--runtime=electron',
  `--arch=${process.env.npm_config_arch ?? process.arch}`,
  `--devdir=${join(work, 'headers')}`,
  headersDir
    ? `--nodedir=${headersDir}`
    : `--dist-url=${process.env.ELECTRON_HEADERS_URL ?? 'https://electronjs.org/headers'}`,
];
const env = { ...process.env };
for (const key of Object.keys(env))
  if (/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(key)) delete env[key];

say(
  `building better-sqlite3 for Electron ${electronVersion} (ABI ${electronAbi}); this takes about a minute…`,
);
const build = spawnSync(process.execPath, gypArgs, {
  cwd: copy,
  env,
  stdio: ['ignore', 'inherit', 'pipe'],
  encoding: 'utf8',
});
if (build.status !== 0) {
  const stderr = build.stderr ?? String(build.error ?? '');
  process.stderr.write(`${stderr.split('\n').slice(-15).join('\n')}\n`);
  const offline =
    /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|fetch failed|network|403|404|certificate/i.test(
      stderr,
    );
  fail(
    offline
      ? `Electron's headers could not be downloaded (${process.env.ELECTRON_HEADERS_URL ?? 'https://electronjs.org/headers'}). ` +
          'Run this where that address is reachable, or unpack the headers (electron-v' +
          `${electronVersion}-headers.tar.gz) and set ELECTRON_HEADERS_DIR to that folder.`
      : 'the build failed (see above). A C++ toolchain and Python are needed (build-essential / Xcode / Visual Studio Build Tools).',
  );
}
const built = join(copy, 'build', 'Release', 'better_sqlite3.node');
const abi = builtForAbi(built);
if (abi !== electronAbi) {
  fail(`the addon was built for ABI ${abi}, not Electron's ${electronAbi}: node-gyp used the wrong headers.`);
}
mkdirSync(dirname(out), { recursive: true });
copyFileSync(built, out);
rmSync(copy, { recursive: true, force: true });
say(`done: ${out}`);
