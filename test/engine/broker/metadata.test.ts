import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../../engine/protocol/api-keys.js';
import * as apiVersions from '../../../engine/protocol/apis/api-versions.js';
import * as describeCluster from '../../../engine/protocol/apis/describe-cluster.js';
import * as describeLogDirs from '../../../engine/protocol/apis/describe-log-dirs.js';
import * as describeTopicPartitions from '../../../engine/protocol/apis/describe-topic-partitions.js';
import * as metadataApi from '../../../engine/protocol/apis/metadata.js';
import * as produce from '../../../engine/protocol/apis/produce.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { ZERO_UUID } from '../../../engine/protocol/uuid.js';
import { asBrokerId } from '../../../engine/types.js';
import { batch, produceRequest } from './requests.js';
import { TestCluster } from './test-cluster.js';
import { until } from './wire.js';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await TestCluster.start();
  await cluster.createTopic('alpha', 2, 3);
  await cluster.createTopic('beta', 3, 2);
  await cluster.createTopic('gamma', 1, 1);
});

afterAll(async () => {
  expect(cluster.bugs).toEqual([]);
  await cluster.stop();
});

const metadataRequest = (
  topics: metadataApi.MetadataRequestTopic[] | null,
  allowAutoTopicCreation = false,
): metadataApi.MetadataRequest => ({
  topics,
  allowAutoTopicCreation,
  includeClusterAuthorizedOperations: false,
  includeTopicAuthorizedOperations: true,
});

const byName = (name: string) => ({ topicId: ZERO_UUID, name });

describe('ApiVersions', () => {
  it('advertises the served APIs and the metadata.version feature', async () => {
    const c = await cluster.client(2);
    const response = await c.send(apiVersions, 4, {
      clientSoftwareName: 'tests',
      clientSoftwareVersion: '1',
    });
    const keys = response.apiKeys.map((k) => k.apiKey);
    for (const key of [ApiKey.Produce, ApiKey.Fetch, ApiKey.Metadata, ApiKey.DescribeTopicPartitions]) {
      expect(keys).toContain(key);
    }
    expect(response.finalizedFeatures).toEqual([
      { name: 'metadata.version', minVersionLevel: 25, maxVersionLevel: 25 },
    ]);
  });
});

describe('Metadata', () => {
  it('lists brokers, the controller and every topic with leaders, replicas and ISR', async () => {
    const c = await cluster.client(1);
    const response = await c.send(metadataApi, 12, metadataRequest(null));
    expect(response.brokers.map((b) => [b.nodeId, b.port])).toEqual(
      [1, 2, 3].map((id) => [id, cluster.port(id)]),
    );
    expect([1, 2, 3]).toContain(response.controllerId);
    expect(response.clusterId).toBe(cluster.cluster.clusterId);
    const alpha = response.topics.find((t) => t.name === 'alpha')!;
    expect(alpha).toMatchObject({ errorCode: 0, isInternal: false, topicAuthorizedOperations: 3576 });
    for (const p of alpha.partitions) {
      expect(p.errorCode).toBe(0);
      expect(p.replicaNodes).toHaveLength(3);
      expect(p.isrNodes.slice().sort()).toEqual(p.replicaNodes.slice().sort());
      expect(p.replicaNodes).toContain(p.leaderId);
    }
  });

  it('answers topics by name and by id, unknown ones and illegal names', async () => {
    const c = await cluster.client(1);
    const alphaId = (await cluster.metadata('alpha'))!.topicId;
    const response = await c.send(
      metadataApi,
      12,
      metadataRequest([
        { topicId: alphaId, name: null },
        { topicId: 'AAAAAAAAAAAAAAAAAAAAAQ', name: null },
        byName('missing'),
        byName('bad name'),
      ]),
    );
    expect(response.topics.map((t) => [t.name, t.errorCode])).toEqual([
      ['alpha', 0],
      [null, ErrorCode.UNKNOWN_TOPIC_ID],
      ['missing', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      ['bad name', ErrorCode.INVALID_TOPIC_EXCEPTION],
    ]);
  });

  it('treats an empty v0 list as all topics and refuses topic ids before v12', async () => {
    const c = await cluster.client(1);
    const v0 = await c.send(metadataApi, 0, metadataRequest([]));
    expect(v0.topics.map((t) => t.name).sort()).toEqual(['alpha', 'beta', 'gamma']);
    const v11 = await c.send(
      metadataApi,
      11,
      metadataRequest([{ topicId: 'AAAAAAAAAAAAAAAAAAAAAQ', name: 'x' }]),
    );
    expect(v11.topics[0]!.errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('shows a partition whose only replica is down as LEADER_NOT_AVAILABLE with the replica offline', async () => {
    const replica = (await cluster.metadata('gamma'))!.partitions[0]!.replicaNodes[0]!;
    const other = [1, 2, 3].find((id) => id !== replica)!;
    await cluster.cluster.faults.kill(asBrokerId(replica));
    try {
      await until(
        () => cluster.cluster.broker(other).services.metadata.topic('gamma')?.partitions[0]?.leader === -1,
        10_000,
        'gamma to lose its leader',
      );
      const c = await cluster.client(other);
      const response = await c.send(metadataApi, 12, metadataRequest([byName('gamma')]));
      expect(response.topics[0]!.partitions[0]).toMatchObject({
        errorCode: ErrorCode.LEADER_NOT_AVAILABLE,
        leaderId: -1,
        offlineReplicas: [replica],
      });
      expect(response.brokers.map((b) => b.nodeId)).not.toContain(replica);
      const described = await c.send(describeCluster, 2, {
        includeClusterAuthorizedOperations: false,
        endpointType: 1,
        includeFencedBrokers: true,
      });
      expect(described.brokers.find((b) => b.brokerId === replica)).toMatchObject({ isFenced: true });
    } finally {
      await cluster.cluster.faults.start(asBrokerId(replica));
    }
  });
});

describe('Metadata with auto.create.topics.enable', () => {
  it('asks the controller to create a missing topic and answers LEADER_NOT_AVAILABLE until it exists', async () => {
    const auto = await TestCluster.start({ brokers: 1, config: { 'auto.create.topics.enable': 'true' } });
    try {
      const c = await auto.client(1);
      const first = await c.send(metadataApi, 12, metadataRequest([byName('made-on-demand')], true));
      expect(first.topics[0]).toMatchObject({
        name: 'made-on-demand',
        errorCode: ErrorCode.LEADER_NOT_AVAILABLE,
      });
      const refused = await c.send(metadataApi, 12, metadataRequest([byName('not-allowed')], false));
      expect(refused.topics[0]!.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      await until(
        () => auto.cluster.broker(1).services.metadata.topic('made-on-demand') !== undefined,
        10_000,
        'creation',
      );
      const later = await c.send(metadataApi, 12, metadataRequest([byName('made-on-demand')], true));
      expect(later.topics[0]).toMatchObject({ errorCode: 0, partitions: [{ partitionIndex: 0 }] });
      expect(auto.bugs).toEqual([]);
    } finally {
      await auto.stop();
    }
  });
});

describe('DescribeCluster', () => {
  it('describes the brokers and refuses a request for the controllers', async () => {
    const c = await cluster.client(3);
    const response = await c.send(describeCluster, 1, {
      includeClusterAuthorizedOperations: true,
      endpointType: 1,
      includeFencedBrokers: false,
    });
    expect(response).toMatchObject({
      errorCode: 0,
      clusterId: cluster.cluster.clusterId,
      clusterAuthorizedOperations: 8096,
    });
    expect(response.brokers.map((b) => b.brokerId)).toEqual([1, 2, 3]);
    const controllers = await c.send(describeCluster, 1, {
      includeClusterAuthorizedOperations: false,
      endpointType: 2,
      includeFencedBrokers: false,
    });
    expect(controllers.errorCode).toBe(ErrorCode.MISMATCHED_ENDPOINT_TYPE);
  });
});

describe('DescribeTopicPartitions', () => {
  it('pages through topics in name order with a cursor', async () => {
    const c = await cluster.client(1);
    const page = (cursor: describeTopicPartitions.Cursor | null) =>
      c.send(describeTopicPartitions, 0, { topics: [], responsePartitionLimit: 2, cursor });
    const seen: string[] = [];
    let cursor: describeTopicPartitions.Cursor | null = null;
    do {
      const response = await page(cursor);
      for (const t of response.topics)
        for (const p of t.partitions) seen.push(`${t.name}-${p.partitionIndex}`);
      cursor = response.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(['alpha-0', 'alpha-1', 'beta-0', 'beta-1', 'beta-2', 'gamma-0']);
    const missing = await c.send(describeTopicPartitions, 0, {
      topics: [{ name: 'nope' }],
      responsePartitionLimit: 10,
      cursor: { topicName: 'elsewhere', partitionIndex: 0 },
    });
    expect(missing.topics[0]).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST });
  });
});

describe('DescribeLogDirs', () => {
  it("reports the size of each replica in the broker's log directory", async () => {
    const leader = cluster.leaderOf('alpha', 0);
    const c = await cluster.client(leader);
    await c.send(produce, 9, produceRequest('alpha', 0, batch(['sized'])));
    const response = await c.send(describeLogDirs, 4, { topics: [{ topic: 'alpha', partitions: [0] }] });
    expect(response.errorCode).toBe(0);
    const partitions = response.results.flatMap((dir) => dir.topics.flatMap((t) => t.partitions));
    expect(partitions).toHaveLength(1);
    expect(partitions[0]!.partitionSize).toBeGreaterThan(0n);
  });
});
