/**
 * Where the Electron console keeps the district token: encrypted with the operating system's key
 * store (Electron safeStorage: DPAPI on Windows, the keyring on Linux) in `<data>/district-token.enc`,
 * readable by this account only. Where no real key store is available (safeStorage unavailable, or
 * Linux's `basic_text` fallback, which is no protection), the core's 0600 file instead.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { fileSecretStore, type SecretStore } from '../core/sync/district-link';

export function secretStoreFor(dataDir: string): SecretStore {
  const plain = fileSecretStore(dataDir);
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text' || backend === 'unknown') return plain;
  const file = path.join(dataDir, 'district-token.enc');
  return {
    protection: 'safeStorage',
    save(value) {
      writeFileSync(file, safeStorage.encryptString(value), { mode: 0o600 });
      plain.clear(); // a token kept before as a plain file goes
    },
    load: () => (existsSync(file) ? safeStorage.decryptString(readFileSync(file)) : plain.load()),
    clear() {
      rmSync(file, { force: true });
      plain.clear();
    },
  };
}
