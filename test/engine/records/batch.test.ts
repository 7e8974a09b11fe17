import { describe, expect, it } from 'vitest';
import {
  BatchHeader,
  batchesOf,
  CompressionType,
  TimestampType,
  validateRecordSet,
} from '../../../engine/records/batch.js';
import { encodeBatch } from '../../../engine/records/codec.js';
import { crc32c } from '../../../engine/records/crc.js';
import { CorruptRecordError, UnsupportedCompressionError } from '../../../engine/records/errors.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { asOffset } from '../../../engine/types.js';
import { referenceCrc32c } from './crc-reference.js';

/**
 * One record (key "k", value "v", timestamp 1000) at offset 0, no producer, laid out by hand
 * from the RecordBatch v2 spec; the CRC comes from an independent bit-by-bit CRC-32C.
 */
function handBuiltBatch(): Buffer {
  const record = '10' + '00' + '00' + '00' + '02' + '6b' + '02' + '76' + '00';
  const afterCrc =
    '0000' + // attributes
    '00000000' + // lastOffsetDelta
    '00000000000003e8' + // baseTimestamp 1000
    '00000000000003e8' + // maxTimestamp 1000
    'ffffffffffffffff' + // producerId -1
    'ffff' + // producerEpoch -1
    'ffffffff' + // baseSequence -1
    '00000001' + // recordCount
    record;
  const crc = referenceCrc32c(Buffer.from(afterCrc, 'hex')).toString(16).padStart(8, '0');
  const hex = '0000000000000000' + '0000003a' + 'ffffffff' + '02' + crc + afterCrc;
  return Buffer.from(hex, 'hex');
}

describe('RecordBatch v2 header', () => {
  it('the library CRC-32C matches the reference and the check value of the spec', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    const bytes = Buffer.from('a slice of a larger buffer');
    expect(crc32c(bytes.subarray(2, 12))).toBe(referenceCrc32c(bytes.subarray(2, 12)));
  });

  it('reads every field of a hand-built batch without decoding records', () => {
    const bytes = handBuiltBatch();
    const h = new BatchHeader(bytes, 0);
    expect(h.baseOffset).toBe(0);
    expect(h.batchLength).toBe(58);
    expect(h.sizeInBytes).toBe(bytes.length);
    expect(h.partitionLeaderEpoch).toBe(-1);
    expect(h.magic).toBe(2);
    expect(h.compression).toBe(CompressionType.NONE);
    expect(h.timestampType).toBe(TimestampType.CREATE_TIME);
    expect(h.isTransactional).toBe(false);
    expect(h.isControl).toBe(false);
    expect(h.lastOffset).toBe(0);
    expect(h.nextOffset).toBe(1);
    expect(h.baseTimestamp).toBe(1000);
    expect(h.maxTimestamp).toBe(1000);
    expect(h.producerId).toBe(-1n);
    expect(h.hasProducerId).toBe(false);
    expect(h.producerEpoch).toBe(-1);
    expect(h.baseSequence).toBe(-1);
    expect(h.lastSequence).toBe(-1);
    expect(h.recordCount).toBe(1);
    expect(h.isValidCrc()).toBe(true);
  });

  it('our encoder writes exactly the hand-built bytes', async () => {
    const encoded = await encodeBatch({
      records: [{ key: Buffer.from('k'), value: Buffer.from('v') }],
      timestamp: 1000,
    });
    expect(encoded.toString('hex')).toBe(handBuiltBatch().toString('hex'));
  });

  it('patches base offset and leader epoch in place without touching the CRC', () => {
    const bytes = handBuiltBatch();
    const h = new BatchHeader(bytes, 0);
    const crc = h.crc;
    h.setBaseOffset(asOffset(1234567890123));
    h.setPartitionLeaderEpoch(7);
    expect(h.baseOffset).toBe(1234567890123);
    expect(h.partitionLeaderEpoch).toBe(7);
    expect(h.crc).toBe(crc);
    expect(h.isValidCrc()).toBe(true);
  });

  it('stamps LogAppendTime: sets the type bit and maxTimestamp, recomputes the CRC', () => {
    const bytes = handBuiltBatch();
    const h = new BatchHeader(bytes, 0);
    h.setLogAppendTime(5000);
    expect(h.timestampType).toBe(TimestampType.LOG_APPEND_TIME);
    expect(h.maxTimestamp).toBe(5000);
    expect(h.baseTimestamp).toBe(1000);
    expect(h.crc).toBe(referenceCrc32c(bytes.subarray(21)));
  });

  it('computes lastSequence with wrap-around at Int32.MAX', async () => {
    const bytes = await encodeBatch({
      records: [0, 1, 2].map(() => ({ key: null, value: Buffer.from('x') })),
      producerId: 5n,
      producerEpoch: 0,
      baseSequence: 2147483646,
    });
    expect(new BatchHeader(bytes, 0).lastSequence).toBe(0);
  });
});

describe('validateRecordSet', () => {
  async function twoBatches(): Promise<Buffer> {
    const a = await encodeBatch({ records: [{ key: null, value: Buffer.from('a') }], timestamp: 1 });
    const b = await encodeBatch({ records: [{ key: null, value: Buffer.from('b') }], timestamp: 2 });
    return Buffer.concat([a, b]);
  }

  it('returns a header per batch', async () => {
    const set = await twoBatches();
    const headers = validateRecordSet(set, { contiguous: true });
    expect(headers.map((h) => h.position)).toEqual([0, set.length / 2]);
  });

  it('names a bad CRC and the batch it is in', async () => {
    const set = await twoBatches();
    set.writeUInt8(set.readUInt8(set.length - 1) ^ 0xff, set.length - 1);
    const error = (() => {
      try {
        validateRecordSet(set, { contiguous: true });
      } catch (e) {
        return e as CorruptRecordError;
      }
      throw new Error('no error');
    })();
    expect(error).toBeInstanceOf(CorruptRecordError);
    expect(error.code).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(error.batchIndex).toBe(1);
    expect(error.message).toMatch(/batch 1 at byte \d+: CRC mismatch/);
  });

  it('names a length that runs past the buffer', async () => {
    const set = await twoBatches();
    expect(() => validateRecordSet(set.subarray(0, set.length - 3), { contiguous: true })).toThrow(
      /batch 1 at byte \d+: batchLength \d+ runs 3 bytes past the end/,
    );
  });

  it('names a magic other than 2', () => {
    const bytes = handBuiltBatch();
    bytes[16] = 1;
    expect(() => validateRecordSet(bytes, { contiguous: true })).toThrow('magic 1, only magic 2');
  });

  it('names a record count that disagrees with lastOffsetDelta', () => {
    const bytes = handBuiltBatch();
    bytes.writeInt32BE(2, 57);
    bytes.writeUInt32BE(crc32c(bytes.subarray(21)), 17);
    expect(() => validateRecordSet(bytes, { contiguous: true })).toThrow(
      'record count 2 does not match lastOffsetDelta 0',
    );
  });

  it('refuses an unknown codec and an empty record set', () => {
    const bytes = handBuiltBatch();
    bytes.writeInt16BE(5, 21);
    bytes.writeUInt32BE(crc32c(bytes.subarray(21)), 17);
    expect(() => validateRecordSet(bytes, { contiguous: true })).toThrow(UnsupportedCompressionError);
    expect(() => validateRecordSet(Buffer.alloc(0), { contiguous: true })).toThrow('the record set is empty');
  });

  it('batchesOf stops before a trailing partial batch', async () => {
    const set = await twoBatches();
    expect([...batchesOf(set.subarray(0, set.length - 1))]).toHaveLength(1);
  });
});
