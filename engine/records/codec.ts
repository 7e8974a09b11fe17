/**
 * Full encode and decode of RecordBatch v2 (layout in batch.ts, records in record.ts), for the
 * places that need records as objects: the console's produce and browse, compaction's rewritten
 * batches, timestamp lookups and tests. The broker's produce/fetch path never comes here.
 */
import type { CompressionType, TimestampType } from './batch.js';
import {
  BatchHeader,
  CompressionType as Codec,
  CURRENT_MAGIC,
  LOG_OVERHEAD,
  makeAttributes,
  NO_PARTITION_LEADER_EPOCH,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  RECORDS_OFFSET,
  TimestampType as TsType,
  validateBatch,
  writeInt53,
  ATTRIBUTES_OFFSET,
  CRC_OFFSET,
} from './batch.js';
import type { CompressionLevels } from './compression.js';
import { compress, decompress } from './compression.js';
import { crc32c } from './crc.js';
import { CorruptRecordError } from './errors.js';
import type { LogRecord, RecordHeader } from './record.js';
import { decodeRecord, encodeRecord } from './record.js';
import { ByteReader } from './varint.js';

export interface BatchRecordInput {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: readonly RecordHeader[];
  /** Defaults to the batch's `timestamp`. */
  readonly timestamp?: number;
  /** Defaults to the record's index; compacted batches keep their original deltas. */
  readonly offsetDelta?: number;
}

export interface BatchInput {
  readonly records: readonly BatchRecordInput[];
  readonly baseOffset?: number;
  readonly partitionLeaderEpoch?: number;
  readonly compression?: CompressionType;
  readonly compressionLevels?: CompressionLevels;
  readonly timestampType?: TimestampType;
  /** Timestamp of records that give none; defaults to now. */
  readonly timestamp?: number;
  /** With LogAppendTime: the broker's append time, stored as maxTimestamp. */
  readonly logAppendTime?: number;
  readonly isTransactional?: boolean;
  readonly isControl?: boolean;
  readonly producerId?: bigint;
  readonly producerEpoch?: number;
  readonly baseSequence?: number;
  /** Set by compaction on batches that keep tombstones: stored in baseTimestamp (bit 6). */
  readonly deleteHorizonMs?: number;
  /** Defaults to the last record's offset delta; compaction keeps the original batch's. */
  readonly lastOffsetDelta?: number;
}

export interface DecodedBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly partitionLeaderEpoch: number;
  readonly compression: number;
  readonly timestampType: TimestampType;
  readonly isTransactional: boolean;
  readonly isControl: boolean;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly baseTimestamp: number;
  readonly maxTimestamp: number;
  /** -1 unless the batch carries a delete horizon. */
  readonly deleteHorizonMs: number;
  readonly sizeInBytes: number;
  readonly records: readonly LogRecord[];
}

/** Encodes one batch; the CRC is computed, offsets are relative to `baseOffset`. */
export async function encodeBatch(input: BatchInput): Promise<Buffer> {
  const prepared = prepareBatch(input);
  const compression = input.compression ?? Codec.NONE;
  return assembleBatch(
    input,
    prepared,
    compression,
    await compress(compression, prepared.body, input.compressionLevels),
  );
}

/**
 * Encodes one uncompressed batch synchronously, for writers that must append in one step (the
 * cluster metadata log). Same layout as `encodeBatch` with compression none.
 */
export function encodeUncompressedBatch(
  input: Omit<BatchInput, 'compression' | 'compressionLevels'>,
): Buffer {
  const prepared = prepareBatch(input);
  return assembleBatch(input, prepared, Codec.NONE, prepared.body);
}

interface PreparedBatch {
  readonly body: Buffer;
  readonly baseTimestamp: number;
  readonly maxTimestamp: number;
  readonly timestampType: TimestampType;
  readonly lastOffsetDelta: number;
}

function prepareBatch(input: BatchInput): PreparedBatch {
  const now = input.timestamp ?? Date.now();
  const timestamps = input.records.map((r) => r.timestamp ?? now);
  const firstTimestamp = timestamps[0] ?? now;
  const baseTimestamp = input.deleteHorizonMs ?? firstTimestamp;
  const timestampType = input.timestampType ?? TsType.CREATE_TIME;
  const maxCreate = timestamps.reduce((max, t) => (t > max ? t : max), -1);
  const maxTimestamp = timestampType === TsType.LOG_APPEND_TIME ? (input.logAppendTime ?? now) : maxCreate;
  const encoded = input.records.map((r, i) =>
    encodeRecord({
      key: r.key,
      value: r.value,
      headers: r.headers ?? [],
      offsetDelta: r.offsetDelta ?? i,
      timestampDelta: (timestamps[i] as number) - baseTimestamp,
    }),
  );
  const lastRecord = input.records[input.records.length - 1];
  const lastOffsetDelta =
    input.lastOffsetDelta ?? (lastRecord ? (lastRecord.offsetDelta ?? input.records.length - 1) : 0);
  return { body: Buffer.concat(encoded), baseTimestamp, maxTimestamp, timestampType, lastOffsetDelta };
}

function assembleBatch(
  input: BatchInput,
  prepared: PreparedBatch,
  compression: CompressionType,
  body: Buffer,
): Buffer {
  const batch = Buffer.alloc(RECORDS_OFFSET + body.length);
  writeInt53(batch, input.baseOffset ?? 0, 0);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, 8);
  batch.writeInt32BE(input.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH, 12);
  batch.writeInt8(CURRENT_MAGIC, 16);
  batch.writeInt16BE(
    makeAttributes({
      compression,
      timestampType: prepared.timestampType,
      isTransactional: input.isTransactional ?? false,
      isControl: input.isControl ?? false,
      hasDeleteHorizon: input.deleteHorizonMs !== undefined,
    }),
    ATTRIBUTES_OFFSET,
  );
  batch.writeInt32BE(prepared.lastOffsetDelta, 23);
  writeInt53(batch, prepared.baseTimestamp, 27);
  writeInt53(batch, prepared.maxTimestamp, 35);
  batch.writeBigInt64BE(input.producerId ?? NO_PRODUCER_ID, 43);
  batch.writeInt16BE(input.producerEpoch ?? NO_PRODUCER_EPOCH, 51);
  batch.writeInt32BE(input.baseSequence ?? NO_SEQUENCE, 53);
  batch.writeInt32BE(input.records.length, 57);
  body.copy(batch, RECORDS_OFFSET);
  batch.writeUInt32BE(crc32c(batch.subarray(ATTRIBUTES_OFFSET)), CRC_OFFSET);
  return batch;
}

/** Decodes the records of a batch whose header was validated. */
export async function decodeBatchRecords(header: BatchHeader): Promise<LogRecord[]> {
  const end = header.position + header.sizeInBytes;
  const block = await decompress(
    header.compression,
    header.buffer.subarray(header.position + RECORDS_OFFSET, end),
  );
  return decodeRecordsBlock(header, block);
}

/** Decodes the records of a validated uncompressed batch synchronously (see encodeUncompressedBatch). */
export function decodeUncompressedBatchRecords(header: BatchHeader): LogRecord[] {
  if (header.compression !== Codec.NONE) {
    throw new CorruptRecordError(`expected an uncompressed batch, found codec ${header.compression}`);
  }
  return decodeRecordsBlock(
    header,
    header.buffer.subarray(header.position + RECORDS_OFFSET, header.position + header.sizeInBytes),
  );
}

function decodeRecordsBlock(header: BatchHeader, block: Buffer): LogRecord[] {
  const reader = new ByteReader(block);
  const baseOffset = header.baseOffset;
  const baseTimestamp = header.baseTimestamp;
  const logAppendTime = header.timestampType === TsType.LOG_APPEND_TIME ? header.maxTimestamp : -1;
  const count = header.recordCount;
  const records: LogRecord[] = [];
  for (let i = 0; i < count; i++) {
    if (reader.remaining() === 0) {
      throw new CorruptRecordError(
        `record count ${count} in the header, but the batch holds only ${i} records`,
      );
    }
    const record = decodeRecord(reader, baseOffset, baseTimestamp);
    records.push(logAppendTime >= 0 ? { ...record, timestamp: logAppendTime } : record);
  }
  if (reader.remaining() !== 0) {
    throw new CorruptRecordError(`${reader.remaining()} bytes left after the batch's ${count} records`);
  }
  return records;
}

function describe(header: BatchHeader, records: LogRecord[]): DecodedBatch {
  return {
    baseOffset: header.baseOffset,
    lastOffset: header.lastOffset,
    partitionLeaderEpoch: header.partitionLeaderEpoch,
    compression: header.compression,
    timestampType: header.timestampType,
    isTransactional: header.isTransactional,
    isControl: header.isControl,
    producerId: header.producerId,
    producerEpoch: header.producerEpoch,
    baseSequence: header.baseSequence,
    baseTimestamp: header.baseTimestamp,
    maxTimestamp: header.maxTimestamp,
    deleteHorizonMs: header.deleteHorizonMs,
    sizeInBytes: header.sizeInBytes,
    records,
  };
}

/** Validates and decodes every batch of a record set (a trailing partial batch is an error). */
export async function decodeRecordSet(buffer: Buffer): Promise<DecodedBatch[]> {
  const batches: DecodedBatch[] = [];
  let position = 0;
  while (position < buffer.length) {
    const header = validateBatch(buffer, position, buffer.length, batches.length, false);
    let records: LogRecord[];
    try {
      records = await decodeBatchRecords(header);
    } catch (error) {
      if (error instanceof CorruptRecordError) {
        throw new CorruptRecordError(
          `batch ${batches.length} at byte ${position}: ${error.message}`,
          batches.length,
        );
      }
      throw error;
    }
    batches.push(describe(header, records));
    position += header.sizeInBytes;
  }
  return batches;
}

/** Decodes one batch at `position` (validated first). */
export async function decodeBatch(buffer: Buffer, position = 0): Promise<DecodedBatch> {
  const header = validateBatch(buffer, position, buffer.length, 0, false);
  return describe(header, await decodeBatchRecords(header));
}
