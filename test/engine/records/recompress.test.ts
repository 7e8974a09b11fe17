import { describe, expect, it } from 'vitest';
import { BatchHeader, CompressionType, validateRecordSet } from '../../../engine/records/batch.js';
import { decodeRecordSet, encodeBatch } from '../../../engine/records/codec.js';
import { encodeControlKey, encodeEndTxnValue } from '../../../engine/records/control.js';
import { applyTopicCompression } from '../../../engine/records/recompress.js';

async function producerBatch(compression: CompressionType): Promise<Buffer> {
  return encodeBatch({
    compression,
    timestamp: 1000,
    producerId: 42n,
    producerEpoch: 3,
    baseSequence: 7,
    isTransactional: true,
    records: ['a', 'b', 'c'].map((v, i) => ({
      key: Buffer.from(v),
      value: Buffer.from(v.repeat(100)),
      timestamp: 1000 + i,
    })),
  });
}

describe('topic compression.type', () => {
  it('leaves the record set untouched for "producer" and when the codec already matches', async () => {
    const set = await producerBatch(CompressionType.GZIP);
    expect(await applyTopicCompression(set, 'producer')).toBe(set);
    expect(await applyTopicCompression(set, 'gzip')).toBe(set);
  });

  it('recompresses other codecs, keeping offsets, timestamps and producer fields', async () => {
    const set = Buffer.concat([
      await producerBatch(CompressionType.NONE),
      await producerBatch(CompressionType.SNAPPY),
    ]);
    const out = await applyTopicCompression(set, 'zstd', { zstd: 3 });
    const headers = validateRecordSet(out, { contiguous: true });
    expect(headers.map((h) => h.compression)).toEqual([CompressionType.ZSTD, CompressionType.ZSTD]);
    const before = await decodeRecordSet(set);
    const after = await decodeRecordSet(out);
    expect(after.map((b) => ({ ...b, compression: 0, sizeInBytes: 0 }))).toEqual(
      before.map((b) => ({ ...b, compression: 0, sizeInBytes: 0 })),
    );
  });

  it('turns compressed batches into uncompressed ones for "uncompressed" and never touches control batches', async () => {
    const marker = await encodeBatch({
      records: [{ key: encodeControlKey(1), value: encodeEndTxnValue(0) }],
      isControl: true,
      isTransactional: true,
      producerId: 42n,
      producerEpoch: 3,
    });
    const out = await applyTopicCompression(
      Buffer.concat([await producerBatch(CompressionType.LZ4), marker]),
      'uncompressed',
    );
    const headers = validateRecordSet(out, { contiguous: true });
    expect(headers[0]?.compression).toBe(CompressionType.NONE);
    expect(new BatchHeader(out, headers[1]?.position ?? 0).bytes().equals(marker)).toBe(true);
  });
});
