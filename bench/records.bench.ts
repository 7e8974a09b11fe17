/**
 * RecordBatch v2 benchmarks (`npm run bench records`): what the produce path pays per batch
 * (header validation with CRC-32C), and what the console and compaction pay to encode and decode
 * records with each codec. 100 records of 100 bytes per batch, values half repetitive so the
 * codecs have something to do. Figures only; there is no goal beyond the log's.
 */
import { CompressionType, validateRecordSet } from '../engine/records/batch.js';
import { decodeRecordSet, encodeBatch } from '../engine/records/codec.js';
import { compressionName } from '../engine/records/compression.js';
import { crc32c } from '../engine/records/crc.js';

const MB = 1024 * 1024;

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function report(name: string, figure: string): void {
  console.log(`${name.padEnd(44)} ${figure.padStart(24)}`);
}

const records = Array.from({ length: 100 }, (_, i) => ({
  key: Buffer.from(`key-${i}`),
  value: Buffer.concat([Buffer.alloc(50, i), Buffer.from(Math.random().toString(36).repeat(3).slice(0, 50))]),
}));

async function main(): Promise<void> {
  const big = Buffer.alloc(64 * MB, 7);
  let start = process.hrtime.bigint();
  for (let i = 0; i < 8; i++) crc32c(big);
  report('CRC-32C over 64 MiB buffers', `${((8 * 64) / seconds(start)).toFixed(0)} MB/s`);
  const small = Buffer.alloc(MB, 7);
  start = process.hrtime.bigint();
  for (let i = 0; i < 512; i++) crc32c(small);
  report('CRC-32C over 1 MiB buffers', `${(512 / seconds(start)).toFixed(0)} MB/s`);

  const plain = await encodeBatch({ records, timestamp: 1_700_000_000_000 });
  const set = Buffer.concat(Array.from({ length: 100 }, () => plain));
  start = process.hrtime.bigint();
  for (let i = 0; i < 200; i++) validateRecordSet(set, { contiguous: true });
  const validateSeconds = seconds(start);
  report(
    'validate batches (header + CRC), 11 KB each',
    `${((200 * set.length) / validateSeconds / MB).toFixed(0)} MB/s ${((200 * 100) / validateSeconds / 1e3).toFixed(0)} k batch/s`,
  );

  for (const codec of [
    CompressionType.NONE,
    CompressionType.GZIP,
    CompressionType.SNAPPY,
    CompressionType.LZ4,
    CompressionType.ZSTD,
  ]) {
    const rounds = 300;
    start = process.hrtime.bigint();
    let encoded = plain;
    for (let i = 0; i < rounds; i++)
      encoded = await encodeBatch({ records, compression: codec, timestamp: 1 });
    const encodeRate = (rounds * 100) / seconds(start);
    start = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) await decodeRecordSet(encoded);
    const decodeRate = (rounds * 100) / seconds(start);
    report(
      `${compressionName(codec)} (${encoded.length} B per batch)`,
      `encode ${(encodeRate / 1e3).toFixed(0)} k rec/s, decode ${(decodeRate / 1e3).toFixed(0)} k rec/s`,
    );
  }
}

await main();
