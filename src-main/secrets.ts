/**
 * Secrets (e.g. the user's Gemini API key). The desktop app encrypts them with the OS keychain through
 * Electron's safeStorage (src-main/electron/secret-store.ts); the CLI and the web shell keep them in a file
 * only the user can read, and `RELIVCHATS_SECRET_<NAME>` in the environment overrides a stored value.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from './errors';

export interface SecretStore {
  /** Where secrets live, for the settings page to say so. */
  readonly protection: 'os-keychain' | 'user-file';
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** Turns a secret into what is written to disk and back. */
export interface SecretCodec {
  encode(value: string): Promise<string>;
  decode(stored: string): Promise<string>;
}

const plain: SecretCodec = { encode: async (v) => v, decode: async (s) => s };
const NAME = /^[a-z][a-z0-9-]{0,63}$/;

function checkName(name: string): void {
  if (!NAME.test(name)) throw new AppError('invalid-secret-name', `"${name}" is not a secret name.`);
}

export const envName = (name: string) => `RELIVCHATS_SECRET_${name.toUpperCase().replaceAll('-', '_')}`;

/** Secrets as a JSON object in one file (mode 0600), each value passed through `codec`. */
export function createFileSecretStore(
  path: string,
  options: {
    codec?: SecretCodec;
    protection?: SecretStore['protection'];
    env?: NodeJS.ProcessEnv;
  } = {},
): SecretStore {
  const codec = options.codec ?? plain;
  const env = options.env ?? process.env;
  const read = (): Record<string, string> => {
    if (!existsSync(path)) return {};
    try {
      const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
      return value && typeof value === 'object' ? (value as Record<string, string>) : {};
    } catch {
      throw new AppError(
        'secrets-unreadable',
        `The secrets file ${path} is damaged; delete it and re-enter.`,
      );
    }
  };
  const write = (all: Record<string, string>) => {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  };
  return {
    protection: options.protection ?? 'user-file',
    async get(name) {
      checkName(name);
      const fromEnv = env[envName(name)];
      if (fromEnv) return fromEnv;
      const stored = read()[name];
      return stored === undefined ? null : codec.decode(stored);
    },
    async set(name, value) {
      checkName(name);
      const encoded = await codec.encode(value);
      write({ ...read(), [name]: encoded });
    },
    async delete(name) {
      checkName(name);
      const all = read();
      if (!(name in all)) return;
      delete all[name];
      write(all);
    },
  };
}

/** The default store beside the library. */
export const secretsFilePath = (dataDir: string) => join(dataDir, 'secrets.json');
