/**
 * The transaction coordinator step by step: each API and state transition, fencing, timeouts,
 * and a second coordinator taking over the same log (a restart, or a failover mid-commit).
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import type { TransactionCoordinator } from '../../../engine/transactions/coordinator.js';
import { decodeTransactionLogValue } from '../../../engine/transactions/records.js';
import { TxnState } from '../../../engine/transactions/state.js';
import { coordinatorOn, FakeLeaders, ManualScheduler, MemoryLog, settle } from './coordinator-harness.js';

const ID = 'orders-tx';
const t0 = { topic: 't', partition: 0 };
const t1 = { topic: 't', partition: 1 };

let log: MemoryLog;
let scheduler: ManualScheduler;
let leaders: FakeLeaders;
let c: TransactionCoordinator;

beforeEach(async () => {
  log = new MemoryLog();
  scheduler = new ManualScheduler();
  leaders = new FakeLeaders();
  c = coordinatorOn(log, scheduler, leaders);
  await settle();
});

async function init(timeoutMs = 30_000, id = ID) {
  return c.initProducerId({
    transactionalId: id,
    transactionTimeoutMs: timeoutMs,
    producerId: -1n,
    producerEpoch: -1,
  });
}

function producer(p: { producerId: bigint; producerEpoch: number }, id = ID) {
  return { transactionalId: id, producerId: p.producerId, producerEpoch: p.producerEpoch };
}

async function state(id = ID) {
  const [d] = await c.describeTransactions([id]);
  return d!;
}

/** The states written to the log, in order. */
function loggedStates(): number[] {
  return log.batches.flatMap((b) => b.records.map((r) => decodeTransactionLogValue(r.value!).state));
}

describe('InitProducerId', () => {
  test('gives a new id a producer id at epoch 0 and bumps the epoch on every init', async () => {
    expect(await init()).toEqual({ errorCode: ErrorCode.NONE, producerId: 1000n, producerEpoch: 0 });
    expect(await init()).toEqual({ errorCode: ErrorCode.NONE, producerId: 1000n, producerEpoch: 1 });
    expect(await state()).toMatchObject({
      state: 'Empty',
      producerId: 1000n,
      producerEpoch: 1,
      timeoutMs: 30_000,
    });
    expect(loggedStates()).toEqual([TxnState.EMPTY, TxnState.EMPTY]);
  });

  test('refuses a timeout above transaction.max.timeout.ms or not positive, and an empty id', async () => {
    expect((await init(60_001)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    expect((await init(0)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    expect((await init(30_000, '')).errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect(log.batches).toHaveLength(0);
  });

  test('answers COORDINATOR_LOAD_IN_PROGRESS while loading and NOT_COORDINATOR once the partition moved', async () => {
    const other = coordinatorOn(log, scheduler, leaders);
    const loading = other.initProducerId({
      transactionalId: ID,
      transactionTimeoutMs: 1000,
      producerId: -1n,
      producerEpoch: -1,
    });
    expect((await loading).errorCode).toBe(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    other.shutdown();
    expect((await other.describeTransactions([ID]))[0]!.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });

  test('a failed write leaves the id as it was and answers the coordinator error', async () => {
    const first = await init();
    log.failWith = ErrorCode.NOT_ENOUGH_REPLICAS;
    expect((await init()).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    log.failWith = ErrorCode.NOT_LEADER_OR_FOLLOWER;
    expect((await init()).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    log.failWith = null;
    expect(await state()).toMatchObject({ producerEpoch: first.producerEpoch });
    expect((await init()).producerEpoch).toBe(first.producerEpoch + 1);
  });

  test('a producer naming its current id and epoch (KIP-360) gets the next epoch; a stranger is fenced', async () => {
    const first = await init();
    const bumped = await c.initProducerId({ transactionalId: ID, transactionTimeoutMs: 30_000, ...first });
    expect(bumped).toEqual({ errorCode: ErrorCode.NONE, producerId: first.producerId, producerEpoch: 1 });
    const stranger = await c.initProducerId({
      transactionalId: ID,
      transactionTimeoutMs: 30_000,
      producerId: 77n,
      producerEpoch: 3,
    });
    expect(stranger.errorCode).toBe(ErrorCode.PRODUCER_FENCED);
  });
});

describe('a transaction', () => {
  test('commits: Ongoing, PrepareCommit answered, COMMIT markers to every partition, CompleteCommit', async () => {
    const p = await init();
    leaders.autoAnswer = null;
    expect(await c.addPartitions(producer(p), [t1, t0])).toBe(ErrorCode.NONE);
    const ongoing = await state();
    expect(ongoing).toMatchObject({ state: 'Ongoing', partitions: [t0, t1], startTimeMs: scheduler.now() });
    // Adding partitions already in the transaction writes nothing.
    const written = log.batches.length;
    expect(await c.addPartitions(producer(p), [t0])).toBe(ErrorCode.NONE);
    expect(log.batches).toHaveLength(written);

    expect(await c.endTransaction(producer(p), true)).toBe(ErrorCode.NONE);
    await settle();
    expect((await state()).state).toBe('PrepareCommit');
    expect(leaders.sent).toHaveLength(1);
    expect(leaders.sent[0]!.request.markers).toEqual([
      {
        producerId: p.producerId,
        producerEpoch: p.producerEpoch,
        transactionResult: true,
        topics: [{ name: 't', partitionIndexes: [0, 1] }],
        coordinatorEpoch: 5,
        transactionVersion: 0,
      },
    ]);
    // While markers are in flight the id is busy.
    expect(await c.addPartitions(producer(p), [t0])).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect((await init()).errorCode).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    expect(await c.endTransaction(producer(p), true)).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);

    leaders.sent[0]!.answer();
    await settle();
    expect(await state()).toMatchObject({ state: 'CompleteCommit', partitions: [] });
    expect(loggedStates()).toEqual([
      TxnState.EMPTY,
      TxnState.ONGOING,
      TxnState.PREPARE_COMMIT,
      TxnState.COMPLETE_COMMIT,
    ]);
    // A retried EndTxn of the same outcome succeeds; the other outcome does not fit.
    expect(await c.endTransaction(producer(p), true)).toBe(ErrorCode.NONE);
    expect(await c.endTransaction(producer(p), false)).toBe(ErrorCode.INVALID_TXN_STATE);
  });

  test('aborts, and the next transaction starts with only its own partitions', async () => {
    const p = await init();
    await c.addPartitions(producer(p), [t0]);
    expect(await c.endTransaction(producer(p), false)).toBe(ErrorCode.NONE);
    await settle();
    expect((await state()).state).toBe('CompleteAbort');
    expect(await c.addPartitions(producer(p), [t1])).toBe(ErrorCode.NONE);
    expect((await state()).partitions).toEqual([t1]);
  });

  test('retries markers the leader could not write yet, and skips partitions of deleted topics', async () => {
    const p = await init();
    leaders.autoAnswer = null;
    leaders.deleted.add('gone');
    await c.addPartitions(producer(p), [t0, { topic: 'gone', partition: 0 }]);
    await c.endTransaction(producer(p), true);
    await settle();
    expect(leaders.sent[0]!.request.markers[0]!.topics).toEqual([{ name: 't', partitionIndexes: [0] }]);
    leaders.sent[0]!.answer(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    await settle();
    expect(leaders.sent).toHaveLength(1);
    scheduler.advance(100);
    await settle();
    expect(leaders.sent).toHaveLength(2);
    leaders.sent[1]!.fail();
    await settle();
    scheduler.advance(100);
    await settle();
    leaders.sent[2]!.answer();
    await settle();
    expect((await state()).state).toBe('CompleteCommit');
  });

  test('AddOffsetsToTxn adds the group’s partition of __consumer_offsets', async () => {
    const p = await init();
    expect(await c.addOffsets(producer(p), 'hello')).toBe(ErrorCode.NONE);
    // "hello" hashes to partition 2 of 10 (99162322 mod 10).
    expect((await state()).partitions).toEqual([{ topic: '__consumer_offsets', partition: 2 }]);
  });

  test('EndTxn without an open transaction, or from the wrong producer, is refused', async () => {
    const p = await init();
    expect(await c.endTransaction(producer(p), true)).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(await c.endTransaction({ ...producer(p), producerId: 5n }, true)).toBe(
      ErrorCode.INVALID_PRODUCER_ID_MAPPING,
    );
    expect(await c.addPartitions({ ...producer(p), transactionalId: 'unknown' }, [t0])).toBe(
      ErrorCode.INVALID_PRODUCER_ID_MAPPING,
    );
  });
});

describe('fencing', () => {
  test('a second producer of the id aborts the open transaction with a bumped epoch and fences the first', async () => {
    const first = await init();
    await c.addPartitions(producer(first), [t0]);
    leaders.autoAnswer = null;
    // The newcomer is told to retry while the old transaction is aborted.
    expect((await init()).errorCode).toBe(ErrorCode.CONCURRENT_TRANSACTIONS);
    await settle();
    expect(leaders.sent[0]!.request.markers[0]).toMatchObject({
      transactionResult: false,
      producerEpoch: first.producerEpoch + 1,
    });
    leaders.sent[0]!.answer();
    await settle();
    const second = await init();
    expect(second).toEqual({
      errorCode: ErrorCode.NONE,
      producerId: first.producerId,
      producerEpoch: first.producerEpoch + 2,
    });
    expect(await c.addPartitions(producer(first), [t0])).toBe(ErrorCode.PRODUCER_FENCED);
    expect(await c.endTransaction(producer(first), true)).toBe(ErrorCode.PRODUCER_FENCED);
    expect(await c.addPartitions(producer(second), [t0])).toBe(ErrorCode.NONE);
  });

  test('a transaction open longer than its timeout is aborted with a bumped epoch', async () => {
    const p = await init(2000);
    await c.addPartitions(producer(p), [t0]);
    scheduler.advance(1000);
    await settle();
    expect((await state()).state).toBe('Ongoing');
    scheduler.advance(2000);
    await settle();
    expect(await state()).toMatchObject({ state: 'CompleteAbort', producerEpoch: p.producerEpoch + 1 });
    expect(await c.endTransaction(producer(p), true)).toBe(ErrorCode.PRODUCER_FENCED);
  });
});

describe('transactional.id.expiration.ms', () => {
  test('removes ids without an open transaction once they have not changed for that long, and only those', async () => {
    const idle = await init(60_000, 'idle');
    const open = await init(60_000, 'open');
    await c.addPartitions(producer(open, 'open'), [t0]);
    scheduler.advance(50_000);
    await settle();
    expect((await c.describeTransactions(['idle']))[0]!.errorCode).toBe(ErrorCode.NONE);
    scheduler.advance(20_000);
    await settle();
    const [gone, kept] = await c.describeTransactions(['idle', 'open']);
    expect(gone!.errorCode).toBe(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND);
    // The open one was aborted by its timeout meanwhile, which changed it: it stays.
    expect(kept).toMatchObject({ errorCode: ErrorCode.NONE, state: 'CompleteAbort' });
    // The tombstone keeps it gone for the next coordinator, and a returning producer starts afresh.
    c.shutdown();
    c = coordinatorOn(log, scheduler, leaders, { epoch: 6, firstProducerId: 2000n });
    await settle();
    expect((await c.describeTransactions(['idle']))[0]!.errorCode).toBe(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND);
    const again = await init(60_000, 'idle');
    expect(again).toEqual({ errorCode: ErrorCode.NONE, producerId: 2000n, producerEpoch: 0 });
    expect(again.producerId).not.toBe(idle.producerId);
  });
});

describe('another coordinator on the same log', () => {
  test('loads every id as it was written (a restart)', async () => {
    const p = await init();
    await c.addPartitions(producer(p), [t0, t1]);
    await init(30_000, 'other');
    c.shutdown();
    const next = coordinatorOn(log, scheduler, leaders, { epoch: 6 });
    await settle();
    expect((await next.describeTransactions([ID]))[0]).toMatchObject({
      errorCode: ErrorCode.NONE,
      state: 'Ongoing',
      producerId: p.producerId,
      producerEpoch: p.producerEpoch,
      partitions: [t0, t1],
    });
    expect((await next.describeTransactions(['other', 'nobody'])).map((d) => d.errorCode)).toEqual([
      ErrorCode.NONE,
      ErrorCode.TRANSACTIONAL_ID_NOT_FOUND,
    ]);
  });

  test('completes a commit whose markers the previous coordinator did not finish (a failover)', async () => {
    const p = await init();
    await c.addPartitions(producer(p), [t0]);
    leaders.autoAnswer = null;
    expect(await c.endTransaction(producer(p), true)).toBe(ErrorCode.NONE);
    await settle();
    leaders.sent[0]!.fail();
    c.shutdown();
    await settle();
    const next = coordinatorOn(log, scheduler, leaders, { epoch: 6 });
    await settle();
    const resent = leaders.sent[1]!;
    expect(resent.request.markers[0]).toMatchObject({ transactionResult: true, coordinatorEpoch: 6 });
    resent.answer();
    await settle();
    expect((await next.describeTransactions([ID]))[0]!.state).toBe('CompleteCommit');
    expect(loggedStates().at(-1)).toBe(TxnState.COMPLETE_COMMIT);
  });
});

describe('ListTransactions', () => {
  test('filters by state, producer id, duration and id pattern, and names unknown states', async () => {
    const a = await init(30_000, 'app-a');
    await init(30_000, 'app-b');
    await init(30_000, 'other');
    await c.addPartitions(producer(a, 'app-a'), [t0]);
    scheduler.advance(500);
    const ids = async (input: Partial<Parameters<TransactionCoordinator['listTransactions']>[0]>) => {
      const listed = await c.listTransactions({
        states: [],
        producerIds: [],
        minDurationMs: -1,
        transactionalIdPattern: null,
        ...input,
      });
      return listed.transactions.map((t) => t.transactionalId).sort();
    };
    expect(await ids({})).toEqual(['app-a', 'app-b', 'other']);
    expect(await ids({ states: ['Ongoing'] })).toEqual(['app-a']);
    expect(await ids({ producerIds: [a.producerId] })).toEqual(['app-a']);
    expect(await ids({ minDurationMs: 400 })).toEqual(['app-a']);
    expect(await ids({ minDurationMs: 600 })).toEqual([]);
    expect(await ids({ transactionalIdPattern: 'app-.*' })).toEqual(['app-a', 'app-b']);
    const unknown = await c.listTransactions({
      states: ['Ongoing', 'Bogus'],
      producerIds: [],
      minDurationMs: -1,
      transactionalIdPattern: null,
    });
    expect(unknown.unknownStateFilters).toEqual(['Bogus']);
    expect(unknown.transactions.map((t) => t.state)).toEqual(['Ongoing']);
  });
});
