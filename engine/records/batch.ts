/**
 * Kafka's RecordBatch v2 (magic 2), the unit of storage and of the wire, seen through its header.
 *
 * Layout (big-endian, byte offsets from the start of the batch):
 *
 *   0  baseOffset            int64   first offset of the batch (assigned by the leader)
 *   8  batchLength           int32   bytes after this field (so the batch is batchLength + 12 bytes)
 *  12  partitionLeaderEpoch  int32   epoch of the leader that appended it (stamped by the leader)
 *  16  magic                 int8    2
 *  17  crc                   uint32  CRC-32C of bytes 21..end (attributes to the last record)
 *  21  attributes            int16   bits 0-2 compression, 3 timestampType (1 = LogAppendTime),
 *                                    4 isTransactional, 5 isControl, 6 hasDeleteHorizonMs
 *  23  lastOffsetDelta       int32   lastOffset - baseOffset
 *  27  baseTimestamp         int64   first record's timestamp (or delete horizon when bit 6 is set)
 *  35  maxTimestamp          int64   largest record timestamp (LogAppendTime: the broker's time)
 *  43  producerId            int64   -1 when not idempotent
 *  51  producerEpoch         int16
 *  53  baseSequence          int32   sequence of the first record, -1 when not idempotent
 *  57  recordCount           int32
 *  61  records...                    possibly compressed as one block (see record.ts)
 *
 * The CRC does not cover baseOffset, batchLength or partitionLeaderEpoch: the leader patches the
 * first and last in place without recomputing it, which is what lets a produce request's bytes be
 * appended as they came. Changing anything from `attributes` on (LogAppendTime) needs a new CRC.
 *
 * Nothing here decodes records: a `BatchHeader` reads fields straight from the buffer on demand.
 */
import type { Offset } from '../types.js';
import { asOffset } from '../types.js';
import { crc32c } from './crc.js';
import { CorruptRecordError, UnsupportedCompressionError } from './errors.js';

export const BASE_OFFSET_OFFSET = 0;
export const BATCH_LENGTH_OFFSET = 8;
export const PARTITION_LEADER_EPOCH_OFFSET = 12;
export const MAGIC_OFFSET = 16;
export const CRC_OFFSET = 17;
export const ATTRIBUTES_OFFSET = 21;
export const LAST_OFFSET_DELTA_OFFSET = 23;
export const BASE_TIMESTAMP_OFFSET = 27;
export const MAX_TIMESTAMP_OFFSET = 35;
export const PRODUCER_ID_OFFSET = 43;
export const PRODUCER_EPOCH_OFFSET = 51;
export const BASE_SEQUENCE_OFFSET = 53;
export const RECORD_COUNT_OFFSET = 57;
export const RECORDS_OFFSET = 61;

/** baseOffset + batchLength: the bytes a batch has beyond its `batchLength`. */
export const LOG_OVERHEAD = 12;
/** Size of a batch with no records: the whole header. */
export const RECORD_BATCH_OVERHEAD = RECORDS_OFFSET;
export const CURRENT_MAGIC = 2;

export const NO_PRODUCER_ID = -1n;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
export const NO_PARTITION_LEADER_EPOCH = -1;
export const NO_TIMESTAMP = -1;

export const CompressionType = { NONE: 0, GZIP: 1, SNAPPY: 2, LZ4: 3, ZSTD: 4 } as const;
export type CompressionType = (typeof CompressionType)[keyof typeof CompressionType];

export const TimestampType = { CREATE_TIME: 0, LOG_APPEND_TIME: 1 } as const;
export type TimestampType = (typeof TimestampType)[keyof typeof TimestampType];

const COMPRESSION_MASK = 0x07;
const TIMESTAMP_TYPE_BIT = 0x08;
const TRANSACTIONAL_BIT = 0x10;
const CONTROL_BIT = 0x20;
const DELETE_HORIZON_BIT = 0x40;

/** Packs the attributes int16 of a batch. */
export function makeAttributes(a: {
  compression: CompressionType;
  timestampType: TimestampType;
  isTransactional: boolean;
  isControl: boolean;
  hasDeleteHorizon: boolean;
}): number {
  return (
    a.compression |
    (a.timestampType === TimestampType.LOG_APPEND_TIME ? TIMESTAMP_TYPE_BIT : 0) |
    (a.isTransactional ? TRANSACTIONAL_BIT : 0) |
    (a.isControl ? CONTROL_BIT : 0) |
    (a.hasDeleteHorizon ? DELETE_HORIZON_BIT : 0)
  );
}

/** Reads an int64 that is known to fit a double (timestamps, offsets) without a bigint. */
export function readInt53(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * 0x1_0000_0000 + buf.readUInt32BE(pos + 4);
}

/** Writes a safe integer as an int64. */
export function writeInt53(buf: Buffer, value: number, pos: number): void {
  const high = Math.floor(value / 0x1_0000_0000);
  buf.writeInt32BE(high, pos);
  buf.writeUInt32BE(value - high * 0x1_0000_0000, pos + 4);
}

/**
 * A zero-copy view of one batch's header at `position` in `buffer`. Cheap to create; fields are
 * read when asked. The view does not check that the batch is valid: `validateRecordSet` does.
 */
export class BatchHeader {
  constructor(
    readonly buffer: Buffer,
    readonly position: number,
  ) {}

  get baseOffset(): Offset {
    return asOffset(readInt53(this.buffer, this.position + BASE_OFFSET_OFFSET));
  }
  get batchLength(): number {
    return this.buffer.readInt32BE(this.position + BATCH_LENGTH_OFFSET);
  }
  /** The whole batch's size in bytes, header included. */
  get sizeInBytes(): number {
    return this.batchLength + LOG_OVERHEAD;
  }
  get partitionLeaderEpoch(): number {
    return this.buffer.readInt32BE(this.position + PARTITION_LEADER_EPOCH_OFFSET);
  }
  get magic(): number {
    return this.buffer.readInt8(this.position + MAGIC_OFFSET);
  }
  get crc(): number {
    return this.buffer.readUInt32BE(this.position + CRC_OFFSET);
  }
  get attributes(): number {
    return this.buffer.readInt16BE(this.position + ATTRIBUTES_OFFSET);
  }
  get compression(): number {
    return this.attributes & COMPRESSION_MASK;
  }
  get timestampType(): TimestampType {
    return this.attributes & TIMESTAMP_TYPE_BIT ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
  }
  get isTransactional(): boolean {
    return (this.attributes & TRANSACTIONAL_BIT) !== 0;
  }
  get isControl(): boolean {
    return (this.attributes & CONTROL_BIT) !== 0;
  }
  get hasDeleteHorizon(): boolean {
    return (this.attributes & DELETE_HORIZON_BIT) !== 0;
  }
  get lastOffsetDelta(): number {
    return this.buffer.readInt32BE(this.position + LAST_OFFSET_DELTA_OFFSET);
  }
  get lastOffset(): Offset {
    return asOffset(this.baseOffset + this.lastOffsetDelta);
  }
  /** The offset after this batch: where the next batch starts. */
  get nextOffset(): Offset {
    return asOffset(this.baseOffset + this.lastOffsetDelta + 1);
  }
  get baseTimestamp(): number {
    return readInt53(this.buffer, this.position + BASE_TIMESTAMP_OFFSET);
  }
  get maxTimestamp(): number {
    return readInt53(this.buffer, this.position + MAX_TIMESTAMP_OFFSET);
  }
  /** The delete horizon of a compacted batch that kept tombstones (bit 6), else -1. */
  get deleteHorizonMs(): number {
    return this.hasDeleteHorizon ? this.baseTimestamp : NO_TIMESTAMP;
  }
  get producerId(): bigint {
    return this.buffer.readBigInt64BE(this.position + PRODUCER_ID_OFFSET);
  }
  get hasProducerId(): boolean {
    return this.buffer.readInt32BE(this.position + PRODUCER_ID_OFFSET) >= 0;
  }
  get producerEpoch(): number {
    return this.buffer.readInt16BE(this.position + PRODUCER_EPOCH_OFFSET);
  }
  get baseSequence(): number {
    return this.buffer.readInt32BE(this.position + BASE_SEQUENCE_OFFSET);
  }
  /** Sequence of the last record; sequences wrap from 2^31-1 to 0 as in Kafka. */
  get lastSequence(): number {
    const base = this.baseSequence;
    if (base === NO_SEQUENCE) return NO_SEQUENCE;
    const last = base + this.lastOffsetDelta;
    return last > 0x7fff_ffff ? last - 0x8000_0000 : last;
  }
  get recordCount(): number {
    return this.buffer.readInt32BE(this.position + RECORD_COUNT_OFFSET);
  }

  /** The whole batch as a view of the same memory. */
  bytes(): Buffer {
    return this.buffer.subarray(this.position, this.position + this.sizeInBytes);
  }
  /** CRC-32C of what the stored CRC covers. */
  computeCrc(): number {
    return crc32c(this.buffer.subarray(this.position + ATTRIBUTES_OFFSET, this.position + this.sizeInBytes));
  }
  isValidCrc(): boolean {
    return this.computeCrc() === this.crc;
  }

  /** Sets the base offset in place (not covered by the CRC). */
  setBaseOffset(offset: Offset): void {
    writeInt53(this.buffer, offset, this.position + BASE_OFFSET_OFFSET);
  }
  /** Stamps the appending leader's epoch in place (not covered by the CRC). */
  setPartitionLeaderEpoch(epoch: number): void {
    this.buffer.writeInt32BE(epoch, this.position + PARTITION_LEADER_EPOCH_OFFSET);
  }
  /**
   * Turns the batch into a LogAppendTime batch stamped with `timestamp` (Kafka sets the
   * timestampType bit and maxTimestamp; records keep their deltas) and recomputes the CRC.
   */
  setLogAppendTime(timestamp: number): void {
    const attributes = this.attributes | TIMESTAMP_TYPE_BIT;
    this.buffer.writeInt16BE(attributes, this.position + ATTRIBUTES_OFFSET);
    writeInt53(this.buffer, timestamp, this.position + MAX_TIMESTAMP_OFFSET);
    this.buffer.writeUInt32BE(this.computeCrc(), this.position + CRC_OFFSET);
  }
}

/**
 * Walks the batches of a record set without checking anything but that each batch's declared
 * size fits the buffer. Stops at a trailing partial batch (a fetch response may end with one),
 * whose start `endOfBatches` reports.
 */
export function* batchesOf(records: Buffer, start = 0, end = records.length): Generator<BatchHeader> {
  let position = start;
  while (position + LOG_OVERHEAD <= end) {
    const size = records.readInt32BE(position + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
    if (size < RECORD_BATCH_OVERHEAD || position + size > end) return;
    yield new BatchHeader(records, position);
    position += size;
  }
}

/**
 * Checks one batch at `position` fully at the header level: its size fits `end`, magic is 2,
 * the CRC matches, the compression codec is known, the record count agrees with the offset
 * deltas (`contiguous`: producers write every offset, compacted batches may have gaps). Throws a
 * CorruptRecordError naming the cause, with `batchIndex` for the message.
 */
export function validateBatch(
  buffer: Buffer,
  position: number,
  end: number,
  batchIndex: number,
  contiguous: boolean,
): BatchHeader {
  const where = `batch ${batchIndex} at byte ${position}`;
  if (end - position < LOG_OVERHEAD) {
    throw new CorruptRecordError(
      `${where}: ${end - position} bytes left, less than a batch's length prefix`,
      batchIndex,
    );
  }
  const batchLength = buffer.readInt32BE(position + BATCH_LENGTH_OFFSET);
  const size = batchLength + LOG_OVERHEAD;
  if (size < RECORD_BATCH_OVERHEAD) {
    throw new CorruptRecordError(
      `${where}: batchLength ${batchLength} is smaller than a batch header (${RECORD_BATCH_OVERHEAD - LOG_OVERHEAD})`,
      batchIndex,
    );
  }
  if (position + size > end) {
    throw new CorruptRecordError(
      `${where}: batchLength ${batchLength} runs ${position + size - end} bytes past the end of the record set`,
      batchIndex,
    );
  }
  const header = new BatchHeader(buffer, position);
  if (header.magic !== CURRENT_MAGIC) {
    throw new CorruptRecordError(
      `${where}: magic ${header.magic}, only magic 2 (RecordBatch v2) is supported`,
      batchIndex,
    );
  }
  const computed = header.computeCrc();
  if (computed !== header.crc) {
    throw new CorruptRecordError(
      `${where}: CRC mismatch (stored 0x${header.crc.toString(16)}, computed 0x${computed.toString(16)})`,
      batchIndex,
    );
  }
  if (header.compression > CompressionType.ZSTD) {
    throw new UnsupportedCompressionError(`${where}: unknown compression codec ${header.compression}`);
  }
  const count = header.recordCount;
  const lastOffsetDelta = header.lastOffsetDelta;
  if (count < 0 || lastOffsetDelta < 0) {
    throw new CorruptRecordError(
      `${where}: negative record count ${count} or lastOffsetDelta ${lastOffsetDelta}`,
      batchIndex,
    );
  }
  if (contiguous ? count !== lastOffsetDelta + 1 : count > lastOffsetDelta + 1) {
    throw new CorruptRecordError(
      `${where}: record count ${count} does not match lastOffsetDelta ${lastOffsetDelta}`,
      batchIndex,
    );
  }
  // Every record takes at least 7 bytes (length, attributes, three deltas, key and value lengths,
  // header count); only an uncompressed batch's size can be checked against that.
  if (
    header.compression === CompressionType.NONE &&
    count * 7 > batchLength - (RECORDS_OFFSET - LOG_OVERHEAD)
  ) {
    throw new CorruptRecordError(`${where}: ${count} records cannot fit in ${size} bytes`, batchIndex);
  }
  return header;
}

/**
 * Validates every batch of a record set (see `validateBatch`) and returns their headers. A
 * record set must hold at least one batch and nothing after its last batch.
 */
export function validateRecordSet(records: Buffer, options: { contiguous: boolean }): BatchHeader[] {
  if (records.length === 0) throw new CorruptRecordError('the record set is empty');
  const headers: BatchHeader[] = [];
  let position = 0;
  while (position < records.length) {
    const header = validateBatch(records, position, records.length, headers.length, options.contiguous);
    headers.push(header);
    position += header.sizeInBytes;
  }
  return headers;
}
