/**
 * Starting and stopping the credits server: open the database, migrate it, serve, sweep expired
 * reservations every minute, and on stop finish in-flight requests before closing the database.
 */
import type { AddressInfo } from 'node:net';
import { type ServerConfig, disabledFeatures } from './config';
import { migrateServerDb } from './db/migrate';
import { openServerDb, type ServerDb } from './db/open';
import { type AppOptions, createApp, type App } from './http/app';
import { sweepExpired } from './ledger/reservations';
import type { Logger } from './logger';

export interface RunningServer extends App {
  url: string;
  port: number;
  db: ServerDb;
  close(): Promise<void>;
}

const SWEEP_EVERY_MS = 60_000;

export async function startServer(
  config: ServerConfig,
  logger: Logger,
  options: Pick<AppOptions, 'now' | 'stripe' | 'hooks'> = {},
): Promise<RunningServer> {
  const db = await openServerDb(
    config.database.kind === 'postgres'
      ? { kind: 'postgres', url: config.database.url, poolSize: config.database.poolSize }
      : { kind: 'pglite', dataDir: config.database.dataDir },
    (error) => logger.warn({ err: error }, 'database connection lost'),
  );
  try {
    const applied = await migrateServerDb(db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  } catch (error) {
    await db.close();
    throw error;
  }
  const built = createApp({ config, db, logger, ...options });
  const server = built.app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.keepAliveTimeout = 65_000; // longer than common proxies' idle timeout
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  let sweeping = Promise.resolve();
  const sweeper = setInterval(() => {
    sweeping = sweepExpired(built.ledger)
      .then((n) => {
        if (n > 0) logger.info({ expired: n }, 'expired reservations released');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'sweeping expired reservations failed'));
  }, SWEEP_EVERY_MS);
  sweeper.unref();

  const off = disabledFeatures(config);
  logger.info(
    { url, port, database: db.kind, ...(off.length > 0 ? { disabled: off } : {}) },
    'credits server listening',
  );
  logger.flush(); // whoever waits for this line should not wait for the log buffer to fill
  let closing: Promise<void> | undefined;
  return {
    ...built,
    url,
    port,
    db,
    close: () =>
      (closing ??= (async () => {
        clearInterval(sweeper);
        server.closeIdleConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await sweeping;
        await db.close();
      })()),
  };
}
