/**
 * Electron's safeStorage (the OS key store: Keychain, DPAPI, libsecret/kwallet) as the cipher the
 * host keeps saved connections' secrets with. The host never imports Electron; it gets this pair.
 * Where no key store works (Linux without a key ring), isAvailable() says so and the host keeps
 * secrets in memory for the launch, as in browser mode.
 */
import { safeStorage } from 'electron';
import type { SecretCipher } from '../host/connections/secrets.js';

export const safeStorageCipher: SecretCipher = {
  isAvailable: () => safeStorage.isEncryptionAvailable(),
  encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
  decrypt: (encrypted) => safeStorage.decryptString(Buffer.from(encrypted, 'base64')),
};
