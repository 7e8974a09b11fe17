import { describe, expect, it } from 'vitest';
import { randomUuid, uuidToBytes, uuidToString, ZERO_UUID } from '../../../engine/protocol/uuid.js';

describe('Kafka UUIDs', () => {
  it('shows 16 bytes as 22 URL-safe base64 characters, the zero UUID as all A', () => {
    expect(uuidToString(Buffer.alloc(16))).toBe(ZERO_UUID);
    expect(uuidToString(Buffer.from('fbff' + '00'.repeat(14), 'hex'))).toBe('-_8AAAAAAAAAAAAAAAAAAA');
  });

  it('turns every string form back into its bytes', () => {
    for (let i = 0; i < 200; i++) {
      const uuid = randomUuid();
      expect(uuidToString(uuidToBytes(uuid))).toBe(uuid);
    }
  });

  it('refuses strings that are not the form of 16 bytes', () => {
    for (const bad of [
      '',
      'AAAA',
      ZERO_UUID + 'A',
      'AAAAAAAAAAAAAAAAAAAAAB',
      'AAAAAAAAAAAAAAAAAAAA+A',
      'AAAAAAAAAAAAAAAAAAAA=A',
    ]) {
      expect(() => uuidToBytes(bad), bad).toThrow(RangeError);
    }
  });

  it('never makes the zero UUID or one that reads as a command-line flag', () => {
    for (let i = 0; i < 500; i++) {
      const uuid = randomUuid();
      expect(uuid).not.toBe(ZERO_UUID);
      expect(uuid.startsWith('-')).toBe(false);
    }
  });
});
