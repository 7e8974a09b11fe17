import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBytes,
  encodeBytes,
  fromBase64,
  toBase64,
  validEncodedBytesSchema,
} from '../../../host/api/bytes.js';

describe('encoded bytes', () => {
  it('sends valid UTF-8 as text and anything else as base64', () => {
    expect(encodeBytes(new TextEncoder().encode('héllo {"a":1}'))).toEqual({
      encoding: 'utf8',
      data: 'héllo {"a":1}',
    });
    expect(encodeBytes(Uint8Array.of(0xff, 0x00, 0x41))).toEqual({ encoding: 'base64', data: '/wBB' });
    // a lone continuation byte and an overlong encoding are not UTF-8
    expect(encodeBytes(Uint8Array.of(0x80)).encoding).toBe('base64');
    expect(encodeBytes(Uint8Array.of(0xc0, 0xaf)).encoding).toBe('base64');
  });

  it('round-trips any bytes exactly (seeded)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(decodeBytes(encodeBytes(bytes))).toEqual(bytes);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('keeps a UTF-8 byte order mark as data', () => {
    const bom = Uint8Array.of(0xef, 0xbb, 0xbf, 0x61);
    expect(decodeBytes(encodeBytes(bom))).toEqual(bom);
  });

  it("agrees with Node's base64 both ways", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const node = Buffer.from(bytes).toString('base64');
        expect(toBase64(bytes)).toBe(node);
        expect(fromBase64(node)).toEqual(bytes);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('refuses malformed base64 at the boundary', () => {
    expect(() => fromBase64('abc')).toThrow(/multiple of 4/);
    expect(() => fromBase64('ab!=')).toThrow(/not base64/);
    const bad = validEncodedBytesSchema.safeParse({ encoding: 'base64', data: 'a=bc' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['data']);
    expect(validEncodedBytesSchema.safeParse({ encoding: 'utf8', data: 'a=bc' }).success).toBe(true);
  });
});
