import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as alterConfigs from '../../../engine/protocol/apis/alter-configs.js';
import * as createPartitions from '../../../engine/protocol/apis/create-partitions.js';
import * as createTopics from '../../../engine/protocol/apis/create-topics.js';
import * as deleteTopics from '../../../engine/protocol/apis/delete-topics.js';
import * as describeConfigs from '../../../engine/protocol/apis/describe-configs.js';
import { ConfigResourceType } from '../../../engine/protocol/apis/describe-configs.js';
import * as electLeaders from '../../../engine/protocol/apis/elect-leaders.js';
import * as incrementalAlterConfigs from '../../../engine/protocol/apis/incremental-alter-configs.js';
import { ConfigOperation } from '../../../engine/protocol/apis/incremental-alter-configs.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { ConfigSource, ConfigType } from '../../../engine/broker/services.js';
import { ZERO_UUID } from '../../../engine/protocol/uuid.js';
import { TestCluster } from './test-cluster.js';
import type { WireClient } from './wire.js';

let cluster: TestCluster;
let c: WireClient;

beforeAll(async () => {
  cluster = await TestCluster.start();
  c = await cluster.client(1);
});

afterAll(async () => {
  expect(cluster.bugs).toEqual([]);
  await cluster.stop();
});

const topic = (
  name: string,
  numPartitions = 1,
  replicationFactor = 1,
  configs: Record<string, string> = {},
) => ({
  name,
  numPartitions,
  replicationFactor,
  assignments: [],
  configs: Object.entries(configs).map(([key, value]) => ({ name: key, value })),
});

async function create(
  topics: ReturnType<typeof topic>[],
  validateOnly = false,
): Promise<readonly createTopics.CreatableTopicResult[]> {
  return (await c.send(createTopics, 7, { topics, timeoutMs: 10_000, validateOnly })).topics;
}

async function describeTopicConfigs(name: string, keys: string[] | null = null) {
  const response = await c.send(describeConfigs, 4, {
    resources: [{ resourceType: ConfigResourceType.TOPIC, resourceName: name, configurationKeys: keys }],
    includeSynonyms: true,
    includeDocumentation: true,
  });
  return response.results[0]!;
}

describe('CreateTopics', () => {
  it('creates a topic with partitions, replication factor and configs, returning its id', async () => {
    const [result] = await create([topic('created', 3, 2, { 'cleanup.policy': 'compact' })]);
    expect(result).toMatchObject({ name: 'created', errorCode: 0, numPartitions: 3, replicationFactor: 2 });
    expect(result!.topicId).not.toBe(ZERO_UUID);
    const described = await describeTopicConfigs('created', ['cleanup.policy']);
    expect(described.configs[0]).toMatchObject({
      value: 'compact',
      configSource: ConfigSource.DYNAMIC_TOPIC_CONFIG,
    });
  });

  it('only validates with validateOnly', async () => {
    const [result] = await create([topic('validated', 2, 3)], true);
    expect(result).toMatchObject({ errorCode: 0, numPartitions: 2, replicationFactor: 3 });
    expect(await cluster.metadata('validated')).toMatchObject({
      errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    });
  });

  it("answers each bad topic with Kafka's code", async () => {
    await create([topic('exists')]);
    const results = await create([
      topic('exists'),
      topic('too-replicated', 1, 4),
      topic('no-partitions', 0, 1),
      topic('bad name!'),
      topic('bad-config', 1, 1, { 'cleanup.policy': 'sometimes' }),
      topic('unknown-config', 1, 1, { 'no.such.config': '1' }),
      topic('twice'),
      topic('twice'),
    ]);
    const byName = new Map(results.map((r) => [r.name, r]));
    expect(byName.get('exists')?.errorCode).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
    expect(byName.get('too-replicated')?.errorCode).toBe(ErrorCode.INVALID_REPLICATION_FACTOR);
    expect(byName.get('no-partitions')?.errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
    expect(byName.get('bad name!')?.errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect(byName.get('bad-config')).toMatchObject({ errorCode: ErrorCode.INVALID_CONFIG });
    expect(byName.get('bad-config')?.errorMessage).toMatch(/cleanup\.policy/);
    expect(byName.get('unknown-config')?.errorCode).toBe(ErrorCode.INVALID_CONFIG);
    expect(results.filter((r) => r.name === 'twice')).toEqual([
      expect.objectContaining({
        errorCode: ErrorCode.INVALID_REQUEST,
        errorMessage: 'Duplicate topic name.',
      }),
    ]);
    expect(await cluster.metadata('twice')).toMatchObject({
      errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    });
  });

  it('refuses a request for more than 10,000 partitions in all with POLICY_VIOLATION, as Kafka does', async () => {
    // A billion partitions asked for by one request held the controller's loop for minutes.
    const results = await create([
      topic('huge-a', 6000),
      topic('huge-b', 5000),
      topic('huge-c', 2_000_000_000),
    ]);
    expect(results.map((r) => [r.name, r.errorCode, r.errorMessage])).toEqual(
      ['huge-a', 'huge-b', 'huge-c'].map((name) => [
        name,
        ErrorCode.POLICY_VIOLATION,
        'Excessively large number of partitions per request.',
      ]),
    );
    expect(await cluster.metadata('huge-a')).toMatchObject({
      errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    });
    expect((await create([topic('just-fits', 10_000)], true))[0]!.errorCode).toBe(ErrorCode.NONE);
  });

  it('refuses a name colliding with an existing one through . and _', async () => {
    await create([topic('dot.name')]);
    const [result] = await create([topic('dot_name')]);
    expect(result!.errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
  });
});

describe('DeleteTopics', () => {
  it('deletes by name and by id, and names unknown ones', async () => {
    await create([topic('doomed-a'), topic('doomed-b')]);
    const idOfB = (await cluster.metadata('doomed-b'))!.topicId;
    const response = await c.send(deleteTopics, 6, {
      topics: [
        { name: 'doomed-a', topicId: ZERO_UUID },
        { name: null, topicId: idOfB },
        { name: 'never-was', topicId: ZERO_UUID },
        { name: null, topicId: 'AAAAAAAAAAAAAAAAAAAAAQ' },
      ],
      timeoutMs: 10_000,
    });
    expect(response.responses.map((r) => r.errorCode)).toEqual([
      0,
      0,
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      ErrorCode.UNKNOWN_TOPIC_ID,
    ]);
    expect(await cluster.metadata('doomed-a')).toMatchObject({
      errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    });
  });
});

describe('CreatePartitions', () => {
  it('grows a topic and refuses to shrink it', async () => {
    await create([topic('growing', 1, 2)]);
    const grow = await c.send(createPartitions, 3, {
      topics: [{ name: 'growing', count: 3, assignments: null }],
      timeoutMs: 10_000,
      validateOnly: false,
    });
    expect(grow.results).toEqual([{ name: 'growing', errorCode: 0, errorMessage: null }]);
    const shrink = await c.send(createPartitions, 3, {
      topics: [
        { name: 'growing', count: 2, assignments: null },
        { name: 'absent', count: 2, assignments: null },
      ],
      timeoutMs: 10_000,
      validateOnly: false,
    });
    expect(shrink.results.map((r) => r.errorCode)).toEqual([
      ErrorCode.INVALID_PARTITIONS,
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    ]);
  });

  it('refuses to add more than 10,000 partitions in one request with POLICY_VIOLATION', async () => {
    await create([topic('bounded', 1, 1)]);
    const response = await c.send(createPartitions, 3, {
      topics: [{ name: 'bounded', count: 2_000_000_000, assignments: null }],
      timeoutMs: 10_000,
      validateOnly: false,
    });
    expect(response.results).toEqual([
      {
        name: 'bounded',
        errorCode: ErrorCode.POLICY_VIOLATION,
        errorMessage: 'Excessively large number of partitions per request.',
      },
    ]);
    expect((await cluster.metadata('bounded'))!.partitions).toHaveLength(1);
  });
});

describe('DescribeConfigs', () => {
  it('describes topic configs with sources, synonyms, types and documentation', async () => {
    await create([topic('described', 1, 1, { 'retention.ms': '86400000' })]);
    const result = await describeTopicConfigs('described');
    expect(result.errorCode).toBe(0);
    const retention = result.configs.find((e) => e.name === 'retention.ms')!;
    expect(retention).toMatchObject({
      value: '86400000',
      configSource: ConfigSource.DYNAMIC_TOPIC_CONFIG,
      readOnly: false,
      configType: ConfigType.LONG,
    });
    expect(retention.synonyms[0]).toEqual({
      name: 'retention.ms',
      value: '86400000',
      source: ConfigSource.DYNAMIC_TOPIC_CONFIG,
    });
    expect(retention.documentation).toBeTruthy();
    const cleanup = result.configs.find((e) => e.name === 'cleanup.policy')!;
    expect(cleanup).toMatchObject({ value: 'delete', configSource: ConfigSource.DEFAULT_CONFIG });
  });

  it('describes this broker, and refuses another broker and unknown resource types', async () => {
    const response = await c.send(describeConfigs, 4, {
      resources: [
        { resourceType: ConfigResourceType.BROKER, resourceName: '1', configurationKeys: ['num.partitions'] },
        { resourceType: ConfigResourceType.BROKER, resourceName: '2', configurationKeys: null },
        { resourceType: ConfigResourceType.GROUP, resourceName: 'g', configurationKeys: null },
        { resourceType: ConfigResourceType.TOPIC, resourceName: 'missing', configurationKeys: null },
      ],
      includeSynonyms: false,
      includeDocumentation: false,
    });
    const [broker, other, group, missing] = response.results;
    expect(broker).toMatchObject({ errorCode: 0, configs: [{ name: 'num.partitions', value: '1' }] });
    expect(other).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST });
    expect(other!.errorMessage).toMatch(/Unexpected broker id, expected 1 or empty string, but received 2/);
    expect(group).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST });
    expect(missing).toMatchObject({ errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
  });
});

describe('AlterConfigs and IncrementalAlterConfigs', () => {
  it('replaces every override with the legacy call', async () => {
    await create([topic('legacy', 1, 1, { 'retention.ms': '1000', 'cleanup.policy': 'compact' })]);
    const response = await c.send(alterConfigs, 2, {
      resources: [
        {
          resourceType: ConfigResourceType.TOPIC,
          resourceName: 'legacy',
          configs: [{ name: 'max.message.bytes', value: '20000' }],
        },
      ],
      validateOnly: false,
    });
    expect(response.responses[0]).toMatchObject({ errorCode: 0, resourceName: 'legacy' });
    const configs = (await describeTopicConfigs('legacy')).configs;
    const value = (name: string) => configs.find((e) => e.name === name)?.value;
    expect([value('max.message.bytes'), value('retention.ms'), value('cleanup.policy')]).toEqual([
      '20000',
      '604800000',
      'delete',
    ]);
  });

  it('sets, deletes and appends single configs, refusing bad values, operations and duplicates', async () => {
    await create([topic('incremental', 1, 1, { 'retention.ms': '1000' })]);
    const alter = (configs: incrementalAlterConfigs.IncrementalAlterableConfig[], name = 'incremental') =>
      c.send(incrementalAlterConfigs, 1, {
        resources: [{ resourceType: ConfigResourceType.TOPIC, resourceName: name, configs }],
        validateOnly: false,
      });
    const ok = await alter([
      { name: 'retention.ms', configOperation: ConfigOperation.DELETE, value: null },
      { name: 'cleanup.policy', configOperation: ConfigOperation.SET, value: 'delete' },
    ]);
    expect(ok.responses[0]!.errorCode).toBe(0);
    const appended = await alter([
      { name: 'cleanup.policy', configOperation: ConfigOperation.APPEND, value: 'compact' },
    ]);
    expect(appended.responses[0]!.errorCode).toBe(0);
    const configs = (await describeTopicConfigs('incremental', ['retention.ms', 'cleanup.policy'])).configs;
    expect(configs.map((e) => [e.name, e.value])).toEqual([
      ['cleanup.policy', 'delete,compact'],
      ['retention.ms', '604800000'],
    ]);
    const bad = await alter([{ name: 'retention.ms', configOperation: ConfigOperation.SET, value: 'soon' }]);
    expect(bad.responses[0]!.errorCode).toBe(ErrorCode.INVALID_CONFIG);
    const unknownOp = await alter([{ name: 'retention.ms', configOperation: 9, value: '1' }]);
    expect(unknownOp.responses[0]!.errorCode).toBe(ErrorCode.INVALID_REQUEST);
    const twice = await alter([
      { name: 'retention.ms', configOperation: ConfigOperation.SET, value: '1' },
      { name: 'retention.ms', configOperation: ConfigOperation.SET, value: '2' },
    ]);
    expect(twice.responses[0]!.errorCode).toBe(ErrorCode.INVALID_REQUEST);
    const missing = await alter([{ name: 'retention.ms', configOperation: 0, value: '1' }], 'missing');
    expect(missing.responses[0]!.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });
});

// Kafka's controller appends to (and subtracts from) the default of a list config that the
// resource does not set (ConfigurationControlManager.getParts).
it('appends to the default of an unset list config', async () => {
  await create([topic('append-default')]);
  const response = await c.send(incrementalAlterConfigs, 1, {
    resources: [
      {
        resourceType: ConfigResourceType.TOPIC,
        resourceName: 'append-default',
        configs: [{ name: 'cleanup.policy', configOperation: ConfigOperation.APPEND, value: 'compact' }],
      },
    ],
    validateOnly: false,
  });
  expect(response.responses[0]!.errorCode).toBe(0);
  expect((await describeTopicConfigs('append-default', ['cleanup.policy'])).configs[0]!.value).toBe(
    'delete,compact',
  );
});

describe('ElectLeaders', () => {
  it('answers ELECTION_NOT_NEEDED where the preferred leader leads, and unknown partitions', async () => {
    await create([topic('elected', 2, 3)]);
    const response = await c.send(electLeaders, 2, {
      electionType: 0,
      topicPartitions: [{ topic: 'elected', partitions: [0, 1, 7] }],
      timeoutMs: 10_000,
    });
    expect(response.errorCode).toBe(0);
    expect(
      response.replicaElectionResults[0]!.partitionResult.map((p) => [p.partitionId, p.errorCode]),
    ).toEqual([
      [0, ErrorCode.ELECTION_NOT_NEEDED],
      [1, ErrorCode.ELECTION_NOT_NEEDED],
      [7, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
    ]);
    const unknownType = await c.send(electLeaders, 2, {
      electionType: 5,
      topicPartitions: null,
      timeoutMs: 1000,
    });
    expect(unknownType.errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });
});
