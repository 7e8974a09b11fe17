/**
 * One record inside a RecordBatch v2 (after decompression of the records block):
 *
 *   length          varint   bytes after this field
 *   attributes      int8     unused, 0
 *   timestampDelta  varlong  timestamp - batch.baseTimestamp
 *   offsetDelta     varint   offset - batch.baseOffset
 *   keyLength       varint   -1 for a null key
 *   key             bytes
 *   valueLength     varint   -1 for a null value (a tombstone)
 *   value           bytes
 *   headerCount     varint
 *   headers         [keyLength varint, key utf-8, valueLength varint (-1 null), value]
 *
 * Decoded keys, values and header values are views of the (decompressed) batch memory.
 */
import { CorruptRecordError } from './errors.js';
import type { ByteReader } from './varint.js';
import { sizeOfVarint, sizeOfVarlong, writeVarint, writeVarlong } from './varint.js';

export interface RecordHeader {
  readonly key: string;
  readonly value: Buffer | null;
}

/** A record as the console, compaction and tests see it: absolute offset and timestamp. */
export interface LogRecord {
  readonly offset: number;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RecordHeader[];
}

/** A record to encode; deltas are computed by the batch encoder. */
export interface RecordInput {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: readonly RecordHeader[];
  readonly offsetDelta: number;
  readonly timestampDelta: number;
}

function headerKeyBytes(headers: readonly RecordHeader[]): Buffer[] {
  return headers.map((h) => Buffer.from(h.key, 'utf8'));
}

function bodySize(record: RecordInput, headerKeys: readonly Buffer[]): number {
  let size = 1 + sizeOfVarlong(record.timestampDelta) + sizeOfVarint(record.offsetDelta);
  size += record.key ? sizeOfVarint(record.key.length) + record.key.length : 1;
  size += record.value ? sizeOfVarint(record.value.length) + record.value.length : 1;
  const headers = record.headers ?? [];
  size += sizeOfVarint(headers.length);
  headers.forEach((h, i) => {
    const key = headerKeys[i] as Buffer;
    size += sizeOfVarint(key.length) + key.length;
    size += h.value ? sizeOfVarint(h.value.length) + h.value.length : 1;
  });
  return size;
}

/** Encodes a record (length prefix included) into a new buffer. */
export function encodeRecord(record: RecordInput): Buffer {
  const headerKeys = headerKeyBytes(record.headers ?? []);
  const body = bodySize(record, headerKeys);
  const buf = Buffer.allocUnsafe(sizeOfVarint(body) + body);
  let pos = writeVarint(buf, body, 0);
  buf[pos++] = 0;
  pos = writeVarlong(buf, record.timestampDelta, pos);
  pos = writeVarint(buf, record.offsetDelta, pos);
  pos = writeNullableBytes(buf, record.key, pos);
  pos = writeNullableBytes(buf, record.value, pos);
  const headers = record.headers ?? [];
  pos = writeVarint(buf, headers.length, pos);
  headers.forEach((h, i) => {
    pos = writeNullableBytes(buf, headerKeys[i] as Buffer, pos);
    pos = writeNullableBytes(buf, h.value, pos);
  });
  return buf;
}

function writeNullableBytes(buf: Buffer, bytes: Buffer | null, pos: number): number {
  if (bytes === null) return writeVarint(buf, -1, pos);
  pos = writeVarint(buf, bytes.length, pos);
  bytes.copy(buf, pos);
  return pos + bytes.length;
}

function readNullableBytes(reader: ByteReader, what: string): Buffer | null {
  const length = reader.readVarint();
  if (length < -1) throw new CorruptRecordError(`${what} has negative length ${length}`);
  return length === -1 ? null : reader.readBytes(length, what);
}

/** Decodes the record at the reader's position, given its batch's base offset and timestamp. */
export function decodeRecord(reader: ByteReader, baseOffset: number, baseTimestamp: number): LogRecord {
  const length = reader.readVarint();
  if (length < 0 || length > reader.remaining()) {
    throw new CorruptRecordError(
      `record length ${length} runs past the end of the batch (${reader.remaining()} left)`,
    );
  }
  const end = reader.position + length;
  reader.readInt8();
  const timestampDelta = reader.readVarlong();
  const offsetDelta = reader.readVarint();
  const key = readNullableBytes(reader, 'record key');
  const value = readNullableBytes(reader, 'record value');
  const headerCount = reader.readVarint();
  if (headerCount < 0 || headerCount > end - reader.position) {
    throw new CorruptRecordError(`record has an impossible header count ${headerCount}`);
  }
  const headers: RecordHeader[] = [];
  for (let i = 0; i < headerCount; i++) {
    const headerKey = readNullableBytes(reader, 'header key');
    if (headerKey === null) throw new CorruptRecordError('header key is null');
    headers.push({ key: headerKey.toString('utf8'), value: readNullableBytes(reader, 'header value') });
  }
  if (reader.position !== end) {
    throw new CorruptRecordError(
      `record length ${length} disagrees with its fields (${reader.position - end} bytes off)`,
    );
  }
  return { offset: baseOffset + offsetDelta, timestamp: baseTimestamp + timestampDelta, key, value, headers };
}
