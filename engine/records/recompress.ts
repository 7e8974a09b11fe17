/**
 * A topic's `compression.type` applied to a producer's record set (Kafka's LogValidator
 * recompression): with `producer` the batches stay as they came; with a codec (or
 * `uncompressed`), every data batch in another codec is decoded and encoded again in the
 * topic's codec, keeping its offsets, timestamps, producer id, epoch, sequence and
 * transactional bit. Control batches are never compressed.
 *
 * This is the one produce-path step that decodes records, as in Kafka; it is async (zstd), so
 * the caller runs it before `PartitionLog.appendAsLeader`, which then validates the result.
 */
import type { CompressionType } from './batch.js';
import type { BatchHeader } from './batch.js';
import { validateRecordSet } from './batch.js';
import { decodeBatchRecords, encodeBatch } from './codec.js';
import type { CompressionLevels } from './compression.js';
import { compressionTypeByName } from './compression.js';

/** The codec a topic's compression.type asks for, or undefined for `producer`. */
export function targetCodec(compressionType: string): CompressionType | undefined {
  return compressionType === 'producer' ? undefined : compressionTypeByName(compressionType);
}

async function reencode(
  header: BatchHeader,
  codec: CompressionType,
  levels: CompressionLevels,
): Promise<Buffer> {
  const records = await decodeBatchRecords(header);
  return encodeBatch({
    records: records.map((r) => ({
      key: r.key,
      value: r.value,
      headers: r.headers,
      timestamp: r.timestamp,
      offsetDelta: r.offset - header.baseOffset,
    })),
    baseOffset: header.baseOffset,
    partitionLeaderEpoch: header.partitionLeaderEpoch,
    compression: codec,
    compressionLevels: levels,
    timestampType: header.timestampType,
    timestamp: header.baseTimestamp,
    logAppendTime: header.maxTimestamp,
    isTransactional: header.isTransactional,
    producerId: header.producerId,
    producerEpoch: header.producerEpoch,
    baseSequence: header.baseSequence,
    lastOffsetDelta: header.lastOffsetDelta,
  });
}

/**
 * Returns `records` itself when every batch already uses the topic's codec (the common case:
 * no copy), else a new record set with the other batches recompressed. Throws for corrupt
 * batches as validateRecordSet does.
 */
export async function applyTopicCompression(
  records: Buffer,
  compressionType: string,
  levels: CompressionLevels = {},
): Promise<Buffer> {
  const codec = targetCodec(compressionType);
  if (codec === undefined) return records;
  const headers = validateRecordSet(records, { contiguous: false });
  if (headers.every((h) => h.isControl || h.compression === codec)) return records;
  const parts: Buffer[] = [];
  for (const header of headers) {
    parts.push(
      header.isControl || header.compression === codec
        ? header.bytes()
        : await reencode(header, codec, levels),
    );
  }
  return Buffer.concat(parts);
}

/** The compression levels a topic config sets, for `applyTopicCompression`. */
export function levelsOf(config: {
  readonly compressionGzipLevel: number;
  readonly compressionZstdLevel: number;
}): CompressionLevels {
  return { gzip: config.compressionGzipLevel, zstd: config.compressionZstdLevel };
}
