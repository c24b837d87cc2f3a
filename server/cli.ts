/**
 * The credits server's command line: `start` (the default) and the operator commands, which work on the
 * same database the server uses (DATABASE_URL, or the PGlite folder — stop the server first for PGlite,
 * which one process at a time can open).
 *
 *   npm run server                                  start
 *   npm run server -- grant <userId> <coins> --reason "…" [--key K]
 *   npm run server -- refund <checkoutSessionId> [--amount <cents>]
 *   npm run server -- balance <userId> [--entries N]
 *   npm run server -- check                         verify the ledger's invariants
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AppError } from '../src-main/errors';
import { ConfigError, loadConfig, type ServerConfig } from './config';
import { migrateServerDb } from './db/migrate';
import { openServerDb, type ServerDb } from './db/open';
import { getAccount } from './ledger/account';
import { grant } from './ledger/grants';
import { listTransactions } from './ledger/history';
import { checkInvariants } from './ledger/invariants';
import { createLogger } from './logger';
import { createStripeClient, Payments } from './payments/payments';
import { startServer } from './server';

const USAGE = `Usage: npm run server -- [command]

  start                                         run the server (default)
  grant <userId> <coins> --reason TEXT [--key K] give coins (negative: take back available coins)
  refund <checkoutSessionId> [--amount CENTS]   refund a purchase at Stripe and take its coins back
  balance <userId> [--entries N]                an account and its latest entries
  check                                         verify the ledger's invariants

Add --json for machine-readable output. Configuration comes from the environment (see README).`;

type Out = (human: string, data: unknown) => void;

async function withDb<T>(config: ServerConfig, fn: (db: ServerDb) => Promise<T>): Promise<T> {
  const db = await openServerDb(
    config.database.kind === 'postgres'
      ? { kind: 'postgres', url: config.database.url, poolSize: 2 }
      : { kind: 'pglite', dataDir: config.database.dataDir },
  );
  try {
    await migrateServerDb(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

const ledgerOf = (db: ServerDb) => ({ db: db.db, now: () => new Date() });

const integer = (value: string | undefined, what: string): number => {
  if (value === undefined || !/^-?[0-9]+$/.test(value))
    throw new AppError('invalid-request', `${what} must be an integer.`);
  return Number(value);
};

const COMMANDS: Record<
  string,
  (config: ServerConfig, args: string[], flags: Record<string, unknown>, out: Out) => Promise<number>
> = {
  async grant(config, [userId, coins], flags, out) {
    if (!userId) throw new AppError('invalid-request', 'grant needs a user id.');
    const key = typeof flags.key === 'string' ? flags.key : `grant-${randomUUID()}`;
    const account = await withDb(config, (db) =>
      grant(ledgerOf(db), {
        userId,
        coins: integer(coins, 'coins'),
        note: typeof flags.reason === 'string' ? flags.reason : '',
        idempotencyKey: key,
      }),
    );
    out(`${userId}: balance ${account.balance}, available ${account.available} (key ${key})`, {
      ...account,
      key,
    });
    return 0;
  },
  async refund(config, [sessionId], flags, out) {
    if (!sessionId) throw new AppError('invalid-request', 'refund needs a checkout session id.');
    const stripeConfig = config.stripe;
    if (!stripeConfig)
      throw new AppError('not-configured', 'Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET to refund.');
    const amount = flags.amount === undefined ? undefined : integer(String(flags.amount), '--amount');
    const outcome = await withDb(config, (db) =>
      new Payments(db.db, createStripeClient(stripeConfig), stripeConfig).refundPurchase(sessionId, amount),
    );
    out(`${sessionId}: ${outcome}`, { sessionId, outcome });
    return 0;
  },
  async balance(config, [userId], flags, out) {
    if (!userId) throw new AppError('invalid-request', 'balance needs a user id.');
    const limit = flags.entries === undefined ? 10 : integer(String(flags.entries), '--entries');
    const { account, page } = await withDb(config, async (db) => ({
      account: await getAccount(db.db, userId),
      page: await listTransactions(db.db, userId, { limit: Math.min(Math.max(limit, 1), 100) }),
    }));
    const lines = page.transactions.map(
      (t) =>
        `  ${t.createdAt}  ${t.kind.padEnd(12)} ${String(t.amount).padStart(6)} reserved ${String(t.reservedDelta).padStart(5)}` +
        `  → ${t.balanceAfter}/${t.reservedAfter}${t.note ? `  ${t.note}` : ''}`,
    );
    out(
      [
        `${userId}: balance ${account.balance}, reserved ${account.reserved}, available ${account.available}, debt ${account.debt}`,
        ...lines,
      ].join('\n'),
      { account, transactions: page.transactions },
    );
    return 0;
  },
  async check(config, _args, _flags, out) {
    const problems = await withDb(config, (db) => checkInvariants(db.db));
    out(problems.length === 0 ? 'ledger invariants hold' : problems.join('\n'), {
      ok: problems.length === 0,
      problems,
    });
    return problems.length === 0 ? 0 : 1;
  },
};

export async function main(argv: string[]): Promise<number> {
  // A negative amount (`grant u -50`) is a positional, not an option.
  const negatives: string[] = [];
  const { values, positionals: raw } = parseArgs({
    args: argv.map((a) => (/^-[0-9]+$/.test(a) ? `\0${negatives.push(a) - 1}` : a)),
    allowPositionals: true,
    options: {
      reason: { type: 'string' },
      key: { type: 'string' },
      amount: { type: 'string' },
      entries: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const positionals = raw.map((p) => (p.startsWith('\0') ? negatives[Number(p.slice(1))]! : p));
  const [command = 'start', ...args] = positionals;
  if (values.help || (command !== 'start' && !COMMANDS[command])) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }
  let config: ServerConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  if (command === 'start') return start(config);
  const out: Out = (human, data) => console.log(values.json ? JSON.stringify(data) : human);
  try {
    return await COMMANDS[command]!(config, args, values, out);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(
      values.json
        ? JSON.stringify({ error: { code: error.code, message: error.message } })
        : `error: ${error.message}`,
    );
    return 1;
  }
}

async function start(config: ServerConfig): Promise<number> {
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, 'the credits server could not start');
    logger.flush();
    return null;
  });
  if (!server) return 1;
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      void server.close().then(() => {
        logger.info('stopped');
        logger.flush();
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
