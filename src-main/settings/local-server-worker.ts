/**
 * The credits server beside the app, in its own thread (src-main/settings/local-server.ts starts it): the
 * server's own factory on PGlite in the data folder, so the app's main loop never waits for the ledger
 * (PGlite runs its queries on the thread that owns it). 'stop' closes it, finishing requests in flight.
 */
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { ConfigError, disabledFeatures, loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { startServer } from '../../server/server';
import { toErrorShape } from '../errors';

export interface LocalServerWorkerData {
  env: Record<string, string>;
  logFile: string;
}

export type LocalServerMessage =
  | { type: 'listening'; url: string; disabled: string[] }
  | { type: 'failed'; message: string }
  | { type: 'stopped' };

const { env, logFile } = workerData as LocalServerWorkerData;
const post = (message: LocalServerMessage) => parentPort!.postMessage(message);

try {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel, pino.destination({ dest: logFile, mkdir: true, sync: false }));
  const server = await startServer(config, logger);
  post({ type: 'listening', url: server.url, disabled: disabledFeatures(config) });
  parentPort!.on('message', (message: unknown) => {
    if (message !== 'stop') return;
    void server
      .close()
      .catch(() => undefined)
      .then(() => {
        logger.flush();
        post({ type: 'stopped' });
        parentPort!.close();
      });
  });
} catch (error) {
  const message =
    error instanceof ConfigError
      ? error.message
      : (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? `Port ${env.PORT ?? 8787} is already in use: set another PORT in the local server's settings file.`
        : toErrorShape(error).message;
  post({ type: 'failed', message });
  parentPort!.close();
}
