/**
 * The transaction APIs over the wire on a 3-broker cluster, where a client sees them: the
 * versions ApiVersions advertises (EndTxn stops at v4, declined above as Kafka 3.x does), the
 * coordinator found through FindCoordinator, partitions that do not exist, and PRODUCER_FENCED
 * answered as INVALID_PRODUCER_EPOCH to versions that predate it (KIP-588).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as addOffsetsToTxn from '../../../engine/protocol/apis/add-offsets-to-txn.js';
import * as addPartitionsToTxn from '../../../engine/protocol/apis/add-partitions-to-txn.js';
import * as apiVersions from '../../../engine/protocol/apis/api-versions.js';
import * as endTxn from '../../../engine/protocol/apis/end-txn.js';
import * as findCoordinator from '../../../engine/protocol/apis/find-coordinator.js';
import * as initProducerId from '../../../engine/protocol/apis/init-producer-id.js';
import * as listTransactions from '../../../engine/protocol/apis/list-transactions.js';
import { ApiKey } from '../../../engine/protocol/api-keys.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { TestCluster } from './test-cluster.js';
import type { WireClient } from './wire.js';

const TOPIC = 'txn-wire';
let cluster: TestCluster;

beforeAll(async () => {
  cluster = await TestCluster.start();
  await cluster.createTopic(TOPIC, 2, 3);
}, 60_000);

afterAll(async () => {
  expect(cluster.bugs).toEqual([]);
  await cluster.stop();
});

/** A connection to the coordinator of the id, once FindCoordinator names one. */
async function coordinator(transactionalId: string): Promise<WireClient> {
  const c = await cluster.client(cluster.aliveBroker());
  for (;;) {
    const [found] = (await c.send(findCoordinator, 4, { keyType: 1, coordinatorKeys: [transactionalId] }))
      .coordinators;
    if (found!.errorCode === ErrorCode.NONE) return cluster.client(found!.nodeId);
    expect(found!.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function init(c: WireClient, transactionalId: string, version = 4) {
  for (;;) {
    const response = await c.send(initProducerId, version, {
      transactionalId,
      transactionTimeoutMs: 30_000,
      producerId: -1n,
      producerEpoch: -1,
    });
    if (
      response.errorCode !== ErrorCode.CONCURRENT_TRANSACTIONS &&
      response.errorCode !== ErrorCode.COORDINATOR_LOAD_IN_PROGRESS
    )
      return response;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function addPartitions(
  transactionalId: string,
  p: { producerId: bigint; producerEpoch: number },
  topics: { name: string; partitions: number[] }[],
) {
  return { transactions: [{ transactionalId, ...p, verifyOnly: false, topics }] };
}

describe('transaction APIs over the wire', () => {
  it('advertises the transaction APIs, EndTxn up to v4', async () => {
    const c = await cluster.client(1);
    const { apiKeys } = await c.send(apiVersions, 3, {
      clientSoftwareName: 'test',
      clientSoftwareVersion: '1',
    });
    const range = (key: number) => apiKeys.find((k) => k.apiKey === key);
    expect(range(ApiKey.EndTxn)).toEqual({ apiKey: ApiKey.EndTxn, minVersion: 0, maxVersion: 4 });
    expect(range(ApiKey.InitProducerId)?.maxVersion).toBe(5);
    expect(range(ApiKey.AddPartitionsToTxn)?.maxVersion).toBe(5);
    expect(range(ApiKey.DescribeTransactions)?.maxVersion).toBe(0);
    expect(range(ApiKey.ListTransactions)?.maxVersion).toBe(2);
  });

  it('closes the connection on EndTxn v5', async () => {
    const c = await cluster.client(1);
    const response = c.send(endTxn, 5, {
      transactionalId: 'x',
      producerId: 1n,
      producerEpoch: 0,
      committed: true,
    });
    await expect(response).rejects.toThrow(/connection closed/);
  });

  it('answers unknown partitions UNKNOWN_TOPIC_OR_PARTITION and the rest OPERATION_NOT_ATTEMPTED', async () => {
    const id = 'wire-unknown';
    const c = await coordinator(id);
    const p = await init(c, id);
    expect(p.errorCode).toBe(ErrorCode.NONE);
    const response = await c.send(
      addPartitionsToTxn,
      3,
      addPartitions(id, p, [
        { name: TOPIC, partitions: [0, 7] },
        { name: 'no-such-topic', partitions: [0] },
      ]),
    );
    expect(response.resultsByTransaction[0]!.topicResults).toEqual([
      {
        name: TOPIC,
        resultsByPartition: [
          { partitionIndex: 0, partitionErrorCode: ErrorCode.OPERATION_NOT_ATTEMPTED },
          { partitionIndex: 7, partitionErrorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
        ],
      },
      {
        name: 'no-such-topic',
        resultsByPartition: [{ partitionIndex: 0, partitionErrorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }],
      },
    ]);
  });

  it('a fenced producer hears PRODUCER_FENCED from new versions, INVALID_PRODUCER_EPOCH from old ones', async () => {
    const id = 'wire-fenced';
    const c = await coordinator(id);
    const old = await init(c, id);
    const current = await init(c, id);
    expect(current.producerEpoch).toBe(old.producerEpoch + 1);
    const add = (version: number) =>
      c.send(addPartitionsToTxn, version, addPartitions(id, old, [{ name: TOPIC, partitions: [0] }]));
    expect(
      (await add(1)).resultsByTransaction[0]!.topicResults[0]!.resultsByPartition[0]!.partitionErrorCode,
    ).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(
      (await add(3)).resultsByTransaction[0]!.topicResults[0]!.resultsByPartition[0]!.partitionErrorCode,
    ).toBe(ErrorCode.PRODUCER_FENCED);
    const offsets = (version: number) =>
      c.send(addOffsetsToTxn, version, { transactionalId: id, ...old, groupId: 'g' });
    expect((await offsets(1)).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect((await offsets(3)).errorCode).toBe(ErrorCode.PRODUCER_FENCED);
    const end = (version: number) =>
      c.send(endTxn, version, { transactionalId: id, ...old, committed: true });
    expect((await end(1)).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect((await end(4)).errorCode).toBe(ErrorCode.PRODUCER_FENCED);
  });

  it('verifies partitions in a transaction for brokers (AddPartitionsToTxn v4, verifyOnly)', async () => {
    const id = 'wire-verify';
    const c = await coordinator(id);
    const p = await init(c, id);
    await c.send(addPartitionsToTxn, 3, addPartitions(id, p, [{ name: TOPIC, partitions: [0] }]));
    const response = await c.send(addPartitionsToTxn, 4, {
      transactions: [
        { transactionalId: id, ...p, verifyOnly: true, topics: [{ name: TOPIC, partitions: [0, 1] }] },
      ],
    });
    expect(response.resultsByTransaction[0]).toEqual({
      transactionalId: id,
      topicResults: [
        {
          name: TOPIC,
          resultsByPartition: [
            { partitionIndex: 0, partitionErrorCode: ErrorCode.NONE },
            { partitionIndex: 1, partitionErrorCode: ErrorCode.INVALID_TXN_STATE },
          ],
        },
      ],
    });
    const listed = await c.send(listTransactions, 1, {
      stateFilters: ['Ongoing'],
      producerIdFilters: [],
      durationFilter: -1n,
      transactionalIdPattern: null,
    });
    expect(listed.transactionStates).toContainEqual({
      transactionalId: id,
      producerId: p.producerId,
      transactionState: 'Ongoing',
    });
  });
});
