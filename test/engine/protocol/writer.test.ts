import { describe, expect, it } from 'vitest';
import { Reader } from '../../../engine/protocol/reader.js';
import { Writer } from '../../../engine/protocol/writer.js';

const hexOf = (w: Writer): string => w.toBuffer().toString('hex');

describe('Writer', () => {
  it('writes fixed-width integers big-endian', () => {
    const w = new Writer();
    w.writeInt8(-1).writeInt16(-32768).writeInt32(-2147483648).writeUInt32(4294967295);
    w.writeInt64(-9223372036854775808n).writeFloat64(1).writeBoolean(true);
    expect(hexOf(w)).toBe(
      'ff' + '8000' + '80000000' + 'ffffffff' + '8000000000000000' + '3ff0000000000000' + '01',
    );
  });

  it('writes and reads back int64 values on both sides of the ±2^53 fast path', () => {
    const values = [
      0n,
      -1n,
      1n,
      2n ** 32n - 1n,
      -(2n ** 32n),
      2n ** 53n - 1n,
      2n ** 53n,
      -(2n ** 53n) + 1n,
      -(2n ** 53n),
    ];
    const edges = [...values, -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n), 123_456_789_012n];
    const w = new Writer();
    for (const value of edges) w.writeInt64(value);
    const bytes = w.toBuffer();
    edges.forEach((value, i) => expect(bytes.readBigInt64BE(i * 8), String(value)).toBe(value));
    const r = new Reader(bytes);
    for (const value of edges) expect(r.readInt64()).toBe(value);
  });

  it('writes varints, zigzag varints and varlongs', () => {
    const w = new Writer();
    w.writeUnsignedVarInt(300).writeVarInt(-1).writeVarInt(1).writeVarInt(-2147483648);
    w.writeVarLong(-9223372036854775808n).writeVarLong(0n);
    expect(hexOf(w)).toBe('ac02' + '01' + '02' + 'ffffffff0f' + 'ffffffffffffffffff01' + '00');
  });

  it('refuses varint values outside their type', () => {
    expect(() => new Writer().writeUnsignedVarInt(-1)).toThrow(RangeError);
    expect(() => new Writer().writeVarInt(2 ** 31)).toThrow(RangeError);
  });

  it('writes classic and compact strings, bytes and arrays, with null', () => {
    const w = new Writer();
    w.writeString('abc').writeNullableString(null).writeNullableBytes(null).writeInt32Array([1]);
    w.flexible = true;
    w.writeString('abc')
      .writeNullableString(null)
      .writeBytes(Buffer.from([9]))
      .writeStringArray(['a']);
    w.writeNullableArray(null, () => expect.unreachable());
    expect(hexOf(w)).toBe(
      '0003616263' + 'ffff' + 'ffffffff' + '0000000100000001' + '04616263' + '00' + '0209' + '020261' + '00',
    );
  });

  it('counts UTF-8 bytes, not characters, in string lengths', () => {
    const w = new Writer();
    w.writeString('é');
    expect(hexOf(w)).toBe('0002c3a9');
  });

  it('writes tagged fields in tag order with their sizes, and nothing when not flexible', () => {
    const w = new Writer();
    w.writeTaggedFields([[0, (w) => w.writeInt32(7)]]);
    w.flexible = true;
    w.writeTaggedFields([[0, (w) => w.writeInt32(7)], null, false, [3, (w) => w.writeString('x')]]);
    w.writeTaggedFields();
    expect(hexOf(w)).toBe('02' + '0004' + '00000007' + '0302' + '0278' + '00');
    expect(() =>
      new Writer().writeTaggedFields([
        [1, () => {}],
        [0, () => {}],
      ]),
    ).not.toThrow();
    const flexible = new Writer();
    flexible.flexible = true;
    expect(() =>
      flexible.writeTaggedFields([
        [1, () => {}],
        [0, () => {}],
      ]),
    ).toThrow(RangeError);
  });

  it('passes record sets through as the same Buffer objects, between scratch chunks', () => {
    const records = Buffer.alloc(16 * 1024, 7);
    const second = Buffer.from([1, 2, 3]);
    const w = new Writer();
    w.writeInt16(1).writeRecords(records).writeInt16(2);
    w.flexible = true;
    w.writeRecords([records, second]).writeRecords(null);
    const chunks = w.chunks();
    expect(chunks[1]).toBe(records);
    expect(chunks[3]).toBe(records);
    expect(chunks[4]).toBe(second);
    expect(w.byteLength).toBe(2 + 4 + records.length + 2 + 3 + records.length + 3 + 1);
    const r = new Reader(w.toBuffer());
    expect(r.readInt16()).toBe(1);
    expect(r.readRecords()).toEqual(records);
    expect(r.readInt16()).toBe(2);
    r.flexible = true;
    expect(r.readRecords()).toEqual(Buffer.concat([records, second]));
    expect(r.readRecords()).toBeNull();
    r.expectEnd();
  });

  it('keeps bytes already written in place when it starts a new scratch buffer', () => {
    const w = new Writer(16);
    for (let i = 0; i < 10_000; i++) w.writeInt32(i);
    const slot = w.reserveInt32();
    w.writeString('x'.repeat(5000));
    slot.set(0x01020304);
    const r = new Reader(w.toBuffer());
    for (let i = 0; i < 10_000; i++) expect(r.readInt32()).toBe(i);
    expect(r.readInt32()).toBe(0x01020304);
    expect(r.readString()).toBe('x'.repeat(5000));
    r.expectEnd();
  });

  it('writes uuids from their string form', () => {
    const w = new Writer();
    w.writeUuid('-wAAAAAAAAAAAAAAAAAAAA');
    expect(hexOf(w)).toBe('fb' + '00'.repeat(15));
    expect(() => new Writer().writeUuid('not-a-uuid')).toThrow(RangeError);
  });
});
