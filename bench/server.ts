/**
 * `npm run bench:server [-- --seconds 15] [-- --concurrency 16] [-- --users 32] [-- --processes 1]
 *  [-- --pool 10] [-- --database postgres://…] [-- --tcp] [-- --pglite] [-- --profile DIR]`
 *
 * Reserve + release pairs against the credits server, as the desktop app does them (HTTP, Bearer session
 * token, JSON), from this process — the load generator — to server process(es) on loopback, on a fresh
 * PostgreSQL database (created beside --database, default BENCH_DATABASE_URL, TEST_DATABASE_URL or
 * DATABASE_URL, and dropped afterwards) or on PGlite (--pglite). Prints throughput and latency percentiles
 * of whole pairs, then re-checks the ledger's invariants and that every reserved coin came back.
 * Issue 7's target on a 2-core machine: ≥ 1,000 pairs/s with p99 ≤ 50 ms.
 *
 * Each concurrent client is its own user (a row lock per account serialises one user's operations: many
 * users is the realistic case; --users below --concurrency measures contention).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrateServerDb } from '../server/db/migrate';
import { type DatabaseTarget, openServerDb } from '../server/db/open';
import { getAccount } from '../server/ledger/account';
import { grant } from '../server/ledger/grants';
import { checkInvariants } from '../server/ledger/invariants';
import { createClerkTestKeys } from '../tests/support/clerk-tokens';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
    users: { type: 'string' },
    processes: { type: 'string', default: '1' },
    /** PostgreSQL connections per server process (PG_POOL_SIZE). */
    pool: { type: 'string', default: '10' },
    database: { type: 'string' },
    pglite: { type: 'boolean' },
    /** Reach PostgreSQL over TCP even when its Unix socket is on this machine. */
    tcp: { type: 'boolean' },
    'log-level': { type: 'string', default: 'info' },
    /** Writes a V8 CPU profile of each server process into this folder. */
    profile: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const concurrency = Number(values.concurrency);
const users = Number(values.users ?? values.concurrency);
const processes = values.pglite ? 1 : Number(values.processes);
const root = fileURLToPath(new URL('..', import.meta.url));
const START_COINS = 400 * 10;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

interface Database {
  target: DatabaseTarget;
  env: Record<string, string>;
  label: string;
  drop(): Promise<void>;
}

async function createDatabase(): Promise<Database> {
  if (values.pglite) {
    const dir = mkdtempSync(join(tmpdir(), 'relivchats-bench-'));
    const dataDir = join(dir, 'db');
    return {
      target: { kind: 'pglite', dataDir },
      env: { SERVER_DATA_DIR: dataDir },
      label: 'PGlite (embedded, one process)',
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin =
    values.database ??
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    process.env.DATABASE_URL;
  if (!admin) {
    throw new Error(
      'No PostgreSQL: pass --database postgres://… (or set BENCH_DATABASE_URL / TEST_DATABASE_URL), or --pglite.\n' +
        'A throwaway cluster: pg_createcluster 15 bench -p 55435 --start -- --auth-local=trust --auth-host=trust',
    );
  }
  const name = `relivchats_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  // A server beside its database talks to it over the Unix socket (a little cheaper than TCP on loopback);
  // --tcp keeps the address as given.
  const socketDir = '/var/run/postgresql';
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  const viaSocket = !values.tcp && local && existsSync(`${socketDir}/.s.PGSQL.${url.port || '5432'}`);
  if (viaSocket) {
    url.searchParams.set('host', socketDir);
    url.searchParams.set('port', url.port || '5432');
  }
  const version = await (async () => {
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    const v = (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    await c.end();
    return v;
  })();
  return {
    target: { kind: 'postgres', url: url.toString(), poolSize: 10 },
    env: { DATABASE_URL: url.toString(), PG_POOL_SIZE: values.pool },
    label: `PostgreSQL ${version} over ${viaSocket ? 'its Unix socket' : 'TCP'}, ${processes} server process(es) with ${values.pool} connections each`,
    drop: () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function startServerProcess(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const profile = values.profile ? ['--cpu-prof', '--cpu-prof-dir', values.profile] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...env,
      PORT: String(port),
      NODE_ENV: 'production',
    },
    // The server's JSON logs go where production sends them: out of this process's way.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child };
    if (i > 600) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A lean HTTP/1.1 keep-alive connection (one request at a time, like wrk): the load generator shares the
 * machine's two cores with the server and PostgreSQL, so it should cost as little CPU as it can.
 */
class Connection {
  private socket: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: ((answer: { status: number; body: string }) => void) | undefined;
  private failed: ((error: Error) => void) | undefined;

  constructor(private readonly url: URL) {
    this.socket = connect(Number(url.port), url.hostname);
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error) => this.failed?.(error));
  }

  post(path: string, token: string, body: unknown): Promise<{ status: number; json: { id?: string } }> {
    const payload = JSON.stringify(body);
    const head =
      `POST ${path} HTTP/1.1\r\nHost: ${this.url.host}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n`;
    return new Promise((resolve, reject) => {
      this.waiting = ({ status, body: text }) =>
        resolve({ status, json: JSON.parse(text) as { id?: string } });
      this.failed = reject;
      this.socket.write(head + payload);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1]);
    if (!Number.isFinite(length)) throw new Error(`bench: an answer without Content-Length:\n${head}`);
    if (this.buffer.length < end + 4 + length) return;
    const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
    this.buffer = this.buffer.subarray(end + 4 + length);
    const done = this.waiting!;
    this.waiting = undefined;
    done({ status: Number(head.slice(9, 12)), body });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** CPU seconds (user + system) of processes, from /proc (Linux; NaN elsewhere). */
function cpuSeconds(pids: number[]): number {
  if (!existsSync('/proc/self/stat')) return NaN;
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // gone
    }
  }
  return ticks / 100; // USER_HZ
}

/** The PostgreSQL processes on this machine (the server under test is local in this benchmark). */
function postgresPids(): number[] {
  if (!existsSync('/proc/self/stat')) return [];
  return readdirSync('/proc')
    .filter((d) => /^[0-9]+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    })
    .map(Number);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const clerk = createClerkTestKeys();
  const database = await createDatabase();
  const userIds = Array.from({ length: users }, (_, i) => `user_bench_${i}`);
  const setup = await openServerDb(database.target);
  await migrateServerDb(setup);
  for (const userId of userIds)
    await grant(
      { db: setup.db, now: () => new Date() },
      { userId, coins: START_COINS, note: 'bench', idempotencyKey: `bench-${userId}` },
    );
  await setup.close();

  const env = {
    ...database.env,
    ...clerk.env(),
    CLERK_AUTHORIZED_PARTIES: clerk.authorizedParty,
    STRIPE_SECRET_KEY: 'sk_test_bench',
    STRIPE_WEBHOOK_SECRET: 'whsec_bench',
    GEMINI_API_KEY: 'bench',
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
    RATE_LIMIT_USER_PER_MINUTE: '100000000',
    LOG_LEVEL: values['log-level'],
  };
  const servers = await Promise.all(Array.from({ length: processes }, () => startServerProcess(env)));
  const tokens = userIds.map((u) => clerk.token(u, { expiresIn: 3600 }));

  let measuring = false;
  let stopping = false;
  const latencies: number[] = [];
  let pairs = 0;
  let errors = 0;
  const errorSamples = new Set<string>();
  const connections: Connection[] = [];
  const worker = async (w: number) => {
    const connection = new Connection(new URL(servers[w % servers.length]!.url));
    connections.push(connection);
    const post = connection.post.bind(connection);
    const u = w % users;
    while (!stopping) {
      const started = performance.now();
      const reserved = await post('/api/unlocks', tokens[u]!, {
        chatFingerprint: `bench-chat-${w}`,
        category: 'romantic',
        idempotencyKey: randomBytes(12).toString('hex'),
      });
      let ok = reserved.status === 201;
      if (ok) {
        const released = await post(`/api/unlocks/${reserved.json.id}/release`, tokens[u]!, {
          idempotencyKey: randomBytes(12).toString('hex'),
        });
        ok = released.status === 200;
        if (!ok) errorSamples.add(JSON.stringify(released.json));
      } else errorSamples.add(JSON.stringify(reserved.json));
      if (!measuring) continue;
      if (ok) {
        pairs++;
        latencies.push(performance.now() - started);
      } else errors++;
    }
  };
  const running = Array.from({ length: concurrency }, (_, w) => worker(w));
  await new Promise((r) => setTimeout(r, warmup * 1000));
  const serverPids = servers.map((s) => s.child.pid!);
  const pgPids = postgresPids();
  const before = { self: process.cpuUsage(), server: cpuSeconds(serverPids), postgres: cpuSeconds(pgPids) };
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const elapsed = (performance.now() - t0) / 1000;
  const self = process.cpuUsage(before.self);
  const serverCpu = cpuSeconds(serverPids) - before.server;
  const postgresCpu = cpuSeconds(postgresPids()) - before.postgres;
  stopping = true;
  await Promise.all(running);
  for (const s of servers) s.child.kill('SIGTERM');
  await Promise.all(
    servers.map((s) => new Promise((r) => (s.child.exitCode !== null ? r(null) : s.child.once('exit', r)))),
  );
  for (const c of connections) c.close();

  const sorted = latencies.sort((a, b) => a - b);
  const figures = {
    database: database.label,
    concurrency,
    users,
    seconds: Number(elapsed.toFixed(1)),
    pairs,
    pairsPerSecond: Math.round(pairs / elapsed),
    p50ms: Number(percentile(sorted, 50).toFixed(2)),
    p95ms: Number(percentile(sorted, 95).toFixed(2)),
    p99ms: Number(percentile(sorted, 99).toFixed(2)),
    maxMs: Number((sorted.at(-1) ?? NaN).toFixed(2)),
    errors,
    // CPU per pair: steadier than wall time on a shared machine.
    cpuMsPerPair: {
      server: Number(((serverCpu * 1000) / pairs).toFixed(2)),
      postgres: Number(((postgresCpu * 1000) / pairs).toFixed(2)),
      loadGenerator: Number(((self.user + self.system) / 1000 / pairs).toFixed(2)),
    },
  };

  const check = await openServerDb(database.target);
  let problems: string[];
  let notReturned = 0;
  try {
    problems = await checkInvariants(check.db);
    for (const userId of userIds) {
      const a = await getAccount(check.db, userId);
      if (a.balance !== START_COINS + 50 || a.reserved !== 0) notReturned++;
    }
  } finally {
    await check.close();
    await database.drop();
  }

  console.log(`credits server: reserve + release pairs over HTTP (${figures.database})`);
  console.log(
    `  ${figures.pairs} pairs in ${figures.seconds} s = ${figures.pairsPerSecond} pairs/s ` +
      `(${concurrency} clients, ${users} users); pair latency p50 ${figures.p50ms} ms, p95 ${figures.p95ms} ms, ` +
      `p99 ${figures.p99ms} ms, max ${figures.maxMs} ms; ${errors} errors`,
  );
  console.log(
    `  CPU per pair: server ${figures.cpuMsPerPair.server} ms, PostgreSQL ${figures.cpuMsPerPair.postgres} ms, ` +
      `load generator ${figures.cpuMsPerPair.loadGenerator} ms`,
  );
  if (errorSamples.size > 0) console.log(`  error answers: ${[...errorSamples].slice(0, 3).join(' | ')}`);
  console.log(
    `  target ≥ 1,000 pairs/s with p99 ≤ 50 ms: ${figures.pairsPerSecond >= 1000 && figures.p99ms <= 50 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  after the run: ledger invariants ${problems.length === 0 ? 'hold' : `VIOLATED:\n    ${problems.join('\n    ')}`}; ` +
      `${notReturned === 0 ? 'every reserved coin came back' : `${notReturned} accounts not back to their start`}`,
  );
  console.log(
    JSON.stringify({ ...figures, invariantsHold: problems.length === 0, accountsNotRestored: notReturned }),
  );
  if (problems.length > 0 || notReturned > 0) process.exitCode = 1;
}

await main();
