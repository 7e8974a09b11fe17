/**
 * The console's transaction operations and transactional browsing against a real 3-broker
 * cluster over the wire client. Transactions are written as a transactional producer writes
 * them (transactional batches, then markers through WriteTxnMarkers), so what is tested here is
 * the console's reading of the partition side: the last stable offset beside the high
 * watermark, the open transaction holding it, `kafka-transactions abort`'s way of ending it, and
 * records marked committed, aborted or open (transactions.e2e covers a real client's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as initProducerId from '../../../engine/protocol/apis/init-producer-id.js';
import * as produce from '../../../engine/protocol/apis/produce.js';
import * as writeTxnMarkers from '../../../engine/protocol/apis/write-txn-markers.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { asBrokerId } from '../../../engine/types.js';
import { ApiError } from '../../../host/api/errors.js';
import { browseInputSchema, type MessageRecord } from '../../../host/api/schemas/messages.js';
import { browse } from '../../../host/console/browse.js';
import { readRanges } from '../../../host/console/record-stream.js';
import { abortTransaction, transactionPartitions } from '../../../host/console/transactions.js';
import { KafkaClient } from '../../../host/kafka-client/client.js';
import { batch, produceRequest } from '../../engine/broker/requests.js';
import { TestCluster } from '../../engine/broker/test-cluster.js';

const TOPIC = 'console-txn';
const never = new AbortController().signal;
let cluster: TestCluster;
let access: KafkaClient;

beforeAll(async () => {
  cluster = await TestCluster.start();
  await cluster.createTopic(TOPIC, 2, 3);
  access = new KafkaClient({
    bootstrap: cluster.cluster.brokers().map((b) => `127.0.0.1:${b.port}`),
    clientId: 'console-txn-test',
  });
}, 60_000);

afterAll(async () => {
  await access?.close();
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
  return init.producerId;
}

async function send(partition: number, values: string[], producer?: { id: bigint; sequence: number }) {
  const c = await cluster.leaderClient(TOPIC, partition);
  const records = producer
    ? batch(values, {
        producerId: producer.id,
        producerEpoch: 0,
        baseSequence: producer.sequence,
        isTransactional: true,
      })
    : batch(values);
  const response = await c.send(
    produce,
    9,
    produceRequest(TOPIC, partition, records, { transactionalId: producer ? 'tx' : null }),
  );
  expect(response.responses[0]!.partitionResponses[0]!.errorCode).toBe(ErrorCode.NONE);
}

async function endTxn(partition: number, producerId: bigint, commit: boolean) {
  const c = await cluster.leaderClient(TOPIC, partition);
  const response = await c.send(writeTxnMarkers, 1, {
    markers: [
      {
        producerId,
        producerEpoch: 0,
        transactionResult: commit,
        topics: [{ name: TOPIC, partitionIndexes: [partition] }],
        coordinatorEpoch: 0,
        transactionVersion: 0,
      },
    ],
  });
  expect(response.markers[0]!.topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NONE);
}

async function page(partition: number, options: Record<string, unknown> = {}): Promise<MessageRecord[]> {
  const input = browseInputSchema.parse({ topic: TOPIC, partitions: [partition], ...options });
  return (await browse(access, input, never)).records as MessageRecord[];
}

const summary = (records: readonly MessageRecord[]) =>
  records.map((r) =>
    r.control
      ? `${r.offset}:${r.control.type}`
      : `${r.offset}:${r.value?.data}:${r.transaction?.state ?? 'plain'}`,
  );

describe('transactions in the console', () => {
  it('shows a hanging transaction holding the LSO, marks its records, and aborts it', async () => {
    const committed = await newProducer();
    const hanging = await newProducer();
    await send(0, ['plain-0']);
    await send(0, ['c-1'], { id: committed, sequence: 0 });
    await endTxn(0, committed, true); // marker at 2
    await send(0, ['h-3', 'h-4'], { id: hanging, sequence: 0 });
    await send(0, ['plain-5']);

    const [p0] = await transactionPartitions(access, { topic: TOPIC }, never);
    expect(p0).toMatchObject({ partition: 0, highWatermark: 6, lastStableOffset: 3 });
    expect(p0!.openTransactions).toEqual([
      expect.objectContaining({ producerId: Number(hanging), producerEpoch: 0, startOffset: 3 }),
    ]);

    expect(summary(await page(0))).toEqual([
      '0:plain-0:plain',
      '1:c-1:committed',
      '3:h-3:open',
      '4:h-4:open',
      '5:plain-5:plain',
    ]);
    // A read_committed consumer stops at the LSO.
    expect(summary(await page(0, { isolation: 'read_committed' }))).toEqual([
      '0:plain-0:plain',
      '1:c-1:committed',
    ]);

    const aborted = await abortTransaction(access, { topic: TOPIC, partition: 0 }, never);
    expect(aborted).toEqual({
      topic: TOPIC,
      partition: 0,
      producerId: Number(hanging),
      producerEpoch: 0,
      startOffset: 3,
    });
    const [after] = await transactionPartitions(access, { topic: TOPIC }, never);
    expect(after).toMatchObject({ highWatermark: 7, lastStableOffset: 7, openTransactions: [] });

    expect(summary(await page(0, { showControl: true }))).toEqual([
      '0:plain-0:plain',
      '1:c-1:committed',
      '2:commit',
      '3:h-3:aborted',
      '4:h-4:aborted',
      '5:plain-5:plain',
      '6:abort',
    ]);
    expect(summary(await page(0, { isolation: 'read_committed' }))).toEqual([
      '0:plain-0:plain',
      '1:c-1:committed',
      '5:plain-5:plain',
    ]);
  });

  it('streams read_committed without aborted records (the tail and scans read this way)', async () => {
    const values: string[] = [];
    for await (const round of readRanges(access, TOPIC, [{ partition: 0, from: 0, to: Infinity }], {
      isolationLevel: 1,
    })) {
      for (const chunk of round.batches) for (const r of chunk.records) values.push(r.value!.toString());
    }
    expect(values).toEqual(['plain-0', 'c-1', 'plain-5']);
  });

  it('settles records whose marker lies past the page by reading on', async () => {
    const pid = await newProducer();
    // Two 40 kB records: a one-record page reads a 16 kB window, which ends before the marker.
    const big = (c: string) => c.repeat(40_000);
    await send(1, [big('a')], { id: pid, sequence: 0 });
    await send(1, [big('b')], { id: pid, sequence: 1 });
    await endTxn(1, pid, false);
    const first = await page(1, { limit: 1 });
    expect(first.map((r) => [r.offset, r.transaction])).toEqual([
      [0, { producerId: Number(pid), state: 'aborted' }],
    ]);
  });

  it('shows a partition without a leader as such, beside the others', async () => {
    await cluster.createTopic('txn-offline', 2, 1);
    const dead = cluster.leaderOf('txn-offline', 0);
    const other = cluster.leaderOf('txn-offline', 1);
    expect(dead).not.toBe(other); // one replica each, placed on different brokers
    await cluster.cluster.faults.kill(asBrokerId(dead));
    try {
      access.invalidate();
      const partitions = await transactionPartitions(access, { topic: 'txn-offline' }, never);
      expect(partitions.map((p) => [p.partition, p.leader, p.highWatermark])).toEqual([
        [0, -1, null],
        [1, other, 0],
      ]);
    } finally {
      await cluster.cluster.faults.start(asBrokerId(dead));
    }
  }, 60_000);

  it('refuses to abort where no transaction is open, and names them when several are', async () => {
    const none = await abortTransaction(access, { topic: TOPIC, partition: 1 }, never).catch(
      (e: unknown) => e,
    );
    expect(none).toBeInstanceOf(ApiError);
    expect((none as ApiError).code).toBe('NOT_FOUND');

    const a = await newProducer();
    const b = await newProducer();
    await send(1, ['x'], { id: a, sequence: 0 });
    await send(1, ['y'], { id: b, sequence: 0 });
    const both = await abortTransaction(access, { topic: TOPIC, partition: 1 }, never).catch(
      (e: unknown) => e,
    );
    expect((both as ApiError).code).toBe('CONFLICT');
    expect((both as ApiError).message).toContain(`producer ${a}`);
    await abortTransaction(access, { topic: TOPIC, partition: 1, producerId: Number(b) }, never);
    const [, p1] = await transactionPartitions(access, { topic: TOPIC }, never);
    expect(p1!.openTransactions.map((o) => o.producerId)).toEqual([Number(a)]);
  });
});
