/**
 * Transactions end to end on a 3-broker cluster with a real client (kafkajs): the coordinator
 * found through FindCoordinator, partitions added, markers written by the partition leaders,
 * read_committed consumers seeing exactly the committed records; then the coordinator's broker
 * killed with a transaction open, and the new leader of its __transaction_state partition
 * rebuilding the id from the log so the producer can still commit.
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
});
