/**
 * A credits server that dies (SIGKILL: no cleanup, no rollback by the process itself) right after it
 * records a Stripe event and before it credits it — the worst moment for a crash.
 */
import { loadConfig } from '../../../../server/config';
import { createLogger } from '../../../../server/logger';
import { startServer } from '../../../../server/server';

const config = loadConfig();
await startServer(config, createLogger(config.logLevel), {
  hooks: {
    afterEventRecorded() {
      process.kill(process.pid, 'SIGKILL');
    },
  },
});
