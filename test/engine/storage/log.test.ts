import { describe, expect, it } from 'vitest';
import { BatchHeader, TimestampType } from '../../../engine/records/batch.js';
import { decodeRecordSet, encodeBatch } from '../../../engine/records/codec.js';
import {
  CorruptRecordError,
  InvalidRecordError,
  InvalidTimestampError,
  RecordTooLargeError,
} from '../../../engine/records/errors.js';
import { encodeControlKey, encodeEndTxnValue } from '../../../engine/records/control.js';
import { OffsetOutOfRangeError, UnexpectedAppendOffsetError } from '../../../engine/storage/errors.js';
import { asLeaderEpoch, asOffset } from '../../../engine/types.js';
import { batchOf, openHarness, readAll, T0, values } from './helpers.js';

const epoch = asLeaderEpoch(1);

describe('PartitionLog append and read', () => {
  it('assigns offsets from the log end, stamps the leader epoch and reads the batches back', async () => {
    const { log } = openHarness();
    const a = log.appendAsLeader(await batchOf(['a', 'b', 'c']), epoch);
    const b = log.appendAsLeader(await batchOf(['d']), asLeaderEpoch(2));
    expect([a.firstOffset, a.lastOffset, b.firstOffset, b.lastOffset]).toEqual([0, 2, 3, 3]);
    expect(log.logEndOffset).toBe(4);
    const data = log.read(asOffset(0), 10_000, { minOneMessage: true });
    const batches = await decodeRecordSet(Buffer.concat(data.records));
    expect(batches.map((x) => [x.baseOffset, x.partitionLeaderEpoch])).toEqual([
      [0, 1],
      [3, 2],
    ]);
    expect(values(await readAll(log))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('returns the whole batch holding a mid-batch fetch offset', async () => {
    const { log } = openHarness();
    log.appendAsLeader(await batchOf(['a', 'b', 'c']), epoch);
    const data = log.read(asOffset(1), 10_000, { minOneMessage: true });
    expect(new BatchHeader(data.records[0] as Buffer, 0).baseOffset).toBe(0);
  });

  it('stops at maxBytes on a batch boundary, but returns one oversized batch with minOneMessage', async () => {
    const { log } = openHarness();
    const big = await batchOf(['x'.repeat(500)]);
    log.appendAsLeader(big, epoch);
    log.appendAsLeader(await batchOf(['y']), epoch);
    expect(log.read(asOffset(0), 100, { minOneMessage: false }).sizeInBytes).toBe(0);
    expect(log.read(asOffset(0), 100, { minOneMessage: true }).sizeInBytes).toBe(big.length);
    expect(log.read(asOffset(0), big.length + 10, { minOneMessage: true }).sizeInBytes).toBe(big.length);
  });

  it('never returns a batch at or past maxOffset (the high watermark)', async () => {
    const { log } = openHarness();
    log.appendAsLeader(await batchOf(['a', 'b']), epoch);
    log.appendAsLeader(await batchOf(['c']), epoch);
    expect(values(await readAll(log, 2))).toEqual(['a', 'b']);
    expect(log.read(asOffset(2), 10_000, { minOneMessage: true, maxOffset: asOffset(2) }).sizeInBytes).toBe(
      0,
    );
  });

  it('answers OFFSET_OUT_OF_RANGE outside [log start, log end] and nothing at the log end', async () => {
    const { log } = openHarness();
    log.appendAsLeader(await batchOf(['a']), epoch);
    expect(log.read(asOffset(1), 100, { minOneMessage: true }).records).toEqual([]);
    expect(() => log.read(asOffset(2), 100, { minOneMessage: true })).toThrow(OffsetOutOfRangeError);
  });

  it('refuses a corrupt batch and appends nothing of the record set', async () => {
    const { log } = openHarness();
    const good = await batchOf(['a']);
    const bad = await batchOf(['b']);
    bad.writeUInt8(bad.readUInt8(bad.length - 1) ^ 1, bad.length - 1);
    expect(() => log.appendAsLeader(Buffer.concat([good, bad]), epoch)).toThrow(CorruptRecordError);
    expect(log.logEndOffset).toBe(0);
    expect(log.size).toBe(0);
  });

  it('refuses a batch over max.message.bytes with MESSAGE_TOO_LARGE', async () => {
    const { log } = openHarness({ maxMessageBytes: 200 });
    await expect(async () => log.appendAsLeader(await batchOf(['x'.repeat(300)]), epoch)).rejects.toThrow(
      RecordTooLargeError,
    );
    expect(log.logEndOffset).toBe(0);
  });

  it('refuses control batches from clients', async () => {
    const { log } = openHarness();
    const marker = await encodeBatch({
      records: [{ key: encodeControlKey(1), value: encodeEndTxnValue(0) }],
      isControl: true,
      isTransactional: true,
      producerId: 1n,
      producerEpoch: 0,
    });
    expect(() => log.appendAsLeader(marker, epoch)).toThrow(InvalidRecordError);
  });

  it('refuses CreateTime timestamps beyond message.timestamp.after.max.ms', async () => {
    const { log } = openHarness();
    const future = await batchOf(['a'], { timestamp: T0 + 2 * 3_600_000 });
    expect(() => log.appendAsLeader(future, epoch)).toThrow(InvalidTimestampError);
  });

  it('stamps LogAppendTime batches with the broker clock', async () => {
    const h = openHarness({ messageTimestampType: 'LogAppendTime' });
    h.clock.advance(42);
    const info = h.log.appendAsLeader(await batchOf(['a'], { timestamp: 5 }), epoch);
    expect(info.logAppendTime).toBe(T0 + 42);
    const [batch] = await decodeRecordSet(
      Buffer.concat(h.log.read(asOffset(0), 1000, { minOneMessage: true }).records),
    );
    expect(batch?.timestampType).toBe(TimestampType.LOG_APPEND_TIME);
    expect(batch?.records[0]?.timestamp).toBe(T0 + 42);
  });
});

describe('segments', () => {
  it('rolls when segment.bytes would be exceeded', async () => {
    const { log } = openHarness({ segmentBytes: 1000 });
    for (let i = 0; i < 20; i++) log.appendAsLeader(await batchOf(['x'.repeat(100)]), epoch);
    const segments = log.segments();
    expect(segments.length).toBeGreaterThan(2);
    for (const s of segments) expect(s.sizeInBytes).toBeLessThanOrEqual(1000);
    expect(segments.map((s) => s.baseOffset)).toEqual(
      [...segments.map((s) => s.baseOffset)].sort((a, b) => a - b),
    );
    expect(values(await readAll(log))).toHaveLength(20);
  });

  it('rolls when the first batch of the active segment is older than segment.ms', async () => {
    const h = openHarness({ segmentMs: 60_000 });
    h.log.appendAsLeader(await batchOf(['a']), epoch);
    h.clock.advance(30_000);
    h.log.appendAsLeader(await batchOf(['b']), epoch);
    expect(h.log.segments()).toHaveLength(1);
    h.clock.advance(31_000);
    h.log.appendAsLeader(await batchOf(['c']), epoch);
    expect(h.log.segments().map((s) => s.baseOffset)).toEqual([0, 2]);
  });

  it('names segment files by 20-digit base offsets', async () => {
    const { log } = openHarness({ segmentBytes: 200 });
    for (let i = 0; i < 3; i++) log.appendAsLeader(await batchOf(['x'.repeat(60)]), epoch);
    expect(log.segments().map((s) => s.file.slice(-24))).toEqual([
      '00000000000000000000.log',
      '00000000000000000001.log',
      '00000000000000000002.log',
    ]);
  });
});

describe('timestamps', () => {
  it('finds the first offset at or after a timestamp, across segments and inside batches', async () => {
    const { log } = openHarness({ segmentBytes: 400, indexIntervalBytes: 1 });
    for (let i = 0; i < 30; i++) {
      const batch = await encodeBatch({
        records: [0, 1].map((j) => ({
          key: null,
          value: Buffer.from(`v${i}`),
          timestamp: T0 + i * 100 + j * 10,
        })),
      });
      log.appendAsLeader(batch, epoch);
    }
    expect(log.segments().length).toBeGreaterThan(3);
    expect((await log.fetchOffsetByTimestamp(T0))?.offset).toBe(0);
    expect((await log.fetchOffsetByTimestamp(T0 + 1))?.offset).toBe(1);
    expect((await log.fetchOffsetByTimestamp(T0 + 1205))?.offset).toBe(25);
    expect((await log.fetchOffsetByTimestamp(T0 + 1210))?.offset).toBe(25);
    expect((await log.fetchOffsetByTimestamp(T0 + 1211))?.offset).toBe(26);
    expect(await log.fetchOffsetByTimestamp(T0 + 10_000)).toBeNull();
    expect(await log.fetchOffsetByTimestamp(-1)).toMatchObject({ offset: 60 });
    expect(await log.fetchOffsetByTimestamp(-2)).toMatchObject({ offset: 0 });
    expect(await log.fetchOffsetByTimestamp(-3)).toMatchObject({ offset: 59, timestamp: T0 + 2910 });
  });
});

describe('truncation and delete-records', () => {
  it('truncateTo removes the batch holding the offset and everything after, across segments', async () => {
    const { log } = openHarness({ segmentBytes: 300 });
    for (let i = 0; i < 10; i++) log.appendAsLeader(await batchOf([`a${i}`, `b${i}`]), asLeaderEpoch(i));
    log.updateHighWatermark(asOffset(20));
    expect(log.truncateTo(asOffset(9))).toBe(true);
    expect(log.logEndOffset).toBe(8);
    expect(log.highWatermark).toBe(8);
    expect(log.latestEpoch()).toBe(3);
    expect(values(await readAll(log))).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
    log.appendAsLeader(await batchOf(['z']), asLeaderEpoch(20));
    expect(values(await readAll(log)).slice(-1)).toEqual(['z']);
    expect(log.truncateTo(asOffset(100))).toBe(false);
  });

  it('truncateFullyAndStartAt empties the log and starts at the offset', async () => {
    const { log } = openHarness();
    log.appendAsLeader(await batchOf(['a']), epoch);
    log.truncateFullyAndStartAt(asOffset(500));
    expect([log.logStartOffset, log.logEndOffset, log.highWatermark]).toEqual([500, 500, 500]);
    expect(log.appendAsLeader(await batchOf(['b']), epoch).firstOffset).toBe(500);
  });

  it('deleteRecordsBefore advances the log start, removes whole segments below it, refuses past the HW', async () => {
    const { log } = openHarness({ segmentBytes: 300 });
    for (let i = 0; i < 10; i++) log.appendAsLeader(await batchOf([`a${i}`, `b${i}`]), epoch);
    expect(() => log.deleteRecordsBefore(asOffset(5))).toThrow(OffsetOutOfRangeError);
    log.updateHighWatermark(asOffset(20));
    expect(log.deleteRecordsBefore(asOffset(7))).toBe(7);
    expect(log.segments()[0]?.baseOffset).toBeLessThanOrEqual(7);
    expect(log.segments()[0]?.nextOffset).toBeGreaterThan(7);
    expect(() => log.read(asOffset(6), 100, { minOneMessage: true })).toThrow(OffsetOutOfRangeError);
    expect((await readAll(log))[0]?.offset).toBe(7);
    expect(await log.fetchOffsetByTimestamp(-2)).toMatchObject({ offset: 7 });
  });
});

describe('high watermark and restart', () => {
  it('clamps the high watermark to the log and finds it again after a restart', async () => {
    const h = openHarness();
    h.log.appendAsLeader(await batchOf(['a', 'b', 'c']), epoch);
    expect(h.log.updateHighWatermark(asOffset(10))).toBe(3);
    h.log.updateHighWatermark(asOffset(2));
    h.log.close();
    const log = h.reopen();
    expect([log.logStartOffset, log.highWatermark, log.logEndOffset]).toEqual([0, 2, 3]);
    expect(values(await readAll(log))).toEqual(['a', 'b', 'c']);
  });
});

describe('follower appends', () => {
  it('appends batches with the leader’s offsets and epochs, refusing ones before the log end', async () => {
    const leader = openHarness().log;
    leader.appendAsLeader(await batchOf(['a', 'b']), asLeaderEpoch(3));
    leader.appendAsLeader(await batchOf(['c']), asLeaderEpoch(4));
    const fetched = Buffer.concat(leader.read(asOffset(0), 10_000, { minOneMessage: true }).records);
    const follower = openHarness().log;
    const info = follower.appendAsFollower(Buffer.from(fetched));
    expect([info.firstOffset, info.lastOffset, follower.logEndOffset]).toEqual([0, 2, 3]);
    expect(follower.endOffsetForEpoch(asLeaderEpoch(3))).toEqual({ epoch: 3, endOffset: 2 });
    expect(() => follower.appendAsFollower(Buffer.from(fetched))).toThrow(UnexpectedAppendOffsetError);
  });
});

describe('a million records', () => {
  it('appends 1,000,000 records in batches and reads every one back in order', async () => {
    const { log } = openHarness({ segmentBytes: 8 * 1024 * 1024 });
    const perBatch = 1000;
    const template = await encodeBatch({
      timestamp: T0,
      records: Array.from({ length: perBatch }, (_, i) => ({
        key: null,
        value: Buffer.from(String(i).padStart(8, '0')),
      })),
    });
    for (let b = 0; b < 1000; b++) log.appendAsLeader(Buffer.from(template), epoch);
    expect(log.logEndOffset).toBe(1_000_000);
    let offset = 0;
    let count = 0;
    const misplaced: number[] = [];
    while (offset < 1_000_000) {
      const data = log.read(asOffset(offset), 1 << 20, { minOneMessage: true });
      for (const batch of await decodeRecordSet(Buffer.concat(data.records))) {
        if (batch.baseOffset !== offset) misplaced.push(batch.baseOffset);
        for (const r of batch.records) {
          if (r.offset !== offset + Number(r.value?.toString())) misplaced.push(r.offset);
          count++;
        }
        offset = batch.lastOffset + 1;
      }
    }
    expect(misplaced).toEqual([]);
    expect(count).toBe(1_000_000);
  }, 60_000);
});
