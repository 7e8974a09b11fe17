/**
 * Reads Kafka's primitive types from one buffer (a request or response body), big-endian.
 *
 * Encodings (Kafka's protocol guide, "Protocol Primitive Types"):
 * - INT8/16/32/64, UINT32, FLOAT64: fixed width, big-endian; INT64 as bigint.
 * - VARINT/VARLONG: zigzag, then 7 bits per byte, low group first (at most 5 / 10 bytes).
 * - UNSIGNED_VARINT: the same without zigzag; compact lengths are stored as length + 1, so 0 is null.
 * - STRING: int16 length + UTF-8; null is length -1. COMPACT_STRING: unsigned varint length + 1.
 * - BYTES/RECORDS: int32 length; COMPACT_*: unsigned varint length + 1.
 * - ARRAY: int32 count (-1 null); COMPACT_ARRAY: unsigned varint count + 1 (0 null).
 * - TAGGED_FIELDS: unsigned varint count, then per field: tag, size, bytes (tags strictly rising).
 * - UUID: 16 bytes.
 *
 * `flexible` selects the compact encodings: it is set from the message version by each API
 * module (all strings, bytes and arrays of a flexible version are compact, and tagged fields
 * exist only there). The request header's client id is the one exception and is read before.
 *
 * Invariants: every read checks the bytes left first and throws ProtocolDecodeError, never a
 * RangeError; a count or length is checked against the bytes left before anything is allocated,
 * so a bogus count cannot make a huge array. Bytes and records come back as views of the input
 * buffer (no copy): they keep the frame alive for as long as they are held.
 */
import { ProtocolDecodeError } from './decode-error.js';
import { UUID_BYTES, uuidToString } from './uuid.js';

export class Reader {
  /** Compact strings, bytes and arrays, and tagged fields (set from the message version). */
  flexible = false;
  private pos: number;
  private readonly end: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    end = buf.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  get position(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws unless the whole input was read: trailing bytes mean a schema mismatch. */
  expectEnd(): void {
    if (this.pos !== this.end) this.fail(`${this.end - this.pos} unexpected trailing bytes`);
  }

  readInt8(): number {
    this.need(1);
    return this.buf.readInt8(this.pos++);
  }

  readBoolean(): boolean {
    return this.readInt8() !== 0;
  }

  readInt16(): number {
    this.need(2);
    const value = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return value;
  }

  readInt32(): number {
    this.need(4);
    const value = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return value;
  }

  readUInt32(): number {
    this.need(4);
    const value = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return value;
  }

  readInt64(): bigint {
    this.need(8);
    const high = this.buf.readInt32BE(this.pos);
    const low = this.buf.readUInt32BE(this.pos + 4);
    this.pos += 8;
    // Within ±2^53 (every offset and timestamp) one exact double and one BigInt do it.
    if (high >= -0x200000 && high < 0x200000) return BigInt(high * 2 ** 32 + low);
    return (BigInt(high) << 32n) | BigInt(low);
  }

  readFloat64(): number {
    this.need(8);
    const value = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return value;
  }

  readUuid(): string {
    this.need(UUID_BYTES);
    const value = uuidToString(this.buf.subarray(this.pos, this.pos + UUID_BYTES));
    this.pos += UUID_BYTES;
    return value;
  }

  /** An unsigned 32-bit varint (at most 5 bytes). */
  readUnsignedVarInt(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.need(1);
      const byte = this.buf[this.pos++]!;
      if (shift === 28 && byte > 0x0f) this.fail('unsigned varint does not fit in 32 bits');
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    return this.fail('unsigned varint longer than 5 bytes');
  }

  /** A zigzag-encoded signed 32-bit varint. */
  readVarInt(): number {
    const raw = this.readUnsignedVarInt();
    // Zigzag: 0 → 0, 1 → -1, 2 → 1, 3 → -2, ...
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  /** A zigzag-encoded signed 64-bit varint (at most 10 bytes). */
  readVarLong(): bigint {
    let raw = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      this.need(1);
      const byte = this.buf[this.pos++]!;
      if (shift === 63n && byte > 0x01) this.fail('varlong does not fit in 64 bits');
      raw |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return (raw >> 1n) ^ -(raw & 1n);
    }
    return this.fail('varlong longer than 10 bytes');
  }

  /** A string that may not be null: STRING, or COMPACT_STRING in flexible versions. */
  readString(): string {
    const value = this.readNullableString();
    if (value === null) this.fail('null in a non-nullable string');
    return value;
  }

  /** NULLABLE_STRING, or COMPACT_NULLABLE_STRING in flexible versions. */
  readNullableString(): string | null {
    const length = this.flexible ? this.readUnsignedVarInt() - 1 : this.readInt16();
    if (length < -1) this.fail(`invalid string length ${length}`);
    if (length === -1) return null;
    this.need(length);
    const value = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return value;
  }

  /** BYTES, or COMPACT_BYTES in flexible versions, as a view of the input. */
  readBytes(): Buffer {
    const value = this.readNullableBytes();
    if (value === null) this.fail('null in non-nullable bytes');
    return value;
  }

  /** NULLABLE_BYTES, or COMPACT_NULLABLE_BYTES in flexible versions, as a view of the input. */
  readNullableBytes(): Buffer | null {
    const length = this.flexible ? this.readUnsignedVarInt() - 1 : this.readInt32();
    if (length < -1) this.fail(`invalid bytes length ${length}`);
    if (length === -1) return null;
    this.need(length);
    const value = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return value;
  }

  /**
   * A RECORDS field (a record set: zero or more RecordBatches), kept as a view of the input and
   * never decoded here. Same encoding as NULLABLE_BYTES.
   */
  readRecords(): Buffer | null {
    return this.readNullableBytes();
  }

  /** ARRAY, or COMPACT_ARRAY in flexible versions; null is refused. */
  readArray<T>(readItem: (reader: Reader) => T): T[] {
    const value = this.readNullableArray(readItem);
    if (value === null) this.fail('null in a non-nullable array');
    return value;
  }

  readNullableArray<T>(readItem: (reader: Reader) => T): T[] | null {
    const count = this.flexible ? this.readUnsignedVarInt() - 1 : this.readInt32();
    if (count < -1) this.fail(`invalid array length ${count}`);
    if (count === -1) return null;
    // Every element takes at least one byte: a larger count is a lie, refuse it before allocating.
    if (count > this.remaining) this.fail(`array of ${count} elements in ${this.remaining} bytes`);
    const items = new Array<T>(count);
    for (let i = 0; i < count; i++) items[i] = readItem(this);
    return items;
  }

  /** An array of INT32 (broker ids, partition indexes). */
  readInt32Array(): number[] {
    return this.readArray(readInt32);
  }

  /** An array of strings (topic names, group ids). */
  readStringArray(): string[] {
    return this.readArray(readString);
  }

  /**
   * The tagged fields that end every structure of a flexible version (nothing in other
   * versions). `onField` is called for each field with a reader limited to that field's bytes;
   * fields it does not read (unknown tags) are skipped, as Kafka skips tags it does not know.
   */
  readTaggedFields(onField?: (tag: number, field: Reader) => void): void {
    if (!this.flexible) return;
    const count = this.readUnsignedVarInt();
    if (count > this.remaining) this.fail(`${count} tagged fields in ${this.remaining} bytes`);
    let previousTag = -1;
    for (let i = 0; i < count; i++) {
      const tag = this.readUnsignedVarInt();
      if (tag <= previousTag) this.fail(`tagged field ${tag} out of order after ${previousTag}`);
      previousTag = tag;
      const size = this.readUnsignedVarInt();
      this.need(size);
      if (onField) {
        const field = new Reader(this.buf, this.pos, this.pos + size);
        field.flexible = true;
        onField(tag, field);
      }
      this.pos += size;
    }
  }

  /** Throws a ProtocolDecodeError at the current position. */
  fail(message: string): never {
    throw new ProtocolDecodeError(message, this.pos);
  }

  private need(bytes: number): void {
    if (bytes > this.end - this.pos) {
      this.fail(`needs ${bytes} bytes, ${this.end - this.pos} left`);
    }
  }
}

const readInt32 = (r: Reader): number => r.readInt32();
const readString = (r: Reader): string => r.readString();
