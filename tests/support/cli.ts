import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('./cli-entry.ts', import.meta.url));
const modulePathHooks = fileURLToPath(new URL('../../scripts/module-path.mjs', import.meta.url));

/**
 * Runs `relivchats <args>` in a child process. By default from the sources (tsx); `{ built: true }` runs
 * `bin/relivchats.mjs` (needs `npm run build`).
 */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; built?: boolean; input?: string } = {},
): Promise<CliRun> {
  const argv = options.built
    ? ['bin/relivchats.mjs', ...args]
    : ['--import', 'tsx', '--import', modulePathHooks, entry, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
