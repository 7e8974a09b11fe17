import { describe, expect, it, vi } from 'vitest';

// safeStorage stand-in: "encrypts" by reversing bytes, and can be switched off like a Linux
// session without a key ring.
const state = { available: true };
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => state.available,
    encryptString: (plain: string) => Buffer.from(plain, 'utf8').reverse(),
    decryptString: (data: Buffer) => Buffer.from(data).reverse().toString('utf8'),
  },
}));

const { safeStorageCipher } = await import('../../electron/secret-cipher.js');

describe("the desktop's secret cipher", () => {
  it('passes secrets through safeStorage as base64 and back', () => {
    const encrypted = safeStorageCipher.encrypt('{"password":"s3cret"}');
    expect(encrypted).toBe(Buffer.from('{"password":"s3cret"}').reverse().toString('base64'));
    expect(encrypted).not.toContain('s3cret');
    expect(safeStorageCipher.decrypt(encrypted)).toBe('{"password":"s3cret"}');
  });

  it('says when the key store is not available', () => {
    state.available = false;
    expect(safeStorageCipher.isAvailable()).toBe(false);
    state.available = true;
    expect(safeStorageCipher.isAvailable()).toBe(true);
  });
});
