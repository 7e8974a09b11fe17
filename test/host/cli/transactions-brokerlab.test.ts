/**
 * `brokerlab transactions` against Brokerlab's own 3-broker cluster, with kafkajs as the
 * transactional producer: a transaction left open (the producer went away without ending it)
 * is listed Ongoing with its partition, holds the partition's last stable offset, and keeps a
 * read_committed consumer from the records after it; `transactions abort` ends it on that
 * partition and the consumer carries on. Also: describe, a committed transaction, and the
 * refusals with their exit codes.
 */
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartitionStability, Transaction } from '../../../host/api/schemas/transactions.js';
import { verbs } from '../../../host/cli/commands/index.js';
import { runCli } from '../../../host/cli/program.js';
import { TestCluster } from '../../engine/broker/test-cluster.js';
import { until } from '../../engine/broker/wire.js';
import { bootstrapOf, quickGroups } from '../../engine/groups/group-cluster.js';
import { testIo } from './cli-io.js';

const TOPIC = 'txn-cli';
const HANGING = 'cli-hanging';

describe('brokerlab transactions against Brokerlab', () => {
  let cluster: TestCluster;
  let kafka: kafkajs.Kafka;

  const cli = async (...args: string[]) => {
    const io = testIo({ BROKERLAB_BOOTSTRAP: bootstrapOf(cluster) });
    const code = await runCli(args, io, verbs);
    return { code, out: io.out(), err: io.err() };
  };
  const json = async <T>(...args: string[]): Promise<T> => {
    const result = await cli(...args, '--json');
    expect(result).toMatchObject({ code: 0, err: '' });
    return JSON.parse(result.out) as T;
  };

  beforeAll(async () => {
    cluster = await TestCluster.start({ brokers: 3, config: quickGroups });
    await cluster.createTopic(TOPIC, 1, 3);
    kafka = new kafkajs.Kafka({
      brokers: bootstrapOf(cluster).split(','),
      logLevel: kafkajs.logLevel.NOTHING,
      retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 1000 },
    });
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
    expect(cluster?.bugs ?? []).toEqual([]);
  });

  it('finds a hanging transaction, shows it holding the LSO, and aborting it unblocks read_committed', async () => {
    // Records before the transaction, then the transaction left open, then records after it.
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({ topic: TOPIC, acks: -1, messages: [{ value: 'before' }] });
    const transactional = kafka.producer({
      transactionalId: HANGING,
      maxInFlightRequests: 1,
      idempotent: true,
      transactionTimeout: 600_000,
    });
    await transactional.connect();
    const txn = await transactional.transaction();
    await txn.send({ topic: TOPIC, acks: -1, messages: [{ value: 'in-limbo' }] });
    await transactional.disconnect(); // gone without committing or aborting
    await plain.send({ topic: TOPIC, acks: -1, messages: [{ value: 'after' }] });
    await plain.disconnect();

    const listed = await json<Transaction[]>('transactions', 'list');
    const hanging = listed.find((t) => t.transactionalId === HANGING);
    expect(hanging).toMatchObject({ state: 'Ongoing', partitions: [{ topic: TOPIC, partition: 0 }] });
    expect(hanging!.startedAt).not.toBeNull();
    const described = await json<Transaction>('transactions', 'describe', HANGING);
    expect(described).toMatchObject({
      transactionalId: HANGING,
      state: 'Ongoing',
      producerId: hanging!.producerId,
    });

    const [held] = await json<PartitionStability[]>('transactions', 'partitions', TOPIC);
    expect(held).toMatchObject({ partition: 0, highWatermark: 3, lastStableOffset: 1 });
    expect(held!.openTransactions).toEqual([
      expect.objectContaining({ producerId: hanging!.producerId, startOffset: 1, transactionalId: HANGING }),
    ]);
    const table = await cli('transactions', 'partitions', TOPIC);
    expect(table.out).toMatch(/HELD BY/);
    expect(table.out).toContain(`${HANGING} (epoch ${hanging!.producerEpoch}, from 1)`);

    // A read_committed consumer gets only what precedes the open transaction.
    const seen: string[] = [];
    const consumer = kafka.consumer({
      groupId: 'cli-committed',
      readUncommitted: false,
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    try {
      await until(() => seen.length >= 1, 20_000, 'the record before the transaction');
      expect(seen).toEqual(['before']);

      const aborted = await cli('transactions', 'abort', '--topic', TOPIC, '--partition', '0');
      expect(aborted).toMatchObject({ code: 0, err: '' });
      expect(aborted.out).toContain(`aborted the transaction of producer ${hanging!.producerId}`);
      await until(() => seen.length >= 2, 20_000, 'the record after the aborted transaction');
      expect(seen).toEqual(['before', 'after']);
    } finally {
      await consumer.disconnect();
    }
    const [after] = await json<PartitionStability[]>('transactions', 'partitions', TOPIC);
    expect(after).toMatchObject({ highWatermark: 4, lastStableOffset: 4, openTransactions: [] });
  }, 90_000);

  it('lists a committed transaction as ended and refuses to abort where nothing is open', async () => {
    const producer = kafka.producer({
      transactionalId: 'cli-committed-tx',
      maxInFlightRequests: 1,
      idempotent: true,
    });
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: TOPIC, acks: -1, messages: [{ value: 'committed' }] });
    await txn.commit();
    await producer.disconnect();
    const described = await json<Transaction>('transactions', 'describe', 'cli-committed-tx');
    expect(['CompleteCommit', 'Empty']).toContain(described.state);
    expect(described.startedAt).toBeNull();

    const none = await cli('transactions', 'abort', '--topic', TOPIC, '--partition', '0');
    expect(none.code).not.toBe(0);
    expect(none.err).toContain('there is no open transaction');
    const unknown = await cli('transactions', 'describe', 'no-such-id');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('no-such-id');
    const bad = await cli('transactions', 'abort', '--topic', TOPIC);
    expect(bad.code).toBe(2);
  });
});
