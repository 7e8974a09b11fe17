import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fetchApi from '../../../engine/protocol/apis/fetch.js';
import * as initProducerId from '../../../engine/protocol/apis/init-producer-id.js';
import * as describeProducers from '../../../engine/protocol/apis/describe-producers.js';
import * as produce from '../../../engine/protocol/apis/produce.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { decodeRecordSet } from '../../../engine/records/codec.js';
import { batch, fetchRequest, produceRequest } from './requests.js';
import { TestCluster } from './test-cluster.js';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await TestCluster.start();
  await cluster.createTopic('orders', 2, 3);
  await cluster.createTopic('small', 1, 3, { 'max.message.bytes': '200' });
});

afterAll(async () => {
  expect(cluster.bugs).toEqual([]);
  await cluster.stop();
});

const partitionOf = (r: produce.ProduceResponse) => r.responses[0]!.partitionResponses[0]!;

/** Every value from `offset` to the high watermark, fetched as a consumer does (one segment per fetch). */
async function values(topic: string, partition: number, offset = 0): Promise<string[]> {
  const c = await cluster.leaderClient(topic, partition);
  const found: string[] = [];
  let next = offset;
  for (;;) {
    const response = await c.send(fetchApi, 12, fetchRequest([{ topic, partition, offset: next }]));
    const data = response.responses[0]!.partitions[0]!;
    expect(data.errorCode).toBe(ErrorCode.NONE);
    for (const b of await decodeRecordSet(data.records as Buffer)) {
      for (const r of b.records) if (r.offset >= next) found.push(r.value!.toString());
      next = Math.max(next, b.lastOffset + 1);
    }
    if (next >= Number(data.highWatermark)) return found;
  }
}

describe('Produce', () => {
  it('appends with acks=1 and acks=all and reports offsets and the log start', async () => {
    const c = await cluster.leaderClient('orders', 0);
    const first = partitionOf(
      await c.send(produce, 9, produceRequest('orders', 0, batch(['a', 'b']), { acks: 1 })),
    );
    const second = partitionOf(
      await c.send(produce, 11, produceRequest('orders', 0, batch(['c']), { acks: -1 })),
    );
    expect(first).toMatchObject({ errorCode: 0, baseOffset: 0n, logStartOffset: 0n, logAppendTimeMs: -1n });
    expect(second).toMatchObject({ errorCode: 0, baseOffset: 2n });
    expect(await values('orders', 0)).toEqual(['a', 'b', 'c']);
  });

  it('names topics by id from v13', async () => {
    const topicId = (await cluster.metadata('orders'))!.topicId;
    const c = await cluster.leaderClient('orders', 1);
    const response = await c.send(produce, 13, produceRequest('', 1, batch(['by-id']), { topicId }));
    expect(response.responses[0]).toMatchObject({
      topicId,
      partitionResponses: [{ errorCode: 0, baseOffset: 0n }],
    });
    const unknown = await c.send(
      produce,
      13,
      produceRequest('', 1, batch(['x']), { topicId: 'AAAAAAAAAAAAAAAAAAAAAQ' }),
    );
    expect(partitionOf(unknown).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_ID);
  });

  it('refuses a follower with NOT_LEADER_OR_FOLLOWER naming the leader and its endpoint (v10+)', async () => {
    const leader = cluster.leaderOf('orders', 0);
    const c = await cluster.client(cluster.followerOf('orders', 0));
    const response = await c.send(produce, 10, produceRequest('orders', 0, batch(['x'])));
    expect(partitionOf(response)).toMatchObject({
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
      baseOffset: -1n,
      currentLeader: { leaderId: leader },
    });
    expect(response.nodeEndpoints).toEqual([
      { nodeId: leader, host: '127.0.0.1', port: cluster.port(leader), rack: null },
    ]);
  });

  it('answers unknown topics and partitions with UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const c = await cluster.client(1);
    expect(partitionOf(await c.send(produce, 9, produceRequest('nope', 0, batch(['x'])))).errorCode).toBe(
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    );
    expect(partitionOf(await c.send(produce, 9, produceRequest('orders', 7, batch(['x'])))).errorCode).toBe(
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    );
  });

  it('refuses acks other than -1, 0 and 1 with INVALID_REQUIRED_ACKS', async () => {
    const c = await cluster.leaderClient('orders', 0);
    const response = await c.send(produce, 9, produceRequest('orders', 0, batch(['x']), { acks: 2 }));
    expect(partitionOf(response).errorCode).toBe(ErrorCode.INVALID_REQUIRED_ACKS);
  });

  it('refuses record sets that are not exactly one v2 batch, and corrupt ones', async () => {
    const c = await cluster.leaderClient('orders', 0);
    const send = async (records: Buffer | null) =>
      partitionOf(await c.send(produce, 9, produceRequest('orders', 0, records)));
    expect((await send(Buffer.concat([batch(['a']), batch(['b'])]))).errorCode).toBe(
      ErrorCode.INVALID_RECORD,
    );
    expect((await send(Buffer.alloc(0))).errorCode).toBe(ErrorCode.INVALID_RECORD);
    const magic1 = batch(['a']);
    magic1.writeInt8(1, 16);
    expect((await send(magic1)).errorCode).toBe(ErrorCode.INVALID_RECORD);
    const corrupt = batch(['a']);
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 2) ^ 0xff, corrupt.length - 2);
    const refused = await send(corrupt);
    expect(refused.errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
  });

  it('refuses a batch over max.message.bytes with MESSAGE_TOO_LARGE and nothing else, as Kafka', async () => {
    const c = await cluster.leaderClient('small', 0);
    const response = await c.send(produce, 9, produceRequest('small', 0, batch(['x'.repeat(500)])));
    expect(partitionOf(response)).toMatchObject({
      errorCode: ErrorCode.MESSAGE_TOO_LARGE,
      recordErrors: [],
      errorMessage: null,
    });
  });

  it('refuses transactional batches without a transactional id', async () => {
    const c = await cluster.leaderClient('orders', 0);
    const records = batch(['t'], {
      isTransactional: true,
      producerId: 5n,
      producerEpoch: 0,
      baseSequence: 0,
    });
    const response = await c.send(produce, 9, produceRequest('orders', 0, records));
    expect(partitionOf(response).errorCode).toBe(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
  });

  it('keeps an idempotent producer exactly-once: duplicates answered with their offsets, gaps refused', async () => {
    const c = await cluster.leaderClient('orders', 1);
    const init = await c.send(initProducerId, 4, {
      transactionalId: null,
      transactionTimeoutMs: 60_000,
      producerId: -1n,
      producerEpoch: -1,
    });
    expect(init).toMatchObject({ errorCode: 0, producerEpoch: 0 });
    const idempotent = (values: string[], baseSequence: number) =>
      batch(values, { producerId: init.producerId, producerEpoch: 0, baseSequence });
    const first = partitionOf(
      await c.send(produce, 9, produceRequest('orders', 1, idempotent(['i0', 'i1'], 0))),
    );
    const retry = partitionOf(
      await c.send(produce, 9, produceRequest('orders', 1, idempotent(['i0', 'i1'], 0))),
    );
    expect(first.errorCode).toBe(0);
    expect(retry).toMatchObject({ errorCode: 0, baseOffset: first.baseOffset });
    const gap = partitionOf(await c.send(produce, 9, produceRequest('orders', 1, idempotent(['i5'], 5))));
    expect(gap.errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    const next = partitionOf(await c.send(produce, 9, produceRequest('orders', 1, idempotent(['i2'], 2))));
    expect(next).toMatchObject({ errorCode: 0, baseOffset: first.baseOffset + 2n });
    expect(await values('orders', 1, Number(first.baseOffset))).toEqual(['i0', 'i1', 'i2']);

    const producers = await c.send(describeProducers, 0, {
      topics: [{ name: 'orders', partitionIndexes: [1] }],
    });
    expect(producers.topics[0]!.partitions[0]).toMatchObject({
      errorCode: 0,
      activeProducers: [{ producerId: init.producerId, producerEpoch: 0, lastSequence: 2 }],
    });
  });

  it('answers a transactional InitProducerId sent before FindCoordinator with NOT_COORDINATOR, as Kafka does', async () => {
    const c = await cluster.client(1);
    const response = await c.send(initProducerId, 4, {
      transactionalId: 'tx',
      transactionTimeoutMs: 60_000,
      producerId: -1n,
      producerEpoch: -1,
    });
    // The client asks FindCoordinator, which creates __transaction_state, and retries there.
    expect(response.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
  });
});
