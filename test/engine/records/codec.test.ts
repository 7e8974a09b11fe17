import { createRequire } from 'node:module';
import fc from 'fast-check';
import { compressSync as rawSnappy } from 'snappy';
import { describe, expect, it } from 'vitest';
import { BatchHeader, CompressionType, TimestampType } from '../../../engine/records/batch.js';
import type { BatchInput } from '../../../engine/records/codec.js';
import { decodeBatch, decodeRecordSet, encodeBatch } from '../../../engine/records/codec.js';
import { compress, decompress } from '../../../engine/records/compression.js';
import {
  ControlRecordType,
  decodeEndTxnMarker,
  encodeControlKey,
  encodeEndTxnValue,
} from '../../../engine/records/control.js';
import { CorruptRecordError } from '../../../engine/records/errors.js';

const require = createRequire(import.meta.url);

const codecs = [
  CompressionType.NONE,
  CompressionType.GZIP,
  CompressionType.SNAPPY,
  CompressionType.LZ4,
  CompressionType.ZSTD,
] as const;

const bytes = fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a));
const header = fc.record({ key: fc.string({ maxLength: 12 }), value: fc.option(bytes, { nil: null }) });
const record = fc.record({
  key: fc.option(bytes, { nil: null }),
  value: fc.option(bytes, { nil: null }),
  headers: fc.array(header, { maxLength: 3 }),
  timestamp: fc.integer({ min: 0, max: 2 ** 42 }),
});
const batchInput = fc.record({
  records: fc.array(record, { minLength: 1, maxLength: 20 }),
  baseOffset: fc.integer({ min: 0, max: 2 ** 40 }),
  partitionLeaderEpoch: fc.integer({ min: -1, max: 1000 }),
  compression: fc.constantFrom(...codecs),
  isTransactional: fc.boolean(),
  producerId: fc.bigInt({ min: -1n, max: 2n ** 40n }),
  producerEpoch: fc.integer({ min: -1, max: 32767 }),
  baseSequence: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
});

describe('RecordBatch encode/decode', () => {
  it('round-trips random batches through every codec', async () => {
    await fc.assert(
      fc.asyncProperty(batchInput, async (input: BatchInput) => {
        const encoded = await encodeBatch(input);
        const header = new BatchHeader(encoded, 0);
        expect(header.isValidCrc()).toBe(true);
        const [decoded] = await decodeRecordSet(encoded);
        expect(decoded?.baseOffset).toBe(input.baseOffset);
        expect(decoded?.compression).toBe(input.compression);
        expect(decoded?.producerId).toBe(input.producerId);
        expect(decoded?.maxTimestamp).toBe(Math.max(...input.records.map((r) => r.timestamp ?? 0)));
        expect(decoded?.records).toEqual(
          input.records.map((r, i) => ({
            offset: (input.baseOffset ?? 0) + i,
            timestamp: r.timestamp,
            key: r.key,
            value: r.value,
            headers: r.headers,
          })),
        );
      }),
      { seed: 11, numRuns: 150 },
    );
  });

  it('keeps offset deltas with gaps, as compaction writes them', async () => {
    const encoded = await encodeBatch({
      baseOffset: 100,
      records: [
        { key: Buffer.from('a'), value: Buffer.from('1'), offsetDelta: 3 },
        { key: Buffer.from('b'), value: null, offsetDelta: 9 },
      ],
      lastOffsetDelta: 12,
      timestamp: 5,
    });
    const decoded = await decodeBatch(encoded);
    expect(decoded.lastOffset).toBe(112);
    expect(decoded.records.map((r) => r.offset)).toEqual([103, 109]);
  });

  it('gives every record the batch time under LogAppendTime', async () => {
    const encoded = await encodeBatch({
      records: [{ key: null, value: Buffer.from('x'), timestamp: 10 }],
      timestampType: TimestampType.LOG_APPEND_TIME,
      logAppendTime: 99,
    });
    const decoded = await decodeBatch(encoded);
    expect(decoded.timestampType).toBe(TimestampType.LOG_APPEND_TIME);
    expect(decoded.records[0]?.timestamp).toBe(99);
  });

  it('refuses a record count larger than the records present', async () => {
    const encoded = await encodeBatch({ records: [{ key: null, value: Buffer.alloc(100) }], timestamp: 1 });
    encoded.writeInt32BE(2, 57);
    encoded.writeInt32BE(1, 23);
    const header = new BatchHeader(encoded, 0);
    encoded.writeUInt32BE(header.computeCrc(), 17);
    await expect(decodeRecordSet(encoded)).rejects.toThrow(
      /record count 2 in the header, but the batch holds only 1/,
    );
  });
});

describe('interoperability with the kafkajs client', () => {
  const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
    RecordBatch: (args: Record<string, unknown>) => Promise<{ buffer: Buffer }>;
  };
  const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (
    args: Record<string, unknown>,
  ) => unknown;
  const Long = require('kafkajs/src/utils/long') as {
    fromInt(n: number): unknown;
    fromValue(n: number): unknown;
  };

  async function kafkajsBatch(compression: number): Promise<Buffer> {
    const batch = await RecordBatch({
      compression,
      firstOffset: Long.fromInt(0),
      firstTimestamp: 1_700_000_000_000,
      maxTimestamp: 1_700_000_000_005,
      partitionLeaderEpoch: 0,
      lastOffsetDelta: 1,
      producerId: Long.fromValue(-1),
      producerEpoch: 0,
      firstSequence: 0,
      records: [
        Record({
          offsetDelta: 0,
          timestampDelta: 0,
          key: Buffer.from('key-1'),
          value: Buffer.from('value-1'),
          headers: { h: 'v' },
        }),
        Record({ offsetDelta: 1, timestampDelta: 5, key: null, value: Buffer.from('value-2') }),
      ],
    });
    return batch.buffer;
  }

  it('decodes an uncompressed batch written by kafkajs, and re-encodes it byte for byte', async () => {
    const theirs = await kafkajsBatch(0);
    const [decoded] = await decodeRecordSet(theirs);
    expect(
      decoded?.records.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString()]),
    ).toEqual([
      [0, 1_700_000_000_000, 'key-1', 'value-1'],
      [1, 1_700_000_000_005, null, 'value-2'],
    ]);
    expect(decoded?.records[0]?.headers).toEqual([{ key: 'h', value: Buffer.from('v') }]);
    const ours = await encodeBatch({
      records: decoded?.records ?? [],
      partitionLeaderEpoch: 0,
      producerEpoch: 0,
      baseSequence: 0,
    });
    expect(ours.toString('hex')).toBe(theirs.toString('hex'));
  });

  it('decodes a gzip batch written by kafkajs', async () => {
    const [decoded] = await decodeRecordSet(await kafkajsBatch(1));
    expect(decoded?.compression).toBe(CompressionType.GZIP);
    expect(decoded?.records.map((r) => r.value?.toString())).toEqual(['value-1', 'value-2']);
  });
});

describe('codecs', () => {
  it('decodes both xerial-framed (Java) and raw (librdkafka) snappy', async () => {
    const data = Buffer.from('snappy '.repeat(20000));
    const framed = await compress(CompressionType.SNAPPY, data);
    expect(framed.subarray(0, 8).toString('latin1')).toBe('\x82SNAPPY\0');
    expect(framed.readInt32BE(8)).toBe(1);
    expect((await decompress(CompressionType.SNAPPY, framed)).equals(data)).toBe(true);
    expect((await decompress(CompressionType.SNAPPY, rawSnappy(data))).equals(data)).toBe(true);
  });

  it('writes standard LZ4 frames', async () => {
    const framed = await compress(CompressionType.LZ4, Buffer.from('lz4 frame'));
    expect(framed.readUInt32LE(0)).toBe(0x184d2204);
  });

  it('round-trips every codec on random data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...codecs), fc.uint8Array({ maxLength: 5000 }), async (codec, raw) => {
        const data = Buffer.from(raw);
        expect((await decompress(codec, await compress(codec, data))).equals(data)).toBe(true);
      }),
      { seed: 5, numRuns: 100 },
    );
  });

  it('turns garbage into a CorruptRecordError naming the codec', async () => {
    await expect(decompress(CompressionType.GZIP, Buffer.from('not gzip'))).rejects.toThrow(
      CorruptRecordError,
    );
    await expect(decompress(CompressionType.ZSTD, Buffer.from('not zstd'))).rejects.toThrow(
      /cannot decompress zstd/,
    );
  });
});

describe('control records', () => {
  it('round-trips COMMIT and ABORT markers with the coordinator epoch', () => {
    for (const type of [ControlRecordType.ABORT, ControlRecordType.COMMIT]) {
      const key = encodeControlKey(type);
      expect(key.toString('hex')).toBe(`0000000${type}`);
      expect(decodeEndTxnMarker(key, encodeEndTxnValue(17))).toEqual({ type, coordinatorEpoch: 17 });
    }
  });

  it('refuses an unknown control type or version', () => {
    expect(() => decodeEndTxnMarker(Buffer.from('00000005', 'hex'), encodeEndTxnValue(0))).toThrow(
      'not a transaction marker',
    );
    expect(() => decodeEndTxnMarker(Buffer.from('00010000', 'hex'), encodeEndTxnValue(0))).toThrow(
      'version 1',
    );
  });
});
