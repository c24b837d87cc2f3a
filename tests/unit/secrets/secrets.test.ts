import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSecretStore, envName } from '../../../src-main/secrets';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relivchats-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('secret store', () => {
  it('keeps secrets in a file only the user can read', async () => {
    const path = join(dir, 'secrets.json');
    const store = createFileSecretStore(path, { env: {} });
    expect(await store.get('gemini-api-key')).toBeNull();
    await store.set('gemini-api-key', 'AIza-123');
    expect(await store.get('gemini-api-key')).toBe('AIza-123');
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    await store.delete('gemini-api-key');
    expect(await store.get('gemini-api-key')).toBeNull();
    expect(store.protection).toBe('user-file');
  });

  it('stores what the codec makes of a secret (safeStorage in the app)', async () => {
    const path = join(dir, 'secrets.json');
    const codec = {
      encode: async (v: string) => Buffer.from(v).toString('base64'),
      decode: async (s: string) => Buffer.from(s, 'base64').toString(),
    };
    const store = createFileSecretStore(path, { codec, protection: 'os-keychain', env: {} });
    await store.set('gemini-api-key', 'secret value');
    expect(readFileSync(path, 'utf8')).not.toContain('secret value');
    expect(await store.get('gemini-api-key')).toBe('secret value');
  });

  it('lets the environment override a stored secret', async () => {
    const store = createFileSecretStore(join(dir, 's.json'), {
      env: { [envName('gemini-api-key')]: 'from-env' },
    });
    expect(envName('gemini-api-key')).toBe('RELIVCHATS_SECRET_GEMINI_API_KEY');
    expect(await store.get('gemini-api-key')).toBe('from-env');
  });

  it('refuses names that are not names', async () => {
    const store = createFileSecretStore(join(dir, 's.json'), { env: {} });
    await expect(store.set('../x', 'v')).rejects.toMatchObject({ code: 'invalid-secret-name' });
  });
});
