import { describe, expect, it } from 'vitest';
import { ProtocolDecodeError } from '../../../engine/protocol/decode-error.js';
import { Reader } from '../../../engine/protocol/reader.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const reader = (s: string, flexible = false): Reader => {
  const r = new Reader(hex(s));
  r.flexible = flexible;
  return r;
};

describe('Reader', () => {
  it('reads fixed-width integers big-endian, int64 as bigint', () => {
    const r = reader('ff 8000 80000000 ffffffff 8000000000000000 3ff0000000000000');
    expect(r.readInt8()).toBe(-1);
    expect(r.readInt16()).toBe(-32768);
    expect(r.readInt32()).toBe(-2147483648);
    expect(r.readUInt32()).toBe(4294967295);
    expect(r.readInt64()).toBe(-9223372036854775808n);
    expect(r.readFloat64()).toBe(1);
    r.expectEnd();
  });

  it('reads unsigned varints as the protocol guide encodes them', () => {
    // 300 = 0b1_0010_1100 → low 7 bits 0x2c with the continuation bit, then 0x02.
    expect(reader('ac02').readUnsignedVarInt()).toBe(300);
    expect(reader('ffffffff0f').readUnsignedVarInt()).toBe(4294967295);
  });

  it('reads zigzag varints and varlongs', () => {
    const r = reader('00 01 02 03 feffffff0f ffffffff0f');
    expect([r.readVarInt(), r.readVarInt(), r.readVarInt(), r.readVarInt()]).toEqual([0, -1, 1, -2]);
    expect(r.readVarInt()).toBe(2147483647);
    expect(r.readVarInt()).toBe(-2147483648);
    expect(reader('ffffffffffffffffff01').readVarLong()).toBe(-9223372036854775808n);
    expect(reader('feffffffffffffffff01').readVarLong()).toBe(9223372036854775807n);
  });

  it('refuses varints longer than their type', () => {
    expect(() => reader('ffffffff1f').readUnsignedVarInt()).toThrow(ProtocolDecodeError);
    expect(() => reader('8080808080').readUnsignedVarInt()).toThrow(ProtocolDecodeError);
    expect(() => reader('ffffffffffffffffff02').readVarLong()).toThrow(ProtocolDecodeError);
  });

  it('reads classic and compact strings, with null', () => {
    expect(reader('0003 616263').readString()).toBe('abc');
    expect(reader('ffff').readNullableString()).toBeNull();
    expect(reader('04 616263', true).readString()).toBe('abc');
    expect(reader('00', true).readNullableString()).toBeNull();
    expect(reader('01', true).readString()).toBe('');
  });

  it('refuses null where the schema forbids it', () => {
    expect(() => reader('ffff').readString()).toThrow(/non-nullable string/);
    expect(() => reader('00', true).readBytes()).toThrow(/non-nullable bytes/);
    expect(() => reader('ffffffff').readArray((r) => r.readInt8())).toThrow(/non-nullable array/);
  });

  it('returns bytes and records as views of the input, without copying', () => {
    const buf = hex('00000002 abcd 03 ef01');
    const r = new Reader(buf);
    const bytes = r.readBytes();
    expect(bytes.buffer).toBe(buf.buffer);
    expect(bytes.byteOffset).toBe(buf.byteOffset + 4);
    r.flexible = true;
    const records = r.readRecords();
    expect(records).toEqual(hex('ef01'));
    expect(records!.buffer).toBe(buf.buffer);
  });

  it('reads uuids in their base64url form', () => {
    expect(reader('00'.repeat(16)).readUuid()).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(reader('fb' + '00'.repeat(15)).readUuid()).toBe('-wAAAAAAAAAAAAAAAAAAAA');
  });

  it('reads classic and compact arrays, with null', () => {
    expect(reader('00000002 00000001 00000002').readInt32Array()).toEqual([1, 2]);
    expect(reader('00000002 0001 61 0001 62').readStringArray()).toEqual(['a', 'b']);
    expect(reader('03 02 61 02 62', true).readStringArray()).toEqual(['a', 'b']);
    expect(reader('00', true).readNullableArray((r) => r.readInt8())).toBeNull();
  });

  it('refuses an array count larger than the bytes left, before allocating', () => {
    const r = reader('7fffffff 00');
    expect(() => r.readArray((r) => r.readInt8())).toThrow(/array of 2147483647 elements in 1 bytes/);
    expect(() => reader('ffffffff0f', true).readArray((r) => r.readInt8())).toThrow(ProtocolDecodeError);
  });

  it('refuses negative lengths other than -1', () => {
    expect(() => reader('fffe').readNullableString()).toThrow(/invalid string length -2/);
    expect(() => reader('fffffffe').readNullableBytes()).toThrow(/invalid bytes length -2/);
    expect(() => reader('fffffffe').readNullableArray((r) => r.readInt8())).toThrow(/invalid array length/);
  });

  it('hands tagged fields to the callback with a reader bounded to the field, and skips the rest', () => {
    // Three fields: tag 0 (int32 7), tag 5 (unknown, 3 bytes), tag 7 (compact string "x"); then an int8.
    const r = reader('03 00 04 00000007 05 03 aabbcc 07 02 02 78 2a', true);
    const seen: [number, unknown][] = [];
    r.readTaggedFields((tag, field) => {
      if (tag === 0) seen.push([tag, field.readInt32()]);
      if (tag === 7) seen.push([tag, field.readString()]);
      if (tag === 0) expect(() => field.readInt8()).toThrow(ProtocolDecodeError);
    });
    expect(seen).toEqual([
      [0, 7],
      [7, 'x'],
    ]);
    expect(r.readInt8()).toBe(42);
  });

  it('reads nothing for tagged fields in non-flexible versions', () => {
    const r = reader('2a');
    r.readTaggedFields(() => expect.unreachable());
    expect(r.readInt8()).toBe(42);
  });

  it('refuses tagged fields out of order or larger than the input', () => {
    expect(() => reader('02 05 00 01 00', true).readTaggedFields()).toThrow(/out of order/);
    expect(() => reader('01 00 09 00', true).readTaggedFields()).toThrow(ProtocolDecodeError);
  });

  it('throws ProtocolDecodeError with the position when the input ends early', () => {
    const r = reader('0000 01');
    r.readInt16();
    const error = (() => {
      try {
        r.readInt32();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProtocolDecodeError);
    expect((error as ProtocolDecodeError).position).toBe(2);
    expect(() => reader('0005 6162').readString()).toThrow(ProtocolDecodeError);
  });

  it('reports trailing bytes', () => {
    expect(() => reader('0102').expectEnd()).toThrow(/2 unexpected trailing bytes/);
  });
});
