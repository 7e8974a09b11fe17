/**
 * Records as the console API shows them (MessageRecord): keys, values and header values in the
 * exact encoding of host/api/bytes.ts (UTF-8 text when valid, base64 otherwise), keys and values
 * cut to `maxValueBytes` with `truncated` set and their full sizes kept, and what the record's
 * batch says about it (compression, timestamp type, transactional, leader epoch).
 */
import type { BatchHeader } from '../../engine/records/batch.js';
import { CompressionType, TimestampType } from '../../engine/records/batch.js';
import type { LogRecord } from '../../engine/records/record.js';
import { encodeBytes } from '../api/bytes.js';
import type { RecordInput } from '../worker/implementation.js';
import type { BatchMark } from './txn-marks.js';

export type CompressionName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

const compressionNames: Record<number, CompressionName> = {
  [CompressionType.NONE]: 'none',
  [CompressionType.GZIP]: 'gzip',
  [CompressionType.SNAPPY]: 'snappy',
  [CompressionType.LZ4]: 'lz4',
  [CompressionType.ZSTD]: 'zstd',
};

export const compressionTypes: Record<CompressionName, CompressionType> = {
  none: CompressionType.NONE,
  gzip: CompressionType.GZIP,
  snappy: CompressionType.SNAPPY,
  lz4: CompressionType.LZ4,
  zstd: CompressionType.ZSTD,
};

/** What a record's batch tells about it. */
export interface BatchInfo {
  readonly compression: number;
  readonly timestampType: TimestampType;
  readonly isTransactional: boolean;
  readonly partitionLeaderEpoch: number;
}

export function batchInfo(batch: BatchHeader): BatchInfo {
  return {
    compression: batch.compression,
    timestampType: batch.timestampType,
    isTransactional: batch.isTransactional,
    partitionLeaderEpoch: batch.partitionLeaderEpoch,
  };
}

/**
 * The first `max` bytes, moved back to a UTF-8 character boundary so that cut text stays text
 * (a continuation byte is 10xxxxxx; at most 3 of them follow a character's first byte).
 */
function cut(bytes: Buffer, max: number): Buffer {
  if (bytes.length <= max) return bytes;
  let end = max;
  for (let back = 0; back < 3 && end > 0 && (bytes[end]! & 0xc0) === 0x80; back++) end--;
  return bytes.subarray(0, end);
}

/** A record in the API's shape; `maxValueBytes` Infinity keeps it whole. */
export function toMessageRecord(
  partition: number,
  record: LogRecord,
  batch: BatchInfo,
  maxValueBytes: number,
  mark: BatchMark | null = null,
): RecordInput {
  const keySize = record.key?.length ?? 0;
  const valueSize = record.value?.length ?? 0;
  return {
    partition,
    offset: record.offset,
    timestamp: record.timestamp,
    timestampType: batch.timestampType === TimestampType.LOG_APPEND_TIME ? 'log-append-time' : 'create-time',
    key: record.key === null ? null : encodeBytes(cut(record.key, maxValueBytes)),
    value: record.value === null ? null : encodeBytes(cut(record.value, maxValueBytes)),
    headers: record.headers.map((h) => ({
      key: h.key,
      value: h.value === null ? null : encodeBytes(h.value),
    })),
    keySize,
    valueSize,
    truncated: keySize > maxValueBytes || valueSize > maxValueBytes,
    compression: compressionNames[batch.compression] ?? 'none',
    transactional: batch.isTransactional,
    leaderEpoch: batch.partitionLeaderEpoch,
    ...(mark?.kind === 'data' ? { transaction: { producerId: mark.producerId, state: mark.state } } : {}),
    ...(mark?.kind === 'control'
      ? { control: { type: mark.type, producerId: mark.producerId, coordinatorEpoch: mark.coordinatorEpoch } }
      : {}),
  };
}
