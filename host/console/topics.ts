/**
 * Topic operations over ClusterAccess: list (partition counts, replication, sizes from
 * DescribeLogDirs, message counts from ListOffsets, retention from DescribeConfigs), describe
 * (partitions with leader, replicas, ISR, offsets and sizes; every config with its source),
 * create, alter configs (incrementally), add partitions, delete, delete records.
 *
 * Listing never waits on a sick partition: offsets and sizes are asked once, without retries,
 * and what could not be had is null.
 */
import { ConfigResourceType } from '../../engine/protocol/apis/describe-configs.js';
import { ConfigOperation } from '../../engine/protocol/apis/incremental-alter-configs.js';
import { ErrorCode, KafkaError } from '../../engine/protocol/errors.js';
import { ZERO_UUID } from '../../engine/protocol/uuid.js';
import { topicConfigDefinitions } from '../../engine/storage/log-config.js';
import type { MethodParsedInput as Input, MethodResult as Result } from '../api/types.js';
import type { ClusterAccess, ClusterMetadata, TopicRoute } from '../cluster-access.js';
import { listOffsetsSettled, partitionKey, type ListedOffset } from '../kafka-client/offsets.js';
import { forEachLeader, withRetries, type PartitionRef } from '../kafka-client/routing.js';
import { asNotFound, check, kafkaFailure } from './errors.js';

/** How long listing waits for offsets: one try, no retries (see the file's doc). */
const LIST_DEADLINE_MS = 0;
const ADMIN_TIMEOUT_MS = 30_000;

const configSources: Record<number, Result<'topics.describe'>['configs'][number]['source']> = {
  1: 'topic',
  2: 'dynamic-broker',
  3: 'dynamic-default-broker',
  4: 'static-broker',
  5: 'default',
};

const configTypes = [
  'unknown',
  'boolean',
  'string',
  'int',
  'short',
  'long',
  'double',
  'list',
  'class',
  'password',
] as const;

function configType(type: number): (typeof configTypes)[number] {
  return configTypes[type] ?? 'unknown';
}

function refs(topic: TopicRoute): PartitionRef[] {
  return topic.partitions.map((p) => ({ topic: topic.name, partition: p.partition }));
}

function offsetOf(entry: ListedOffset | Error | undefined): number | null {
  return entry === undefined || entry instanceof Error ? null : entry.offset;
}

/** Bytes of each partition's leader replica, keyed by `partitionKey`; brokers that cannot say are left out. */
async function leaderSizes(
  access: ClusterAccess,
  metadata: ClusterMetadata,
  topics: readonly TopicRoute[],
  signal: AbortSignal,
): Promise<Map<string, number>> {
  const wanted = new Map<number, Map<string, number[]>>();
  for (const topic of topics) {
    for (const p of topic.partitions) {
      if (p.leader < 0) continue;
      const byTopic = wanted.get(p.leader) ?? new Map<string, number[]>();
      byTopic.set(topic.name, [...(byTopic.get(topic.name) ?? []), p.partition]);
      wanted.set(p.leader, byTopic);
    }
  }
  const sizes = new Map<string, number>();
  await Promise.all(
    [...wanted].map(async ([broker, byTopic]) => {
      if (!metadata.brokers.some((b) => b.nodeId === broker)) return;
      try {
        const response = await access.request(
          'DescribeLogDirs',
          { topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) },
          { broker },
          { signal },
        );
        if (response.errorCode !== ErrorCode.NONE) return;
        // A partition the leader answers nothing for has no log there yet (just created): 0 bytes.
        for (const [topic, partitions] of byTopic) {
          for (const partition of partitions) sizes.set(partitionKey({ topic, partition }), 0);
        }
        for (const dir of response.results) {
          if (dir.errorCode !== ErrorCode.NONE) continue;
          for (const t of dir.topics) {
            for (const p of t.partitions) {
              if (p.isFutureKey || !byTopic.get(t.name)?.includes(p.partitionIndex)) continue;
              const key = partitionKey({ topic: t.name, partition: p.partitionIndex });
              sizes.set(key, (sizes.get(key) ?? 0) + Number(p.partitionSize));
            }
          }
        }
      } catch {
        // No sizes from this broker (not authorized, unsupported, unreachable): shown as unknown.
      }
    }),
  );
  return sizes;
}

interface DescribedConfig {
  readonly name: string;
  readonly value: string | null;
  readonly source: number;
  readonly readOnly: boolean;
  readonly sensitive: boolean;
  readonly type: number;
  readonly documentation: string | null;
}

/** Topic configs, by topic; `keys` null for all of them. */
async function describeTopicConfigs(
  access: ClusterAccess,
  topics: readonly string[],
  keys: readonly string[] | null,
  signal: AbortSignal,
  documentation = false,
): Promise<Map<string, DescribedConfig[]>> {
  const response = await withRetries(
    (s) =>
      access.request(
        'DescribeConfigs',
        {
          resources: topics.map((name) => ({
            resourceType: ConfigResourceType.TOPIC,
            resourceName: name,
            configurationKeys: keys,
          })),
          includeSynonyms: false,
          includeDocumentation: documentation,
        },
        'any',
        { signal: s },
      ),
    { signal },
  );
  const out = new Map<string, DescribedConfig[]>();
  for (const result of response.results) {
    check(result.errorCode, `topic "${result.resourceName}"`, result.errorMessage);
    out.set(
      result.resourceName,
      result.configs.map((c) => ({
        name: c.name,
        value: c.value,
        source: c.configSource,
        readOnly: c.readOnly,
        sensitive: c.isSensitive,
        type: c.configType,
        documentation: c.documentation,
      })),
    );
  }
  return out;
}

function numberConfig(configs: readonly DescribedConfig[] | undefined, name: string): number | null {
  const value = configs?.find((c) => c.name === name)?.value;
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export async function listTopics(
  access: ClusterAccess,
  input: Input<'topics.list'>,
  signal: AbortSignal,
): Promise<Result<'topics.list'>> {
  const metadata = await access.metadata({ refresh: true, signal });
  const topics = [...metadata.topics.values()]
    .filter((t) => input.includeInternal || !t.internal)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (topics.length === 0) return [];
  const partitions = topics.flatMap(refs);
  const quick = { signal, deadlineMs: LIST_DEADLINE_MS };
  const [earliest, latest, sizes, configs] = await Promise.all([
    listOffsetsSettled(access, partitions, 'earliest', quick),
    listOffsetsSettled(access, partitions, 'latest', quick),
    leaderSizes(access, metadata, topics, signal),
    describeTopicConfigs(
      access,
      topics.map((t) => t.name),
      ['retention.ms', 'retention.bytes', 'cleanup.policy'],
      signal,
    ).catch(() => new Map<string, DescribedConfig[]>()),
  ]);
  return topics.map((topic) => {
    let size: number | null = 0;
    let count: number | null = 0;
    for (const p of refs(topic)) {
      const key = partitionKey(p);
      const bytes = sizes.get(key);
      size = size === null || bytes === undefined ? null : size + bytes;
      const start = offsetOf(earliest.get(key));
      const end = offsetOf(latest.get(key));
      count = count === null || start === null || end === null ? null : count + Math.max(0, end - start);
    }
    const own = configs.get(topic.name);
    return {
      name: topic.name,
      topicId: topic.topicId === ZERO_UUID ? null : topic.topicId,
      internal: topic.internal,
      partitions: topic.partitions.length,
      replicationFactor: Math.max(0, ...topic.partitions.map((p) => p.replicas.length)),
      sizeBytes: size,
      messageCount: count,
      underReplicatedPartitions: topic.partitions.filter((p) => p.isr.length < p.replicas.length).length,
      offlinePartitions: topic.partitions.filter((p) => p.leader < 0).length,
      retentionMs: numberConfig(own, 'retention.ms'),
      retentionBytes: numberConfig(own, 'retention.bytes'),
      cleanupPolicy: own?.find((c) => c.name === 'cleanup.policy')?.value ?? null,
    };
  });
}

async function topicRoute(
  access: ClusterAccess,
  name: string,
  signal: AbortSignal,
): Promise<{ metadata: ClusterMetadata; topic: TopicRoute }> {
  const metadata = await access.metadata({ topics: [name], refresh: true, signal });
  const topic = metadata.topics.get(name);
  if (!topic) throw kafkaFailure(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic "${name}"`);
  return { metadata, topic };
}

export async function describeTopic(
  access: ClusterAccess,
  input: Input<'topics.describe'>,
  signal: AbortSignal,
): Promise<Result<'topics.describe'>> {
  const { metadata, topic } = await topicRoute(access, input.name, signal);
  const partitions = refs(topic);
  const quick = { signal, deadlineMs: LIST_DEADLINE_MS };
  const [earliest, latest, sizes, configs] = await Promise.all([
    listOffsetsSettled(access, partitions, 'earliest', quick),
    listOffsetsSettled(access, partitions, 'latest', quick),
    leaderSizes(access, metadata, [topic], signal),
    describeTopicConfigs(access, [topic.name], null, signal, true),
  ]);
  return {
    name: topic.name,
    topicId: topic.topicId === ZERO_UUID ? null : topic.topicId,
    internal: topic.internal,
    partitions: topic.partitions.map((p) => {
      const key = partitionKey({ topic: topic.name, partition: p.partition });
      return {
        partition: p.partition,
        leader: p.leader,
        leaderEpoch: p.leaderEpoch,
        replicas: [...p.replicas],
        isr: [...p.isr],
        offlineReplicas: [...p.offlineReplicas],
        logStartOffset: offsetOf(earliest.get(key)),
        highWatermark: offsetOf(latest.get(key)),
        sizeBytes: sizes.get(key) ?? null,
      };
    }),
    configs: (configs.get(topic.name) ?? [])
      .map((c) => ({
        name: c.name,
        value: c.sensitive ? null : c.value,
        source: configSources[c.source] ?? 'unknown',
        isDefault: c.source === 5,
        readOnly: c.readOnly,
        sensitive: c.sensitive,
        type: configType(c.type),
        documentation: c.documentation || null,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export function configDefinitions(): Result<'topics.configDefinitions'> {
  return topicConfigDefinitions.map((d) => ({
    name: d.name,
    type: configType(d.type),
    defaultValue: d.defaultValue,
    documentation: d.documentation,
    validValues: d.validValues ? [...d.validValues] : null,
  }));
}

/** Waits until every broker's metadata lists the topic with a leader for each partition. */
async function awaitTopicReady(
  access: ClusterAccess,
  name: string,
  signal: AbortSignal,
): Promise<TopicRoute> {
  return withRetries(
    async (s) => {
      const metadata = await access.metadata({ topics: [name], refresh: true, signal: s });
      const topic = metadata.topics.get(name);
      if (!topic || topic.partitions.length === 0 || topic.partitions.some((p) => p.leader < 0)) {
        throw new KafkaError(ErrorCode.LEADER_NOT_AVAILABLE, `topic "${name}" has no leaders yet`);
      }
      return topic;
    },
    { signal, deadlineMs: 15_000 },
  );
}

export async function createTopic(
  access: ClusterAccess,
  input: Input<'topics.create'>,
  signal: AbortSignal,
): Promise<Result<'topics.create'>> {
  const response = await withRetries(
    (s) =>
      access.request(
        'CreateTopics',
        {
          topics: [
            {
              name: input.name,
              numPartitions: input.partitions ?? -1,
              replicationFactor: input.replicationFactor ?? -1,
              assignments: [],
              configs: Object.entries(input.configs).map(([name, value]) => ({ name, value })),
            },
          ],
          timeoutMs: ADMIN_TIMEOUT_MS,
          validateOnly: input.validateOnly,
        },
        'controller',
        { signal: s },
      ),
    { signal },
  );
  const result = response.topics.find((t) => t.name === input.name);
  if (!result)
    throw new KafkaError(
      ErrorCode.UNKNOWN_SERVER_ERROR,
      `the cluster did not answer for topic "${input.name}"`,
    );
  check(result.errorCode, `topic "${input.name}"`, result.errorMessage);
  const topicId = result.topicId !== ZERO_UUID ? result.topicId : null;
  if (input.validateOnly) {
    return {
      name: input.name,
      topicId,
      partitions: result.numPartitions,
      replicationFactor: result.replicationFactor,
    };
  }
  const route = await awaitTopicReady(access, input.name, signal);
  return {
    name: input.name,
    topicId: topicId ?? (route.topicId === ZERO_UUID ? null : route.topicId),
    partitions: route.partitions.length,
    replicationFactor: Math.max(...route.partitions.map((p) => p.replicas.length)),
  };
}

export async function alterTopicConfigs(
  access: ClusterAccess,
  input: Input<'topics.alterConfigs'>,
  signal: AbortSignal,
): Promise<Result<'topics.alterConfigs'>> {
  const configs = [
    ...Object.entries(input.set).map(([name, value]) => ({
      name,
      configOperation: ConfigOperation.SET,
      value,
    })),
    ...input.delete.map((name) => ({ name, configOperation: ConfigOperation.DELETE, value: null })),
  ];
  const response = await withRetries(
    (s) =>
      access.request(
        'IncrementalAlterConfigs',
        {
          resources: [{ resourceType: ConfigResourceType.TOPIC, resourceName: input.name, configs }],
          validateOnly: input.validateOnly,
        },
        'controller',
        { signal: s },
      ),
    { signal },
  );
  for (const r of response.responses) check(r.errorCode, `topic "${input.name}"`, r.errorMessage);
  return { name: input.name };
}

export async function addPartitions(
  access: ClusterAccess,
  input: Input<'topics.addPartitions'>,
  signal: AbortSignal,
): Promise<Result<'topics.addPartitions'>> {
  const response = await withRetries(
    (s) =>
      access.request(
        'CreatePartitions',
        {
          topics: [{ name: input.name, count: input.count, assignments: null }],
          timeoutMs: ADMIN_TIMEOUT_MS,
          validateOnly: false,
        },
        'controller',
        { signal: s },
      ),
    { signal },
  );
  for (const r of response.results) check(r.errorCode, `topic "${input.name}"`, r.errorMessage);
  access.invalidate({ topics: [input.name] });
  return { name: input.name, partitions: input.count };
}

export async function deleteTopic(
  access: ClusterAccess,
  input: Input<'topics.delete'>,
  signal: AbortSignal,
): Promise<Result<'topics.delete'>> {
  const response = await withRetries(
    (s) =>
      access.request(
        'DeleteTopics',
        { topics: [{ name: input.name, topicId: ZERO_UUID }], timeoutMs: ADMIN_TIMEOUT_MS },
        'controller',
        { signal: s },
      ),
    { signal },
  );
  for (const r of response.responses) check(r.errorCode, `topic "${input.name}"`, r.errorMessage);
  access.invalidate({ topics: [input.name] });
  return { name: input.name };
}

export async function deleteRecords(
  access: ClusterAccess,
  input: Input<'topics.deleteRecords'>,
  signal: AbortSignal,
): Promise<Result<'topics.deleteRecords'>> {
  const items = input.partitions.map((p) => ({
    topic: input.name,
    partition: p.partition,
    offset: p.beforeOffset === 'highWatermark' ? -1n : BigInt(p.beforeOffset),
  }));
  const results = await forEachLeader(
    access,
    items,
    async (leader, group) => {
      const response = await access.request(
        'DeleteRecords',
        {
          topics: [
            {
              name: input.name,
              partitions: group.map((i) => ({ partitionIndex: i.partition, offset: i.offset })),
            },
          ],
          timeoutMs: ADMIN_TIMEOUT_MS,
        },
        { broker: leader },
        { signal },
      );
      const answers = new Map(
        response.topics.flatMap((t) => t.partitions.map((p) => [p.partitionIndex, p] as const)),
      );
      return group.map((item) => {
        const answer = answers.get(item.partition);
        if (!answer) return { item, errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: 'no answer' };
        return { item, errorCode: answer.errorCode, value: Number(answer.lowWatermark) };
      });
    },
    { signal },
  );
  const partitions = [];
  for (const item of items) {
    const result = results.get(item)!;
    if (!result.ok) throw asNotFound(result.error);
    partitions.push({ partition: item.partition, lowWatermark: result.value });
  }
  return { name: input.name, partitions };
}
