/**
 * WriteTxnMarkers over the wire on a 3-broker cluster: transactional batches produced directly
 * (as a transactional producer writes them), then ended by COMMIT or ABORT markers as a
 * transaction coordinator or `kafka-transactions abort` sends them. Checks the last stable
 * offset, read_committed fetches and their aborted-transaction list, the producer state
 * DescribeProducers shows, fencing of stale epochs, and the per-partition refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as describeProducers from '../../../engine/protocol/apis/describe-producers.js';
import * as fetchApi from '../../../engine/protocol/apis/fetch.js';
import * as initProducerId from '../../../engine/protocol/apis/init-producer-id.js';
import * as listOffsets from '../../../engine/protocol/apis/list-offsets.js';
import * as produce from '../../../engine/protocol/apis/produce.js';
import * as writeTxnMarkers from '../../../engine/protocol/apis/write-txn-markers.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { asBrokerId } from '../../../engine/types.js';
import { decodeRecordSet } from '../../../engine/records/codec.js';
import { batch, fetchRequest, listOffsetsRequest, produceRequest } from './requests.js';
import { TestCluster } from './test-cluster.js';
import { until } from './wire.js';

const TOPIC = 'txn-markers';
let cluster: TestCluster;

beforeAll(async () => {
  cluster = await TestCluster.start();
  await cluster.createTopic(TOPIC, 3, 3);
}, 60_000);

afterAll(async () => {
  expect(cluster.bugs).toEqual([]);
  await cluster.stop();
});

async function newProducer(): Promise<bigint> {
  const c = await cluster.client(cluster.aliveBroker());
  const init = await c.send(initProducerId, 4, {
    transactionalId: null,
    transactionTimeoutMs: 60_000,
    producerId: -1n,
    producerEpoch: -1,
  });
  expect(init.errorCode).toBe(ErrorCode.NONE);
  return init.producerId;
}

async function produceTxn(partition: number, producerId: bigint, values: string[], baseSequence: number) {
  const c = await cluster.leaderClient(TOPIC, partition);
  const records = batch(values, { producerId, producerEpoch: 0, baseSequence, isTransactional: true });
  const response = await c.send(
    produce,
    9,
    produceRequest(TOPIC, partition, records, { transactionalId: 'tx' }),
  );
  const result = response.responses[0]!.partitionResponses[0]!;
  expect(result.errorCode).toBe(ErrorCode.NONE);
  return Number(result.baseOffset);
}

async function marker(
  broker: number,
  producerId: bigint,
  commit: boolean,
  partitions: number[],
  options: { producerEpoch?: number; coordinatorEpoch?: number; topic?: string } = {},
): Promise<number[]> {
  const c = await cluster.client(broker);
  const response = await c.send(writeTxnMarkers, 1, {
    markers: [
      {
        producerId,
        producerEpoch: options.producerEpoch ?? 0,
        transactionResult: commit,
        topics: [{ name: options.topic ?? TOPIC, partitionIndexes: partitions }],
        coordinatorEpoch: options.coordinatorEpoch ?? 0,
        transactionVersion: 0,
      },
    ],
  });
  expect(response.markers[0]!.producerId).toBe(producerId);
  return response.markers[0]!.topics[0]!.partitions.map((p) => p.errorCode);
}

async function lastStable(partition: number): Promise<{ lso: number; hw: number }> {
  const c = await cluster.leaderClient(TOPIC, partition);
  const at = async (isolation: number) => {
    const r = await c.send(
      listOffsets,
      7,
      listOffsetsRequest(TOPIC, [{ partition, timestamp: -1 }], isolation),
    );
    return Number(r.topics[0]!.partitions[0]!.offset);
  };
  return { lso: await at(1), hw: await at(0) };
}

async function readCommitted(partition: number, offset = 0) {
  const c = await cluster.leaderClient(TOPIC, partition);
  const response = await c.send(
    fetchApi,
    12,
    fetchRequest([{ topic: TOPIC, partition, offset }], { isolationLevel: 1 }),
  );
  const data = response.responses[0]!.partitions[0]!;
  expect(data.errorCode).toBe(ErrorCode.NONE);
  const batches = await decodeRecordSet(data.records as Buffer);
  return { data, batches };
}

async function openTxnStart(partition: number, producerId: bigint): Promise<bigint | undefined> {
  const c = await cluster.leaderClient(TOPIC, partition);
  const response = await c.send(describeProducers, 0, {
    topics: [{ name: TOPIC, partitionIndexes: [partition] }],
  });
  const p = response.topics[0]!.partitions[0]!;
  return p.activeProducers.find((a) => a.producerId === producerId)?.currentTxnStartOffset;
}

describe('WriteTxnMarkers', () => {
  it('an ABORT ends the open transaction: the LSO moves and read_committed learns what to skip', async () => {
    const pid = await newProducer();
    const first = await produceTxn(0, pid, ['a0', 'a1'], 0);
    await produceTxn(0, pid, ['a2'], 2);
    expect(await lastStable(0)).toEqual({ lso: first, hw: first + 3 });
    expect(await openTxnStart(0, pid)).toBe(BigInt(first));
    // Nothing of the open transaction is served to read_committed.
    expect((await readCommitted(0)).batches).toEqual([]);

    expect(await marker(cluster.leaderOf(TOPIC, 0), pid, false, [0])).toEqual([ErrorCode.NONE]);
    expect(await lastStable(0)).toEqual({ lso: first + 4, hw: first + 4 });
    expect(await openTxnStart(0, pid)).toBe(-1n);
    const { data, batches } = await readCommitted(0);
    expect(data.lastStableOffset).toBe(BigInt(first + 4));
    expect(data.abortedTransactions).toEqual([{ producerId: pid, firstOffset: BigInt(first) }]);
    const marked = await readCommitted(0, first + 3);
    expect(marked.batches.map((b) => [b.baseOffset, b.isControl, b.producerId])).toEqual([
      [first + 3, true, pid],
    ]);
    expect(batches[0]).toMatchObject({ baseOffset: first, isTransactional: true });
  });

  it('a COMMIT makes the records visible to read_committed with no aborted transactions', async () => {
    const pid = await newProducer();
    const first = await produceTxn(1, pid, ['c0', 'c1'], 0);
    expect((await lastStable(1)).lso).toBe(first);
    expect(await marker(cluster.leaderOf(TOPIC, 1), pid, true, [1])).toEqual([ErrorCode.NONE]);
    expect(await lastStable(1)).toEqual({ lso: first + 3, hw: first + 3 });
    const { data, batches } = await readCommitted(1);
    expect(data.abortedTransactions ?? []).toEqual([]);
    const values = batches
      .filter((b) => !b.isControl)
      .flatMap((b) => b.records.map((r) => r.value!.toString()));
    expect(values).toEqual(['c0', 'c1']);
  });

  it('fences a marker of an older producer epoch or coordinator epoch', async () => {
    const pid = await newProducer();
    const leader = cluster.leaderOf(TOPIC, 2);
    await produceTxn(2, pid, ['f0'], 0);
    expect(await marker(leader, pid, true, [2], { coordinatorEpoch: 5 })).toEqual([ErrorCode.NONE]);
    // The producer moved to epoch 1 and opened a new transaction.
    const c = await cluster.leaderClient(TOPIC, 2);
    const next = batch(['f1'], { producerId: pid, producerEpoch: 1, baseSequence: 0, isTransactional: true });
    const produced = await c.send(produce, 9, produceRequest(TOPIC, 2, next, { transactionalId: 'tx' }));
    expect(produced.responses[0]!.partitionResponses[0]!.errorCode).toBe(ErrorCode.NONE);
    expect(await marker(leader, pid, false, [2], { producerEpoch: 0, coordinatorEpoch: 5 })).toEqual([
      ErrorCode.INVALID_PRODUCER_EPOCH,
    ]);
    expect(await marker(leader, pid, false, [2], { producerEpoch: 1, coordinatorEpoch: 4 })).toEqual([
      ErrorCode.TRANSACTION_COORDINATOR_FENCED,
    ]);
    const open = await openTxnStart(2, pid);
    expect(open).toBeGreaterThanOrEqual(0n);
    expect(await marker(leader, pid, false, [2], { producerEpoch: 1, coordinatorEpoch: 5 })).toEqual([
      ErrorCode.NONE,
    ]);
    expect(await openTxnStart(2, pid)).toBe(-1n);
  });

  it('answers NOT_LEADER_OR_FOLLOWER off the leader and UNKNOWN_TOPIC_OR_PARTITION for what does not exist', async () => {
    const pid = await newProducer();
    expect(await marker(cluster.followerOf(TOPIC, 0), pid, false, [0])).toEqual([
      ErrorCode.NOT_LEADER_OR_FOLLOWER,
    ]);
    expect(await marker(cluster.leaderOf(TOPIC, 0), pid, false, [0, 7])).toEqual([
      ErrorCode.NONE,
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    ]);
    expect(await marker(cluster.aliveBroker(), pid, false, [0], { topic: 'no-such-topic' })).toEqual([
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    ]);
  });

  it('answers NOT_ENOUGH_REPLICAS when the ISR is below min.insync.replicas', async () => {
    await cluster.createTopic('txn-strict', 1, 1, { 'min.insync.replicas': '2' });
    const pid = await newProducer();
    const errors = await marker(cluster.leaderOf('txn-strict', 0), pid, false, [0], { topic: 'txn-strict' });
    expect(errors).toEqual([ErrorCode.NOT_ENOUGH_REPLICAS]);
  });

  it('a new leader after the old one dies serves the same LSO and aborted transactions', async () => {
    const pid = await newProducer();
    const first = await produceTxn(0, pid, ['r0'], 0);
    const oldLeader = cluster.leaderOf(TOPIC, 0);
    expect(await marker(oldLeader, pid, false, [0])).toEqual([ErrorCode.NONE]);
    const before = await lastStable(0);
    expect(before.lso).toBe(before.hw);

    await cluster.cluster.faults.kill(asBrokerId(oldLeader));
    await until(
      () => {
        const leader = cluster.cluster.broker(cluster.aliveBroker()).services.metadata.topic(TOPIC)
          ?.partitions[0]?.leader;
        return leader !== undefined && leader !== -1 && leader !== oldLeader;
      },
      20_000,
      'a new leader',
    );
    // A new leader answers OFFSET_NOT_AVAILABLE (-1) until its high watermark reaches its epoch start.
    await expect.poll(() => lastStable(0), { timeout: 20_000 }).toEqual(before);
    const { data } = await readCommitted(0);
    expect(data.abortedTransactions).toContainEqual({ producerId: pid, firstOffset: BigInt(first) });
    expect(await openTxnStart(0, pid)).toBe(-1n);
  }, 60_000);
});
