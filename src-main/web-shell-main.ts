/**
 * `npm run web`: the app in a browser, on 127.0.0.1 only. Prints the address to open (with its access
 * token) and serves until Ctrl+C. The same library as the desktop app and the CLI unless --db is given.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { toErrorShape } from './errors';
import { createWorkerImportRunner } from './import/worker-runner';
import { createWorkerStatsRunner } from './stats/worker-runner';
import { defaultDataDir, defaultLibraryPath } from './paths';
import { startWebShell } from './web-shell';

const USAGE = `Usage: npm run web -- [--port N] [--db PATH] [--max-upload-mb N]

  --port N            port on 127.0.0.1 (default: a free one)
  --db PATH           the library database (default: RELIVCHATS_DB, else the desktop app's library)
  --max-upload-mb N   largest export accepted, in MB (default 2048)
`;

/** out/renderer beside the built shell (out/main), or the build folder when run from sources. */
function rendererDir(): string {
  const beside = fileURLToPath(new URL('../renderer', import.meta.url));
  if (existsSync(resolve(beside, 'index.html'))) return beside;
  return resolve(process.env.RELIVCHATS_RENDERER_DIR ?? 'out/renderer');
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        db: { type: 'string' },
        'max-upload-mb': { type: 'string' },
        diagnostics: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`web shell: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  const maxUploadMb = values['max-upload-mb'] === undefined ? 2048 : Number(values['max-upload-mb']);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !(maxUploadMb > 0)) {
    process.stderr.write(`web shell: --port and --max-upload-mb need numbers.\n\n${USAGE}`);
    return 2;
  }
  const libraryPath = values.db ? resolve(values.db) : defaultLibraryPath();
  const dataDir = values.db ? dirname(libraryPath) : defaultDataDir();
  let shell;
  try {
    shell = await startWebShell({
      libraryPath,
      dataDir,
      rendererDir: rendererDir(),
      port,
      maxUploadBytes: maxUploadMb * 2 ** 20,
      diagnostics: values.diagnostics === true,
      runImport: createWorkerImportRunner(libraryPath),
      computeStats: createWorkerStatsRunner(libraryPath).compute,
    });
  } catch (error) {
    process.stderr.write(`web shell: ${toErrorShape(error).message}\n`);
    return 1;
  }
  process.stdout.write(
    [
      'RelivChats is running in your browser at:',
      '',
      `  ${shell.url}`,
      '',
      'Open that address (it carries this session’s access key: do not share it).',
      `Library: ${libraryPath}`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await shell.close();
  return 0;
}

process.exitCode = await main();
