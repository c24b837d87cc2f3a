/**
 * Builds for the account tests, beside (never over) out/: `out-test/production` exactly as `npm run build`
 * makes it, and `out-test/test-sign-in` with the test-only sign-in compiled in
 * (RELIVCHATS_BUILD_TEST_SIGN_IN=1, see electron.vite.config.ts).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './harness';

export function build(kind: 'production' | 'test-sign-in'): string {
  const outDir = join(root, 'out-test', kind);
  const env: NodeJS.ProcessEnv = { ...process.env, RELIVCHATS_OUT_DIR: outDir };
  delete env.RELIVCHATS_BUILD_TEST_SIGN_IN;
  if (kind === 'test-sign-in') env.RELIVCHATS_BUILD_TEST_SIGN_IN = '1';
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    { cwd: root, env, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`build (${kind}) failed:\n${result.stdout}\n${result.stderr}`);
  return outDir;
}

/** Every file under `dir` that contains one of `needles`, with the needles it contains. */
export function filesContaining(dir: string, needles: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const text = readFileSync(path, 'latin1');
        const hits = needles.filter((n) => text.includes(n));
        if (hits.length > 0) found.set(path.slice(dir.length + 1), hits);
      }
    }
  };
  walk(dir);
  return found;
}
