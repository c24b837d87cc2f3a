/** Secrets encrypted with the OS keychain (Keychain, DPAPI, libsecret/KWallet) through Electron's safeStorage. */
import { safeStorage } from 'electron';
import { createFileSecretStore, secretsFilePath, type SecretStore } from '../secrets';

/** Call after `app` is ready. Falls back to the private file where no OS keychain is available. */
export async function createSafeStorageSecretStore(dataDir: string): Promise<SecretStore> {
  const available =
    (await safeStorage.isAsyncEncryptionAvailable()) &&
    !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');
  if (!available) return createFileSecretStore(secretsFilePath(dataDir));
  return createFileSecretStore(secretsFilePath(dataDir), {
    protection: 'os-keychain',
    codec: {
      encode: async (value) => (await safeStorage.encryptStringAsync(value)).toString('base64'),
      decode: async (stored) => (await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'))).result,
    },
  });
}
