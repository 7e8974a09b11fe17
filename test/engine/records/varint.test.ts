import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError } from '../../../engine/records/errors.js';
import {
  ByteReader,
  sizeOfVarint,
  sizeOfVarlong,
  writeVarint,
  writeVarlong,
} from '../../../engine/records/varint.js';

function varint(value: number): Buffer {
  const buf = Buffer.alloc(10);
  return buf.subarray(0, writeVarint(buf, value, 0));
}
function varlong(value: number): Buffer {
  const buf = Buffer.alloc(10);
  return buf.subarray(0, writeVarlong(buf, value, 0));
}

describe('varints', () => {
  it('encodes the zigzag vectors of the protobuf spec', () => {
    expect(varint(0).toString('hex')).toBe('00');
    expect(varint(-1).toString('hex')).toBe('01');
    expect(varint(1).toString('hex')).toBe('02');
    expect(varint(63).toString('hex')).toBe('7e');
    expect(varint(-64).toString('hex')).toBe('7f');
    expect(varint(64).toString('hex')).toBe('8001');
    expect(varint(-300).toString('hex')).toBe('d704');
    expect(varint(2147483647).toString('hex')).toBe('feffffff0f');
    expect(varint(-2147483648).toString('hex')).toBe('ffffffff0f');
    expect(varlong(-300).toString('hex')).toBe('d704');
    expect(varlong(1_700_000_000_000).toString('hex')).toBe(varlongReference(1_700_000_000_000));
  });

  it('round-trips every int32 and reports its size', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), (n) => {
        const bytes = varint(n);
        expect(bytes.length).toBe(sizeOfVarint(n));
        const reader = new ByteReader(bytes);
        expect(reader.readVarint()).toBe(n);
        expect(reader.remaining()).toBe(0);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('round-trips every safe-integer varlong and reports its size', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), (n) => {
        const bytes = varlong(n);
        expect(bytes.length).toBe(sizeOfVarlong(n));
        expect(new ByteReader(bytes).readVarlong()).toBe(n);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('agrees with a bigint reference encoder', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), (n) => {
        expect(varlong(n).toString('hex')).toBe(varlongReference(n));
      }),
      { seed: 3, numRuns: 500 },
    );
  });

  it('refuses varints that run past the buffer or are too long', () => {
    expect(() => new ByteReader(Buffer.from([0x80])).readVarint()).toThrow(CorruptRecordError);
    expect(() => new ByteReader(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01])).readVarint()).toThrow(
      'varint longer than 5 bytes',
    );
  });
});

/** Zigzag + LEB128 with bigints, written independently of the code under test. */
function varlongReference(n: number): string {
  let v = (BigInt(n) << 1n) ^ (BigInt(n) >> 63n);
  v = BigInt.asUintN(64, v);
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out).toString('hex');
}
