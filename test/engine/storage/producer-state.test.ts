import { describe, expect, it } from 'vitest';
import { encodeBatch } from '../../../engine/records/codec.js';
import { ControlRecordType, encodeControlKey, encodeEndTxnValue } from '../../../engine/records/control.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import {
  InvalidProducerEpochError,
  OutOfOrderSequenceError,
  TransactionCoordinatorFencedError,
} from '../../../engine/storage/errors.js';
import type { PartitionLog } from '../../../engine/storage/log.js';
import { asLeaderEpoch, asOffset } from '../../../engine/types.js';
import { openHarness, readAll, T0 } from './helpers.js';

const epoch = asLeaderEpoch(1);

function produce(
  pid: bigint,
  producerEpoch: number,
  seq: number,
  values: string[],
  transactional = false,
  timestamp = T0,
): Promise<Buffer> {
  return encodeBatch({
    records: values.map((v) => ({ key: null, value: Buffer.from(v) })),
    producerId: pid,
    producerEpoch,
    baseSequence: seq,
    isTransactional: transactional,
    timestamp,
  });
}

/** Appends once the batch is built, so refusals surface as a rejected promise. */
async function appendLater(log: PartitionLog, batch: Promise<Buffer>): Promise<unknown> {
  return log.appendAsLeader(await batch, epoch);
}

function marker(
  pid: bigint,
  producerEpoch: number,
  type: ControlRecordType,
  coordinatorEpoch = 0,
): Promise<Buffer> {
  return encodeBatch({
    records: [{ key: encodeControlKey(type), value: encodeEndTxnValue(coordinatorEpoch) }],
    producerId: pid,
    producerEpoch,
    isTransactional: true,
    isControl: true,
    timestamp: T0,
  });
}

describe('idempotent producers', () => {
  it('answers a retried batch with the first append’s offsets and writes nothing', async () => {
    const { log } = openHarness();
    const first = log.appendAsLeader(await produce(7n, 0, 0, ['a', 'b']), epoch);
    log.appendAsLeader(await produce(7n, 0, 2, ['c']), epoch);
    const size = log.size;
    const retry = log.appendAsLeader(await produce(7n, 0, 0, ['a', 'b']), epoch);
    expect(retry.duplicate).toBe(true);
    expect([retry.firstOffset, retry.lastOffset]).toEqual([first.firstOffset, first.lastOffset]);
    expect(log.size).toBe(size);
    expect(log.logEndOffset).toBe(3);
  });

  it('refuses a sequence gap with OUT_OF_ORDER_SEQUENCE_NUMBER', async () => {
    const { log } = openHarness();
    log.appendAsLeader(await produce(7n, 0, 0, ['a']), epoch);
    const gap = await produce(7n, 0, 5, ['x']);
    expect(() => log.appendAsLeader(gap, epoch)).toThrow(OutOfOrderSequenceError);
    try {
      log.appendAsLeader(gap, epoch);
    } catch (e) {
      expect((e as OutOfOrderSequenceError).code).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }
    expect(log.logEndOffset).toBe(1);
  });

  it('fences an older epoch with INVALID_PRODUCER_EPOCH and lets a newer epoch restart at 0', async () => {
    const { log } = openHarness();
    log.appendAsLeader(await produce(7n, 1, 0, ['a']), epoch);
    await expect(appendLater(log, produce(7n, 0, 1, ['x']))).rejects.toThrow(InvalidProducerEpochError);
    log.appendAsLeader(await produce(7n, 2, 0, ['b']), epoch);
    await expect(appendLater(log, produce(7n, 3, 4, ['x']))).rejects.toThrow(OutOfOrderSequenceError);
  });

  it('accepts an unknown producer at any sequence (KIP-360) and wraps sequences at Int32.MAX', async () => {
    const { log } = openHarness();
    log.appendAsLeader(await produce(9n, 0, 2147483646, ['a', 'b']), epoch);
    log.appendAsLeader(await produce(9n, 0, 0, ['c']), epoch);
    expect(log.logEndOffset).toBe(3);
  });

  it('still recognises duplicates after a restart (rebuilt from snapshot and log)', async () => {
    const h = openHarness({ segmentBytes: 300 });
    for (let s = 0; s < 10; s++) h.log.appendAsLeader(await produce(7n, 0, s, [`v${s}`.padEnd(40)]), epoch);
    h.log.close();
    let log = h.reopen();
    expect(log.appendAsLeader(await produce(7n, 0, 9, [`v9`.padEnd(40)]), epoch)).toMatchObject({
      duplicate: true,
      firstOffset: 9,
    });
    await expect(appendLater(log, produce(7n, 0, 12, ['x']))).rejects.toThrow(OutOfOrderSequenceError);
    // A crash (no close, no snapshot at the end) replays the log tail.
    log.appendAsLeader(await produce(7n, 0, 10, ['v10']), epoch);
    log.closeWithoutFlush();
    log = h.reopen();
    expect(log.appendAsLeader(await produce(7n, 0, 10, ['v10']), epoch)).toMatchObject({
      duplicate: true,
      firstOffset: 10,
    });
    expect(log.appendAsLeader(await produce(7n, 0, 11, ['v11']), epoch).firstOffset).toBe(11);
  });
});

describe('producer expiration', () => {
  it('forgets producers idle past producer.id.expiration.ms, but not one inside a transaction', async () => {
    const h = openHarness();
    h.log.appendAsLeader(await produce(1n, 0, 0, ['idle']), epoch);
    h.log.appendAsLeader(await produce(2n, 0, 0, ['txn'], true), epoch);
    h.clock.advance(10_000);
    h.log.appendAsLeader(await produce(3n, 0, 0, ['recent'], false, h.clock.now()), epoch);
    expect(h.log.expireProducers(5_000)).toBe(1);
    expect(
      h.log
        .producers()
        .map((p) => p.producerId)
        .sort(),
    ).toEqual([2n, 3n]);
    // A forgotten producer is unknown again: any sequence is accepted (KIP-360).
    expect(h.log.appendAsLeader(await produce(1n, 0, 17, ['back']), epoch).duplicate).toBe(false);
  });
});

describe('transactions', () => {
  it('holds the last stable offset at the first offset of the oldest open transaction', async () => {
    const { log } = openHarness();
    log.appendAsLeader(await produce(1n, 0, 0, ['plain']), epoch);
    log.appendAsLeader(await produce(2n, 0, 0, ['t2-a'], true), epoch);
    log.appendAsLeader(await produce(3n, 0, 0, ['t3-a'], true), epoch);
    log.appendAsLeader(await produce(2n, 0, 1, ['t2-b'], true), epoch);
    log.updateHighWatermark(log.logEndOffset);
    expect(log.lastStableOffset).toBe(1);
    log.appendAsLeader(await marker(2n, 0, ControlRecordType.COMMIT), epoch, 'coordinator');
    log.updateHighWatermark(log.logEndOffset);
    expect(log.lastStableOffset).toBe(2);
    log.appendAsLeader(await marker(3n, 0, ControlRecordType.ABORT), epoch, 'coordinator');
    expect(log.lastStableOffset).toBe(5);
    log.updateHighWatermark(log.logEndOffset);
    expect(log.lastStableOffset).toBe(6);
  });

  it('indexes aborted transactions for read_committed fetches', async () => {
    const { log } = openHarness({ segmentBytes: 400 });
    log.appendAsLeader(await produce(2n, 0, 0, ['t2-a'], true), epoch); // 0
    log.appendAsLeader(await produce(3n, 0, 0, ['t3-a'], true), epoch); // 1
    log.appendAsLeader(await marker(2n, 0, ControlRecordType.ABORT), epoch, 'coordinator'); // 2
    for (let i = 0; i < 5; i++)
      log.appendAsLeader(await produce(1n, 0, i, [`filler ${i}`.padEnd(60)]), epoch); // 3..7
    log.appendAsLeader(await marker(3n, 0, ControlRecordType.ABORT), epoch, 'coordinator'); // 8
    log.appendAsLeader(await produce(4n, 0, 0, ['t4'], true), epoch); // 9
    log.appendAsLeader(await marker(4n, 0, ControlRecordType.COMMIT), epoch, 'coordinator'); // 10
    expect(log.segments().length).toBeGreaterThan(1);
    expect(log.collectAbortedTransactions(asOffset(0), asOffset(11))).toEqual([
      { producerId: 2n, firstOffset: 0, lastOffset: 2, lastStableOffset: 1 },
      { producerId: 3n, firstOffset: 1, lastOffset: 8, lastStableOffset: 9 },
    ]);
    expect(log.collectAbortedTransactions(asOffset(3), asOffset(11)).map((t) => t.producerId)).toEqual([3n]);
    expect(log.collectAbortedTransactions(asOffset(9), asOffset(11))).toEqual([]);
    log.close();
  });

  it('rebuilds the aborted index and open transactions after a crash', async () => {
    const h = openHarness();
    h.log.appendAsLeader(await produce(2n, 0, 0, ['t2'], true), epoch);
    h.log.appendAsLeader(await marker(2n, 0, ControlRecordType.ABORT), epoch, 'coordinator');
    h.log.appendAsLeader(await produce(5n, 0, 0, ['t5'], true), epoch);
    h.log.updateHighWatermark(h.log.logEndOffset);
    h.log.checkpoint();
    h.log.closeWithoutFlush();
    const log = h.reopen();
    expect(log.collectAbortedTransactions(asOffset(0), asOffset(3))).toHaveLength(1);
    expect(log.lastStableOffset).toBe(2);
    expect((await readAll(log)).map((r) => r.value?.toString())).toEqual(['t2', expect.anything(), 't5']);
  });

  it('fences a marker from an older coordinator epoch', async () => {
    const { log } = openHarness();
    log.appendAsLeader(await produce(2n, 0, 0, ['a'], true), epoch);
    log.appendAsLeader(await marker(2n, 0, ControlRecordType.COMMIT, 5), epoch, 'coordinator');
    const stale = await marker(2n, 0, ControlRecordType.ABORT, 4);
    expect(() => log.appendAsLeader(stale, epoch, 'coordinator')).toThrow(TransactionCoordinatorFencedError);
  });
});
