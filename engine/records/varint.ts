/**
 * Kafka's variable-length integers (the protobuf encoding): zigzag maps signed to unsigned
 * (0 → 0, -1 → 1, 1 → 2, ...), then 7 bits per byte, low bits first, the high bit set on every
 * byte but the last. A varint is an int32 (at most 5 bytes), a varlong an int64 (at most 10);
 * varlongs are kept as doubles: values within ±2^52 round-trip exactly, which covers every
 * timestamp delta and offset a log holds.
 *
 * Worked example: -300 → zigzag 599 = 0b100_1010111 → bytes 0xD7 0x04.
 */
import { CorruptRecordError } from './errors.js';

/** A cursor over a buffer for decoding records. */
export class ByteReader {
  constructor(
    readonly buffer: Buffer,
    public position = 0,
    readonly end = buffer.length,
  ) {}

  remaining(): number {
    return this.end - this.position;
  }
  need(bytes: number, what: string): void {
    if (this.position + bytes > this.end) {
      throw new CorruptRecordError(
        `${what} runs past the end of its data (${bytes} bytes needed, ${this.remaining()} left)`,
      );
    }
  }
  readInt8(): number {
    this.need(1, 'int8');
    return this.buffer.readInt8(this.position++);
  }
  readInt16(): number {
    this.need(2, 'int16');
    const v = this.buffer.readInt16BE(this.position);
    this.position += 2;
    return v;
  }
  readInt32(): number {
    this.need(4, 'int32');
    const v = this.buffer.readInt32BE(this.position);
    this.position += 4;
    return v;
  }
  readVarint(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      this.need(1, 'varint');
      const byte = this.buffer[this.position++] as number;
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return (result >>> 1) ^ -(result & 1);
      shift += 7;
    }
    throw new CorruptRecordError('varint longer than 5 bytes');
  }
  readVarlong(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      this.need(1, 'varlong');
      const byte = this.buffer[this.position++] as number;
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        if (result > 2 ** 53) throw new CorruptRecordError('varlong outside the safe integer range');
        return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
      }
      scale *= 128;
    }
    throw new CorruptRecordError('varlong longer than 10 bytes');
  }
  /** `length` bytes as a view of the same memory. */
  readBytes(length: number, what: string): Buffer {
    this.need(length, what);
    const bytes = this.buffer.subarray(this.position, this.position + length);
    this.position += length;
    return bytes;
  }
}

/** Bytes a varint takes. */
export function sizeOfVarint(value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  let bytes = 1;
  while (v >= 0x80) {
    v >>>= 7;
    bytes++;
  }
  return bytes;
}

function zigzag53(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

/** Bytes a varlong takes. */
export function sizeOfVarlong(value: number): number {
  let v = zigzag53(value);
  let bytes = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    bytes++;
  }
  return bytes;
}

/** Writes a varint at `pos`; returns the position after it. */
export function writeVarint(buf: Buffer, value: number, pos: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  while (v >= 0x80) {
    buf[pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[pos++] = v;
  return pos;
}

/** Writes a varlong (a safe integer) at `pos`; returns the position after it. */
export function writeVarlong(buf: Buffer, value: number, pos: number): number {
  let v = zigzag53(value);
  while (v >= 0x80) {
    buf[pos++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[pos++] = v;
  return pos;
}
