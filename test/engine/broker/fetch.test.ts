import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as deleteRecords from '../../../engine/protocol/apis/delete-records.js';
import * as fetchApi from '../../../engine/protocol/apis/fetch.js';
import * as listOffsets from '../../../engine/protocol/apis/list-offsets.js';
import * as offsetForLeaderEpoch from '../../../engine/protocol/apis/offset-for-leader-epoch.js';
import * as produce from '../../../engine/protocol/apis/produce.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { batch, fetchRequest, listOffsetsRequest, produceRequest } from './requests.js';
import { TestCluster } from './test-cluster.js';

let cluster: TestCluster;
const T = 1_700_000_000_000;

beforeAll(async () => {
  cluster = await TestCluster.start();
  await cluster.createTopic('events', 2, 3);
  await cluster.createTopic('timed', 1, 3);
  // Six records one second apart: offsets 0..5 at T, T+1s, ...
  const c = await cluster.leaderClient('timed', 0);
  for (let i = 0; i < 6; i++) {
    await c.send(produce, 9, produceRequest('timed', 0, batch([`t${i}`], { timestamp: T + i * 1000 })));
  }
});

afterAll(async () => {
  expect(cluster.bugs).toEqual([]);
  await cluster.stop();
});

const only = (r: fetchApi.FetchResponse) => r.responses[0]!.partitions[0]!;

describe('Fetch', () => {
  it('long-polls until data arrives, then answers before max wait', async () => {
    const consumer = await cluster.leaderClient('events', 0);
    const producer = await cluster.leaderClient('events', 0);
    const started = Date.now();
    const poll = consumer.send(
      fetchApi,
      12,
      fetchRequest([{ topic: 'events', partition: 0, offset: 0 }], { maxWaitMs: 10_000 }),
    );
    await producer.send(produce, 9, produceRequest('events', 0, batch(['wake'])));
    const data = only(await poll);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(data).toMatchObject({
      errorCode: 0,
      highWatermark: 1n,
      lastStableOffset: 1n,
      logStartOffset: 0n,
      preferredReadReplica: -1,
    });
    expect((data.records as Buffer).length).toBeGreaterThan(0);
  });

  it('answers after max wait with no records when nothing arrives', async () => {
    const c = await cluster.leaderClient('events', 1);
    const started = Date.now();
    const data = only(
      await c.send(
        fetchApi,
        12,
        fetchRequest([{ topic: 'events', partition: 1, offset: 0 }], { maxWaitMs: 300 }),
      ),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(data).toMatchObject({ errorCode: 0, highWatermark: 0n });
    expect((data.records as Buffer).length).toBe(0);
  });

  it("refuses offsets past the log end, followers and stale leader epochs with Kafka's codes", async () => {
    const leader = await cluster.leaderClient('timed', 0);
    const follower = await cluster.client(cluster.followerOf('timed', 0));
    expect(
      only(await leader.send(fetchApi, 12, fetchRequest([{ topic: 'timed', partition: 0, offset: 99 }])))
        .errorCode,
    ).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    const topicId = (await cluster.metadata('timed'))!.topicId;
    const notLeader = await follower.send(
      fetchApi,
      16,
      fetchRequest([{ topic: '', topicId, partition: 0, offset: 0 }]),
    );
    expect(only(notLeader)).toMatchObject({
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
      currentLeader: { leaderId: cluster.leaderOf('timed', 0) },
    });
    expect(notLeader.nodeEndpoints.map((n) => n.nodeId)).toEqual([cluster.leaderOf('timed', 0)]);
    const fenced = await leader.send(
      fetchApi,
      12,
      fetchRequest([{ topic: 'timed', partition: 0, offset: 0, currentLeaderEpoch: 99 }]),
    );
    expect(only(fenced).errorCode).toBe(ErrorCode.UNKNOWN_LEADER_EPOCH);
  });

  it('names topics by id from v13 and answers an unknown id with UNKNOWN_TOPIC_ID', async () => {
    const topicId = (await cluster.metadata('timed'))!.topicId;
    const c = await cluster.leaderClient('timed', 0);
    const response = await c.send(
      fetchApi,
      13,
      fetchRequest([
        { topic: '', topicId, partition: 0, offset: 0 },
        { topic: '', topicId: 'AAAAAAAAAAAAAAAAAAAAAQ', partition: 0, offset: 0 },
      ]),
    );
    expect(response.responses.map((t) => [t.topicId, t.partitions[0]!.errorCode])).toEqual([
      [topicId, ErrorCode.NONE],
      ['AAAAAAAAAAAAAAAAAAAAAQ', ErrorCode.UNKNOWN_TOPIC_ID],
    ]);
  });

  it('keeps an incremental fetch session: only partitions with news come back', async () => {
    const c = await cluster.leaderClient('events', 0);
    const partitions = [{ topic: 'events', partition: 0, offset: 1 }];
    const full = await c.send(fetchApi, 12, fetchRequest(partitions, { sessionId: 0, sessionEpoch: 0 }));
    expect(full.sessionId).toBeGreaterThan(0);
    expect(full.responses).toHaveLength(1);
    const quiet = await c.send(
      fetchApi,
      12,
      fetchRequest([], { sessionId: full.sessionId, sessionEpoch: 1 }),
    );
    expect(quiet).toMatchObject({ errorCode: 0, sessionId: full.sessionId, responses: [] });
    await c.send(produce, 9, produceRequest('events', 0, batch(['news'])));
    const news = await c.send(fetchApi, 12, fetchRequest([], { sessionId: full.sessionId, sessionEpoch: 2 }));
    expect(news.responses[0]!.partitions[0]).toMatchObject({ partitionIndex: 0, highWatermark: 2n });
    const stale = await c.send(
      fetchApi,
      12,
      fetchRequest([], { sessionId: full.sessionId, sessionEpoch: 2 }),
    );
    expect(stale).toMatchObject({ errorCode: ErrorCode.INVALID_FETCH_SESSION_EPOCH, sessionId: 0 });
    const closed = await c.send(
      fetchApi,
      12,
      fetchRequest(partitions, { sessionId: full.sessionId, sessionEpoch: -1 }),
    );
    expect(closed.sessionId).toBe(0);
    const gone = await c.send(fetchApi, 12, fetchRequest([], { sessionId: full.sessionId, sessionEpoch: 3 }));
    expect(gone.errorCode).toBe(ErrorCode.FETCH_SESSION_ID_NOT_FOUND);
  });
});

describe('ListOffsets', () => {
  const lookup = async (timestamp: number) => {
    const c = await cluster.leaderClient('timed', 0);
    const r = await c.send(listOffsets, 8, listOffsetsRequest('timed', [{ partition: 0, timestamp }]));
    return r.topics[0]!.partitions[0]!;
  };

  it('finds earliest, latest, max timestamp and offsets by timestamp', async () => {
    expect(await lookup(-2)).toMatchObject({ errorCode: 0, offset: 0n });
    expect(await lookup(-1)).toMatchObject({ errorCode: 0, offset: 6n });
    expect(await lookup(-3)).toMatchObject({ errorCode: 0, offset: 5n, timestamp: BigInt(T + 5000) });
    expect(await lookup(T)).toMatchObject({ offset: 0n, timestamp: BigInt(T) });
    expect(await lookup(T + 2500)).toMatchObject({ offset: 3n, timestamp: BigInt(T + 3000) });
    expect(await lookup(T + 10_000)).toMatchObject({ errorCode: 0, offset: -1n, timestamp: -1n });
  });

  it('answers INVALID_REQUEST for a partition named twice, and unknown partitions', async () => {
    const c = await cluster.leaderClient('timed', 0);
    const twice = await c.send(
      listOffsets,
      8,
      listOffsetsRequest('timed', [
        { partition: 0, timestamp: -1 },
        { partition: 0, timestamp: -2 },
        { partition: 4, timestamp: -1 },
      ]),
    );
    expect(twice.topics[0]!.partitions.map((p) => p.errorCode)).toEqual([
      ErrorCode.INVALID_REQUEST,
      ErrorCode.INVALID_REQUEST,
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    ]);
    const follower = await cluster.client(cluster.followerOf('timed', 0));
    const refused = await follower.send(
      listOffsets,
      8,
      listOffsetsRequest('timed', [{ partition: 0, timestamp: -1 }]),
    );
    expect(refused.topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  });
});

describe('OffsetForLeaderEpoch', () => {
  it('gives the end of the current epoch and -1 for unknown partitions', async () => {
    const c = await cluster.leaderClient('timed', 0);
    const epoch = (await cluster.metadata('timed'))!.partitions[0]!.leaderEpoch;
    const response = await c.send(offsetForLeaderEpoch, 4, {
      replicaId: -1,
      topics: [
        {
          topic: 'timed',
          partitions: [
            { partition: 0, currentLeaderEpoch: epoch, leaderEpoch: epoch },
            { partition: 9, currentLeaderEpoch: -1, leaderEpoch: 0 },
          ],
        },
      ],
    });
    expect(response.topics[0]!.partitions).toEqual([
      { errorCode: 0, partition: 0, leaderEpoch: epoch, endOffset: 6n },
      { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, partition: 9, leaderEpoch: -1, endOffset: -1n },
    ]);
  });
});

describe('DeleteRecords', () => {
  it('moves the log start forward and refuses offsets past the high watermark', async () => {
    await cluster.createTopic('trimmed', 1, 3);
    const c = await cluster.leaderClient('trimmed', 0);
    await c.send(produce, 9, produceRequest('trimmed', 0, batch(['a', 'b', 'c', 'd'])));
    const request = (offset: bigint) => ({
      topics: [{ name: 'trimmed', partitions: [{ partitionIndex: 0, offset }] }],
      timeoutMs: 5000,
    });
    const trimmed = await c.send(deleteRecords, 2, request(2n));
    expect(trimmed.topics[0]!.partitions[0]).toEqual({ partitionIndex: 0, lowWatermark: 2n, errorCode: 0 });
    const beyond = await c.send(deleteRecords, 2, request(10n));
    expect(beyond.topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    const earliest = await c.send(
      listOffsets,
      8,
      listOffsetsRequest('trimmed', [{ partition: 0, timestamp: -2 }]),
    );
    expect(earliest.topics[0]!.partitions[0]!.offset).toBe(2n);
  });
});
