/**
 * Transactions end to end on a 3-broker cluster with a real client (kafkajs): the coordinator
 * found through FindCoordinator, partitions added, markers written by the partition leaders,
 * read_committed consumers seeing exactly the committed records; then the coordinator's broker
 * killed with a transaction open, and the new leader of its __transaction_state partition
 * rebuilding the id from the log so the producer can still commit; and a consume-transform-produce
 * loop (offsets sent to each transaction) whose coordinator, and later the leader of an output
 * partition it is writing to, are killed while a transaction is open.
 */
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as describeTransactions from '../../../engine/protocol/apis/describe-transactions.js';
import * as findCoordinator from '../../../engine/protocol/apis/find-coordinator.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { asBrokerId } from '../../../engine/types.js';
import { TestCluster } from '../broker/test-cluster.js';
import { until } from '../broker/wire.js';
import { bootstrapOf, quickGroups } from '../groups/group-cluster.js';

const TOPIC = 'txn-e2e';
let cluster: TestCluster;

beforeAll(async () => {
  cluster = await TestCluster.start({ brokers: 3, config: quickGroups });
  await cluster.createTopic(TOPIC, 2, 3);
}, 60_000);

afterAll(async () => {
  expect(cluster.bugs).toEqual([]);
  await cluster.stop();
});

function kafka(): kafkajs.Kafka {
  return new kafkajs.Kafka({
    brokers: bootstrapOf(cluster).split(','),
    logLevel: kafkajs.logLevel.NOTHING,
    retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

/** Every value of the topic a read_committed consumer sees, once it has seen `count`. */
async function readCommitted(groupId: string, count: number): Promise<string[]> {
  const consumer = kafka().consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 100 });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void values.push(message.value!.toString()),
    });
    await until(() => values.length >= count, 20_000, `${count} committed records`);
  } finally {
    await consumer.disconnect();
  }
  return values.sort();
}

/** The coordinator of a transactional id, as FindCoordinator answers. */
async function coordinatorOf(transactionalId: string): Promise<number> {
  const c = await cluster.client(cluster.aliveBroker());
  for (;;) {
    const response = await c.send(findCoordinator, 4, { keyType: 1, coordinatorKeys: [transactionalId] });
    const found = response.coordinators[0]!;
    if (found.errorCode === ErrorCode.NONE) return found.nodeId;
    expect(found.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function describeTxn(transactionalId: string) {
  const c = await cluster.client(await coordinatorOf(transactionalId));
  const response = await c.send(describeTransactions, 0, { transactionalIds: [transactionalId] });
  return response.transactionStates[0]!;
}

describe('transactions with kafkajs', () => {
  test('commits and aborts; read_committed sees exactly the committed records', async () => {
    const producer = kafka().producer({
      transactionalId: 'e2e-commit',
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    try {
      const send = async (values: string[], commit: boolean) => {
        const txn = await producer.transaction();
        await txn.send({ topic: TOPIC, messages: values.map((value, i) => ({ value, partition: i % 2 })) });
        if (commit) await txn.commit();
        else await txn.abort();
      };
      await send(['a0', 'a1', 'a2'], true);
      await send(['b0', 'b1'], false);
      await send(['c0'], true);
    } finally {
      await producer.disconnect();
    }
    expect(await readCommitted('e2e-commit-reader', 4)).toEqual(['a0', 'a1', 'a2', 'c0']);
    const described = await describeTxn('e2e-commit');
    expect(described).toMatchObject({
      errorCode: ErrorCode.NONE,
      transactionState: 'CompleteCommit',
      topics: [],
    });
  }, 60_000);

  test('the coordinator’s broker dies mid-transaction; the next coordinator rebuilds the id and the commit lands', async () => {
    const id = 'e2e-failover';
    const producer = kafka().producer({ transactionalId: id, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const txn = await producer.transaction();
      await txn.send({
        topic: TOPIC,
        messages: [
          { value: 'f0', partition: 0 },
          { value: 'f1', partition: 1 },
        ],
      });
      const before = await describeTxn(id);
      expect(before).toMatchObject({ transactionState: 'Ongoing' });
      const victim = await coordinatorOf(id);
      await cluster.cluster.faults.kill(asBrokerId(victim));
      await until(
        () =>
          cluster.cluster.brokers().some(
            (b) =>
              b.state === 'running' &&
              cluster.cluster
                .broker(b.id)
                .transactionCoordinator?.localTransactions()
                .some((t) => t.transactionalId === id),
          ),
        20_000,
        'another broker loading the transactional id',
      );
      const after = await describeTxn(id);
      expect(after).toMatchObject({
        transactionState: 'Ongoing',
        producerId: before.producerId,
        producerEpoch: before.producerEpoch,
      });
      await txn.commit();
      await cluster.cluster.faults.start(asBrokerId(victim));
    } finally {
      await producer.disconnect();
    }
    const values = await readCommitted('e2e-failover-reader', 6);
    expect(values).toEqual(['a0', 'a1', 'a2', 'c0', 'f0', 'f1']);
    expect((await describeTxn(id)).transactionState).toBe('CompleteCommit');
  }, 90_000);

  test('consume-transform-produce with sendOffsets: every input record lands exactly once though the coordinator, then an output partition’s leader, dies mid-transaction', async () => {
    const input = 'txn-ctp-in';
    const output = 'txn-ctp-out';
    const groupId = 'txn-ctp';
    const id = 'e2e-ctp';
    const total = 120;
    await cluster.createTopic(input, 2, 3);
    await cluster.createTopic(output, 2, 3);
    const plain = kafka().producer();
    await plain.connect();
    await plain.send({
      topic: input,
      acks: -1,
      messages: Array.from({ length: total }, (_, i) => ({ value: `r${i}`, partition: i % 2 })),
    });
    await plain.disconnect();

    const producer = kafka().producer({ transactionalId: id, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    let transformed = 0;
    let open: kafkajs.Transaction | null = null;
    /** The output partition the open transaction wrote to. */
    let openPartition = -1;
    /**
     * Transforms batches, each in one transaction with its offsets, until `stopAt` records are
     * done; with `leaveOpen` the batch that reaches it stays in an open transaction. (The consumer
     * is stopped before a broker is killed: kafkajs's fetch loop spins when a broker vanishes.)
     */
    const transform = async (stopAt: number, leaveOpen: boolean): Promise<void> => {
      const consumer = kafka().consumer({
        groupId,
        readUncommitted: false,
        maxBytesPerPartition: 200,
        maxWaitTimeInMs: 100,
      });
      await consumer.connect();
      await consumer.subscribe({ topic: input, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          if (transformed >= stopAt || open !== null) return;
          const txn = await producer.transaction();
          await txn.send({
            topic: output,
            messages: batch.messages.map((m) => ({
              value: `${m.value!.toString()}-out`,
              partition: batch.partition,
            })),
          });
          await txn.sendOffsets({
            consumerGroupId: groupId,
            topics: [
              {
                topic: input,
                partitions: [{ partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }],
              },
            ],
          });
          transformed += batch.messages.length;
          if (leaveOpen && transformed >= stopAt) {
            open = txn;
            openPartition = batch.partition;
          } else await txn.commit();
        },
      });
      await until(() => transformed >= stopAt, 30_000, `${stopAt} records transformed`);
      await consumer.disconnect();
    };
    /** Kills a broker, commits the open transaction, and starts the broker again. */
    const commitWithout = async (victim: number): Promise<void> => {
      await cluster.cluster.faults.kill(asBrokerId(victim));
      try {
        await (open as kafkajs.Transaction | null)!.commit();
        open = null;
      } finally {
        await cluster.cluster.faults.start(asBrokerId(victim));
      }
    };
    await transform(total / 3, true);
    await commitWithout(await coordinatorOf(id));
    // The open transaction's records sit on the leader that dies: its markers must reach the
    // partition's next leader.
    await transform((2 * total) / 3, true);
    await commitWithout(cluster.leaderOf(output, openPartition));
    await transform(total, false);
    await producer.disconnect();

    const admin = kafka().admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId, topics: [input] });
    await admin.disconnect();
    expect(committed[0]!.partitions.map((p) => p.offset)).toEqual([String(total / 2), String(total / 2)]);
    const reader = kafka().consumer({
      groupId: 'txn-ctp-reader',
      readUncommitted: false,
      maxWaitTimeInMs: 100,
    });
    const seen: string[] = [];
    await reader.connect();
    try {
      await reader.subscribe({ topic: output, fromBeginning: true });
      await reader.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
      await until(() => seen.length >= total, 30_000, 'the transformed records');
    } finally {
      await reader.disconnect();
    }
    expect([...seen].sort()).toEqual(Array.from({ length: total }, (_, i) => `r${i}-out`).sort());
  }, 120_000);
});
