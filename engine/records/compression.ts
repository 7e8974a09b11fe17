/**
 * The codecs of a batch's records block (attributes bits 0-2): none, gzip (node's zlib),
 * snappy, lz4 (the standard LZ4 frame format, as Kafka writes since magic 1) and zstd.
 *
 * Snappy comes in two shapes: the Java client wraps it in xerial's snappy-java framing
 * (an 8-byte magic "\x82SNAPPY\0", two int32 versions, then blocks of int32 length + raw snappy);
 * librdkafka writes a raw snappy block. Both clients read both, so decode accepts both and
 * encode writes the xerial framing, like the Java client.
 *
 * Compression is only used off the hot path (console produce, compaction, timestamp lookups),
 * so every call is async: zstd has no synchronous binding here.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { compress as zstdCompress, decompress as zstdDecompress } from '@mongodb-js/zstd';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { compressSync as snappyCompress, uncompressSync as snappyUncompress } from 'snappy';
import { CompressionType } from './batch.js';
import { CorruptRecordError, UnsupportedCompressionError } from './errors.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = 16;
/** xerial's default block size: input is cut into blocks of this many bytes before compression. */
const XERIAL_BLOCK_SIZE = 32 * 1024;

function isXerial(data: Buffer): boolean {
  return data.length >= XERIAL_HEADER_SIZE && data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC);
}

function snappyUncompressBlock(block: Buffer): Buffer {
  return snappyUncompress(block, { asBuffer: true }) as Buffer;
}

function decodeXerial(data: Buffer): Buffer {
  const blocks: Buffer[] = [];
  let pos = XERIAL_HEADER_SIZE;
  while (pos < data.length) {
    if (pos + 4 > data.length) throw new CorruptRecordError('snappy (xerial) block length is truncated');
    const length = data.readInt32BE(pos);
    pos += 4;
    if (length < 0 || pos + length > data.length) {
      throw new CorruptRecordError(`snappy (xerial) block of ${length} bytes runs past the end of the batch`);
    }
    blocks.push(snappyUncompressBlock(data.subarray(pos, pos + length)));
    pos += length;
  }
  return Buffer.concat(blocks);
}

function encodeXerial(data: Buffer): Buffer {
  const parts: Buffer[] = [XERIAL_MAGIC, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])];
  for (let pos = 0; pos < data.length; pos += XERIAL_BLOCK_SIZE) {
    const block = snappyCompress(data.subarray(pos, pos + XERIAL_BLOCK_SIZE));
    const length = Buffer.allocUnsafe(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

/** Levels of compression.gzip.level and compression.zstd.level; lz4 (lz4_flex) has one speed. */
export interface CompressionLevels {
  readonly gzip?: number;
  readonly zstd?: number;
}

export async function compress(type: number, data: Buffer, levels: CompressionLevels = {}): Promise<Buffer> {
  switch (type) {
    case CompressionType.NONE:
      return data;
    case CompressionType.GZIP:
      return gzipAsync(data, levels.gzip !== undefined && levels.gzip >= 0 ? { level: levels.gzip } : {});
    case CompressionType.SNAPPY:
      return encodeXerial(data);
    case CompressionType.LZ4:
      return compressFrameSync(data);
    case CompressionType.ZSTD:
      return zstdCompress(data, levels.zstd ?? 3);
    default:
      throw new UnsupportedCompressionError(`unknown compression codec ${type}`);
  }
}

export async function decompress(type: number, data: Buffer): Promise<Buffer> {
  try {
    switch (type) {
      case CompressionType.NONE:
        return data;
      case CompressionType.GZIP:
        return await gunzipAsync(data);
      case CompressionType.SNAPPY:
        return isXerial(data) ? decodeXerial(data) : snappyUncompressBlock(data);
      case CompressionType.LZ4:
        return decompressFrameSync(data);
      case CompressionType.ZSTD:
        return await zstdDecompress(data);
    }
  } catch (error) {
    if (error instanceof CorruptRecordError) throw error;
    throw new CorruptRecordError(
      `cannot decompress ${compressionName(type)} records: ${(error as Error).message}`,
    );
  }
  throw new UnsupportedCompressionError(`unknown compression codec ${type}`);
}

const names = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export function compressionName(type: number): string {
  return names[type] ?? `codec ${type}`;
}

/** Maps a `compression.type` name (topic config or producer setting) to the codec id. */
export function compressionTypeByName(name: string): CompressionType {
  const index = name === 'uncompressed' ? 0 : names.indexOf(name);
  if (index < 0) throw new UnsupportedCompressionError(`unknown compression type ${name}`);
  return index as CompressionType;
}
