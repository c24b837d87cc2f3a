/**
 * A credits server for a test: in this process (startTestServer) or as child processes (spawnServer), on a
 * fresh database, configured against the fake Stripe, the fake Gemini and Clerk test keys. Logs are kept
 * so a test can check what they contain.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../../server/config';
import { createLogger } from '../../../../server/logger';
import type { PaymentsHooks } from '../../../../server/payments/payments';
import { type RunningServer, startServer } from '../../../../server/server';
import { type ClerkTestKeys, createClerkTestKeys, type TokenOptions } from '../../../support/clerk-tokens';
import { type FakeGemini, startFakeGemini } from '../../../support/fake-gemini';
import { type FakeStripe, startFakeStripe } from '../../../support/fake-stripe';
import { type BackendName, createTestDatabase, type TestDatabase } from './databases';

export const GEMINI_SERVER_KEY = 'gemini-server-key-never-leaves';
const root = fileURLToPath(new URL('../../../..', import.meta.url));

export interface Outsiders {
  clerk: ClerkTestKeys;
  stripe: FakeStripe;
  gemini: FakeGemini;
  webhookSecret: string;
}

export async function startOutsiders(): Promise<Outsiders> {
  return {
    clerk: createClerkTestKeys(),
    stripe: await startFakeStripe(),
    gemini: await startFakeGemini({ apiKey: GEMINI_SERVER_KEY }),
    webhookSecret: `whsec_${randomBytes(16).toString('hex')}`,
  };
}

/** The environment of a server that trusts these outsiders and uses this database. */
export function serverEnv(
  o: Outsiders,
  database: TestDatabase,
  extra: Record<string, string> = {},
): Record<string, string> {
  const db: Record<string, string> =
    database.target.kind === 'postgres'
      ? { DATABASE_URL: database.target.url }
      : { SERVER_DATA_DIR: database.target.dataDir ?? 'memory://' };
  return {
    ...o.clerk.env(),
    STRIPE_SECRET_KEY: o.stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: o.webhookSecret,
    STRIPE_API_BASE: o.stripe.url,
    GEMINI_API_KEY: GEMINI_SERVER_KEY,
    GEMINI_UPSTREAM_URL: o.gemini.url,
    HOST: '127.0.0.1',
    PORT: '0',
    RATE_LIMIT_IP_PER_MINUTE: '100000',
    RATE_LIMIT_USER_PER_MINUTE: '100000',
    LOG_LEVEL: 'info',
    ...db,
    ...extra,
  };
}

/** A parsed JSON answer: tests check its shape with expect(), so it is loosely typed on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface CallResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Caller {
  call<T = Json>(
    method: string,
    path: string,
    options?: { user?: string; token?: TokenOptions; body?: unknown; headers?: Record<string, string> },
  ): Promise<CallResult<T>>;
}

export function caller(url: () => string, clerk: ClerkTestKeys): Caller {
  return {
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.user) Object.assign(headers, clerk.headers(options.user, options.token));
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(url() + path, {
        method,
        headers,
        redirect: 'manual',
        ...(options.body === undefined
          ? {}
          : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
      });
      const text = await response.text();
      let body: Json = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the text
      }
      return { status: response.status, body, headers: response.headers };
    },
  };
}

export interface TestServer extends Outsiders, Caller {
  server: RunningServer;
  url: string;
  database: TestDatabase;
  env: Record<string, string>;
  /** Every log line written so far. */
  logs: string[];
  /** Moves the ledger's clock. */
  advance(ms: number): void;
  /** Delivers a Stripe event, signed, to this server's webhook. */
  deliver(
    event: ReturnType<FakeStripe['event']>,
    options?: { timestamp?: number; secret?: string; header?: string },
  ): Promise<{ status: number; body: Json }>;
  close(): Promise<void>;
}

export async function startTestServer(
  backend: BackendName,
  options: { env?: Record<string, string>; hooks?: PaymentsHooks; outsiders?: Outsiders } = {},
): Promise<TestServer> {
  const outsiders = options.outsiders ?? (await startOutsiders());
  const database = await createTestDatabase(backend);
  const env = serverEnv(outsiders, database, options.env);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const config = loadConfig(env);
  let offset = 0;
  const server = await startServer(config, createLogger(config.logLevel, sink), {
    now: () => new Date(Date.now() + offset),
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  return {
    ...outsiders,
    ...caller(() => server.url, outsiders.clerk),
    server,
    url: server.url,
    database,
    env,
    logs,
    advance: (ms) => {
      offset += ms;
    },
    deliver: (event, o = {}) =>
      outsiders.stripe.deliver(`${server.url}/api/payments/webhook`, event, {
        secret: o.secret ?? outsiders.webhookSecret,
        ...o,
      }),
    async close() {
      await server.close();
      await database.dispose();
      if (!options.outsiders) await Promise.all([outsiders.stripe.close(), outsiders.gemini.close()]);
    },
  };
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code or signal once the process ends. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

/**
 * Runs a server as a child process (`server/main.ts` from the sources through tsx, or another entry) and
 * waits for its "listening" log line.
 */
export async function spawnServer(
  env: Record<string, string>,
  entry = 'server/main.ts',
  args: string[] = [],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /"url":"(http:\/\/[^"]+)".*"msg":"credits server listening"/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export const newKey = () => `key-${randomBytes(9).toString('hex')}`;
export const fingerprint = (n: number | string = 1) => `chat-${String(n).padStart(8, '0')}`;
