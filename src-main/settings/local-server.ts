/**
 * Self-hosting: the credits server started beside the app, on PGlite in the data folder
 * (`<data folder>/server-db`), listening on 127.0.0.1 only, in a worker thread of the app's process. Its
 * configuration is the server's usual environment variables (README, "Credits server"): from the app's
 * environment, else from `<data folder>/credits-server.env` (`KEY=value` lines). Without Clerk keys it
 * cannot sign anyone in, without Stripe keys it sells nothing: it says so (`disabled`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { LocalServerView } from '../../src-shared/api/settings';
import { AppError } from '../errors';
import { workerEntry } from '../workers';
import type { LocalServerMessage, LocalServerWorkerData } from './local-server-worker';
import localServerWorkerPath from './local-server-worker?modulePath';

export interface LocalServerOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** Called whenever its state changes (the settings page shows it). */
  onChange?: () => void;
  workerPath?: string;
}

export class LocalCreditsServer {
  readonly configFile: string;
  readonly serverDataDir: string;
  readonly #o: LocalServerOptions;
  #state: LocalServerView['state'] = 'stopped';
  #url: string | null = null;
  #error: string | null = null;
  #disabled: string[] = [];
  #worker: Worker | null = null;
  #starting: Promise<string> | null = null;

  constructor(options: LocalServerOptions) {
    this.#o = options;
    this.configFile = join(options.dataDir, 'credits-server.env');
    this.serverDataDir = join(options.dataDir, 'server-db');
  }

  get url(): string | null {
    return this.#url;
  }

  view(): LocalServerView {
    return {
      state: this.#state,
      url: this.#url,
      dataDir: this.serverDataDir,
      configFile: this.configFile,
      disabled: this.#disabled,
      error: this.#error,
    };
  }

  /** The server's environment: the settings file under the app's environment, loopback, our folder. */
  env(): Record<string, string> {
    let fromFile: NodeJS.Dict<string> = {};
    if (existsSync(this.configFile)) {
      try {
        fromFile = parseEnv(readFileSync(this.configFile, 'utf8'));
      } catch (error) {
        throw new AppError(
          'local-server-config',
          `${this.configFile} cannot be read: ${(error as Error).message}`,
        );
      }
    }
    const env: Record<string, string> = { SERVER_DATA_DIR: this.serverDataDir };
    for (const [key, value] of Object.entries({ ...fromFile, ...(this.#o.env ?? process.env) })) {
      if (value !== undefined) env[key] = value;
    }
    // Beside the app: never reachable from the network, and lenient about missing services.
    env.HOST = '127.0.0.1';
    delete env.NODE_ENV;
    delete env.DATABASE_URL;
    return env;
  }

  /** Clerk's publishable key the local server is configured with (for signing in against it). */
  publishableKey(): string | null {
    try {
      return this.env().CLERK_PUBLISHABLE_KEY ?? null;
    } catch {
      return null;
    }
  }

  /** Starts it (once; concurrent callers share the start) and resolves with its address. */
  start(): Promise<string> {
    if (this.#state === 'running' && this.#url) return Promise.resolve(this.#url);
    this.#starting ??= this.#start().finally(() => (this.#starting = null));
    return this.#starting;
  }

  async #start(): Promise<string> {
    this.#set('starting', null, null);
    let env: Record<string, string>;
    try {
      env = this.env();
    } catch (error) {
      this.#set('failed', null, (error as Error).message);
      throw error;
    }
    const entry = workerEntry(this.#o.workerPath ?? localServerWorkerPath, {
      env,
      logFile: join(this.#o.dataDir, 'credits-server.log'),
    } satisfies LocalServerWorkerData);
    const worker = new Worker(entry.filename, { workerData: entry.workerData });
    this.#worker = worker;
    return new Promise<string>((resolve, reject) => {
      worker.on('message', (message: LocalServerMessage) => {
        if (message.type === 'listening') {
          this.#disabled = message.disabled;
          this.#set('running', message.url, null);
          resolve(message.url);
        } else if (message.type === 'failed') {
          this.#set('failed', null, message.message);
          reject(new AppError('local-server-failed', message.message));
        }
      });
      const ended = (why: string) => {
        if (this.#worker !== worker) return;
        this.#worker = null;
        if (this.#state === 'starting' || this.#state === 'running') this.#set('failed', null, why);
        reject(new AppError('local-server-failed', why));
      };
      worker.on('error', (error) => ended(`The local credits server stopped: ${error.message}`));
      worker.on('exit', (code) => ended(`The local credits server stopped (exit code ${code}).`));
    });
  }

  async stop(): Promise<void> {
    await this.#starting?.catch(() => undefined);
    const worker = this.#worker;
    this.#worker = null;
    if (worker) {
      const stopped = new Promise<void>((resolve) => {
        worker.on('message', (m: LocalServerMessage) => m.type === 'stopped' && resolve());
        worker.once('exit', () => resolve());
      });
      worker.postMessage('stop');
      // A server that does not finish within 10 s is ended.
      const timer = setTimeout(() => void worker.terminate(), 10_000);
      await stopped;
      clearTimeout(timer);
      await worker.terminate();
    }
    this.#disabled = [];
    this.#set('stopped', null, null);
  }

  #set(state: LocalServerView['state'], url: string | null, error: string | null): void {
    this.#state = state;
    this.#url = url;
    this.#error = error;
    this.#o.onChange?.();
  }
}
