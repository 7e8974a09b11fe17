/**
 * Writes Kafka's primitive types (the encodings are listed in reader.ts), building a message as
 * a list of chunks so that a response is copied as little as possible:
 * - small fields go into a scratch buffer; a new scratch buffer is started when one is full,
 *   so bytes already written never move;
 * - a record set is not copied at all: the scratch bytes before it become one chunk and each
 *   record-set slice handed in becomes the next chunk, the very same Buffer object;
 * - `chunks()` hands the list to `socket.writev`/`cork`, `toBuffer()` concatenates once.
 *
 * `flexible` selects the compact encodings and tagged fields, as in Reader.
 * A 4-byte slot can be reserved and filled in later (the frame's size prefix).
 */
import { UUID_BYTES, uuidToBytes } from './uuid.js';

const MIN_SCRATCH = 256;
const TWO_32 = 2 ** 32;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;
const MAX_SCRATCH = 64 * 1024;

/** One tagged field: its tag and a function that writes its value. */
export type TaggedField = readonly [tag: number, write: (writer: Writer) => void];

/** A reserved 4-byte slot to fill once the value is known. */
export interface Int32Slot {
  set(value: number): void;
}

export class Writer {
  /** Compact strings, bytes and arrays, and tagged fields (set from the message version). */
  flexible = false;
  private readonly done: Buffer[] = [];
  private doneBytes = 0;
  private scratch: Buffer;
  /** Start of the bytes of `scratch` not yet moved to `done`. */
  private start = 0;
  private pos = 0;

  constructor(initialCapacity = MIN_SCRATCH) {
    this.scratch = Buffer.allocUnsafe(Math.max(initialCapacity, 16));
  }

  /** Bytes written so far. */
  get byteLength(): number {
    return this.doneBytes + this.pos - this.start;
  }

  /** The message as chunks, in order; record-set slices appear as the objects handed in. */
  chunks(): Buffer[] {
    this.seal();
    return this.done;
  }

  /** The message as one buffer (one copy, or none when it is a single chunk). */
  toBuffer(): Buffer {
    const chunks = this.chunks();
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.doneBytes);
  }

  writeInt8(value: number): this {
    this.room(1).writeInt8(value, this.pos);
    this.pos += 1;
    return this;
  }

  writeBoolean(value: boolean): this {
    return this.writeInt8(value ? 1 : 0);
  }

  writeInt16(value: number): this {
    this.room(2).writeInt16BE(value, this.pos);
    this.pos += 2;
    return this;
  }

  writeInt32(value: number): this {
    this.room(4).writeInt32BE(value, this.pos);
    this.pos += 4;
    return this;
  }

  writeUInt32(value: number): this {
    this.room(4).writeUInt32BE(value, this.pos);
    this.pos += 4;
    return this;
  }

  writeInt64(value: bigint): this {
    const buf = this.room(8);
    // Offsets and timestamps fit in a double: two int32 writes beat Buffer's bigint path by far.
    if (value >= MIN_SAFE && value <= MAX_SAFE) {
      const n = Number(value);
      const high = Math.floor(n / TWO_32);
      buf.writeInt32BE(high, this.pos);
      buf.writeUInt32BE(n - high * TWO_32, this.pos + 4);
    } else {
      buf.writeBigInt64BE(value, this.pos);
    }
    this.pos += 8;
    return this;
  }

  writeFloat64(value: number): this {
    this.room(8).writeDoubleBE(value, this.pos);
    this.pos += 8;
    return this;
  }

  writeUuid(uuid: string): this {
    uuidToBytes(uuid).copy(this.room(UUID_BYTES), this.pos);
    this.pos += UUID_BYTES;
    return this;
  }

  /** Reserves four bytes to be set later with the returned slot. */
  reserveInt32(): Int32Slot {
    const buf = this.room(4);
    const at = this.pos;
    this.pos += 4;
    return { set: (value: number) => void buf.writeInt32BE(value, at) };
  }

  writeUnsignedVarInt(value: number): this {
    if (value >= 0 && value < 0x80 && (value | 0) === value) {
      this.room(1)[this.pos++] = value;
      return this;
    }
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new RangeError(`unsigned varint out of range: ${value}`);
    }
    const buf = this.room(5);
    let v = value;
    while (v >= 0x80) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[this.pos++] = v;
    return this;
  }

  writeVarInt(value: number): this {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
      throw new RangeError(`varint out of range: ${value}`);
    }
    return this.writeUnsignedVarInt(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  writeVarLong(value: bigint): this {
    let v = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
    const buf = this.room(10);
    while (v >= 0x80n) {
      buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    buf[this.pos++] = Number(v);
    return this;
  }

  /** STRING, or COMPACT_STRING in flexible versions. */
  writeString(value: string): this {
    return this.writeNullableString(value);
  }

  /** NULLABLE_STRING, or COMPACT_NULLABLE_STRING in flexible versions. */
  writeNullableString(value: string | null): this {
    if (value === null) return this.flexible ? this.writeUnsignedVarInt(0) : this.writeInt16(-1);
    const length = Buffer.byteLength(value, 'utf8');
    if (this.flexible) this.writeUnsignedVarInt(length + 1);
    else {
      if (length > 0x7fff) throw new RangeError(`string of ${length} bytes is too long for an int16 length`);
      this.writeInt16(length);
    }
    this.room(length).write(value, this.pos, 'utf8');
    this.pos += length;
    return this;
  }

  /** BYTES, or COMPACT_BYTES in flexible versions (copied: use writeRecords for record sets). */
  writeBytes(value: Buffer): this {
    return this.writeNullableBytes(value);
  }

  writeNullableBytes(value: Buffer | null): this {
    if (value === null) return this.writeLength(-1);
    this.writeLength(value.length);
    value.copy(this.room(value.length), this.pos);
    this.pos += value.length;
    return this;
  }

  /**
   * A RECORDS field: a length, then the record-set slices as they are, without copying. A
   * list of slices (a fetch served from several segment reads) goes out as one record set.
   */
  writeRecords(records: Buffer | readonly Buffer[] | null): this {
    if (records === null) return this.writeLength(-1);
    const slices = Buffer.isBuffer(records) ? [records] : records;
    let length = 0;
    for (const slice of slices) length += slice.length;
    this.writeLength(length);
    this.seal();
    for (const slice of slices) {
      if (slice.length === 0) continue;
      this.done.push(slice);
      this.doneBytes += slice.length;
    }
    return this;
  }

  /** ARRAY, or COMPACT_ARRAY in flexible versions. */
  writeArray<T>(items: readonly T[], writeItem: (writer: Writer, item: T) => void): this {
    return this.writeNullableArray(items, writeItem);
  }

  writeNullableArray<T>(items: readonly T[] | null, writeItem: (writer: Writer, item: T) => void): this {
    if (items === null) return this.writeLength(-1);
    this.writeLength(items.length);
    for (const item of items) writeItem(this, item);
    return this;
  }

  writeInt32Array(items: readonly number[]): this {
    return this.writeArray(items, writeInt32);
  }

  writeStringArray(items: readonly string[]): this {
    return this.writeArray(items, writeString);
  }

  /**
   * The tagged fields that end a structure in flexible versions (nothing in other versions).
   * Entries that are null or false are absent; the others must come in rising tag order.
   */
  writeTaggedFields(fields?: readonly (TaggedField | null | false)[]): this {
    if (!this.flexible) return this;
    let count = 0;
    if (fields) for (const field of fields) if (field) count++;
    this.writeUnsignedVarInt(count);
    if (count === 0 || !fields) return this;
    let previousTag = -1;
    for (const field of fields) {
      if (!field) continue;
      const [tag, write] = field;
      if (tag <= previousTag) throw new RangeError(`tagged field ${tag} written after ${previousTag}`);
      previousTag = tag;
      const value = new Writer(64);
      value.flexible = true;
      write(value);
      const bytes = value.toBuffer();
      this.writeUnsignedVarInt(tag).writeUnsignedVarInt(bytes.length);
      bytes.copy(this.room(bytes.length), this.pos);
      this.pos += bytes.length;
    }
    return this;
  }

  /** A length or count: int32 (-1 null), or unsigned varint + 1 (0 null) in flexible versions. */
  private writeLength(length: number): this {
    return this.flexible ? this.writeUnsignedVarInt(length + 1) : this.writeInt32(length);
  }

  /** Moves the scratch bytes written so far to the chunk list. */
  private seal(): void {
    if (this.pos > this.start) {
      this.done.push(this.scratch.subarray(this.start, this.pos));
      this.doneBytes += this.pos - this.start;
      this.start = this.pos;
    }
  }

  /** The scratch buffer, with room for `bytes` more at `pos`. */
  private room(bytes: number): Buffer {
    if (this.pos + bytes > this.scratch.length) {
      this.seal();
      const size = Math.max(bytes, Math.min(MAX_SCRATCH, this.scratch.length * 2));
      this.scratch = Buffer.allocUnsafe(size);
      this.start = 0;
      this.pos = 0;
    }
    return this.scratch;
  }
}

const writeInt32 = (w: Writer, value: number): void => void w.writeInt32(value);
const writeString = (w: Writer, value: string): void => void w.writeString(value);
