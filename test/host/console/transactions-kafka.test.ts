/**
 * The console's transaction operations against Apache Kafka itself, over the wire client: what
 * they show of a kafkajs transaction left open, and its abort, are what they show on Brokerlab
 * (test/host/console/transactions.test.ts, test/host/cli/transactions-brokerlab.test.ts).
 */
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browseInputSchema, type MessageRecord } from '../../../host/api/schemas/messages.js';
import { browse } from '../../../host/console/browse.js';
import {
  abortTransaction,
  describeTransaction,
  listTransactions,
  transactionPartitions,
} from '../../../host/console/transactions.js';
import { KafkaClient } from '../../../host/kafka-client/client.js';
import { kafkaAvailable, kafkaSkipNote, useKafkaPeer } from '../kafka-peer.js';

const TOPIC = 'console-txn-kafka';
const ID = 'console-kafka-hanging';
const never = new AbortController().signal;

describe.skipIf(!kafkaAvailable)(`transactions in the console against Apache Kafka${kafkaSkipNote}`, () => {
  const peer = useKafkaPeer({ nodes: 1 });
  let access: KafkaClient;
  let kafka: kafkajs.Kafka;

  beforeAll(async () => {
    access = new KafkaClient({ bootstrap: peer().bootstrap, clientId: 'console-txn-kafka' });
    kafka = new kafkajs.Kafka({
      brokers: peer().bootstrap.split(','),
      logLevel: kafkajs.logLevel.NOTHING,
      retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
  }, 60_000);

  afterAll(async () => {
    await access?.close();
  });

  const page = async (options: Record<string, unknown>) =>
    (await browse(access, browseInputSchema.parse({ topic: TOPIC, ...options }), never))
      .records as MessageRecord[];

  it('lists, describes, shows the LSO held, marks the records, and aborts as on Brokerlab', async () => {
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({ topic: TOPIC, acks: -1, messages: [{ value: 'before' }] });
    const producer = kafka.producer({
      transactionalId: ID,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 600_000,
    });
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: TOPIC, acks: -1, messages: [{ value: 'open' }] });
    await producer.disconnect();
    await plain.send({ topic: TOPIC, acks: -1, messages: [{ value: 'after' }] });
    await plain.disconnect();

    const hanging = (await listTransactions(access, never)).find((t) => t.transactionalId === ID);
    expect(hanging).toMatchObject({ state: 'Ongoing', partitions: [{ topic: TOPIC, partition: 0 }] });
    expect(hanging!.startedAt).not.toBeNull();
    expect(await describeTransaction(access, { transactionalId: ID }, never)).toEqual(hanging);

    const [held] = await transactionPartitions(access, { topic: TOPIC }, never);
    expect(held).toMatchObject({ highWatermark: 3, lastStableOffset: 1 });
    expect(held!.openTransactions).toEqual([
      expect.objectContaining({ producerId: hanging!.producerId, startOffset: 1, transactionalId: ID }),
    ]);
    expect((await page({})).map((r) => [r.offset, r.transaction?.state ?? null])).toEqual([
      [0, null],
      [1, 'open'],
      [2, null],
    ]);
    expect((await page({ isolation: 'read_committed' })).map((r) => r.offset)).toEqual([0]);

    await abortTransaction(access, { topic: TOPIC, partition: 0 }, never);
    const [after] = await transactionPartitions(access, { topic: TOPIC }, never);
    expect(after).toMatchObject({ highWatermark: 4, lastStableOffset: 4, openTransactions: [] });
    const marked = await page({ showControl: true });
    expect(marked.map((r) => [r.offset, r.transaction?.state ?? r.control?.type ?? null])).toEqual([
      [0, null],
      [1, 'aborted'],
      [2, null],
      [3, 'abort'],
    ]);
    expect((await page({ isolation: 'read_committed' })).map((r) => r.offset)).toEqual([0, 2]);
  }, 120_000);
});
