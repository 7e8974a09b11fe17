/**
 * Offsets of partitions from their leaders (ListOffsets): the log start offset ("earliest"),
 * the high watermark ("latest", what a read_uncommitted consumer can read up to), or the first
 * offset whose record timestamp is at or after a given time (Kafka's `offsetsForTimes`; null
 * when no record is that recent).
 */
import type { ListOffsetsTopic } from '../../engine/protocol/apis/list-offsets.js';
import { ErrorCode } from '../../engine/protocol/errors.js';
import type { ClusterAccess } from '../cluster-access.js';
import { forEachLeader, type PartitionRef, type RetryOptions } from './routing.js';

export type OffsetSpec = 'earliest' | 'latest' | { readonly timestamp: number };

/** Kafka's special ListOffsets timestamps. */
export const LATEST_TIMESTAMP = -1n;
export const EARLIEST_TIMESTAMP = -2n;

export interface ListedOffset {
  /** Null for a timestamp no record reaches. */
  readonly offset: number | null;
  /** The found record's timestamp (timestamp lookups), else -1. */
  readonly timestamp: number;
  readonly leaderEpoch: number;
}

function specTimestamp(spec: OffsetSpec): bigint {
  if (spec === 'earliest') return EARLIEST_TIMESTAMP;
  if (spec === 'latest') return LATEST_TIMESTAMP;
  return BigInt(spec.timestamp);
}

/** `topic:partition` keys of the answer. */
export function partitionKey(ref: PartitionRef): string {
  return `${ref.topic}:${ref.partition}`;
}

/**
 * Lists one kind of offset for each partition. Answers a map keyed by `partitionKey`; throws the
 * first partition's error if any partition failed (unknown topic, no leader until the deadline).
 */
export async function listOffsets(
  access: ClusterAccess,
  partitions: readonly PartitionRef[],
  spec: OffsetSpec,
  options: ListOffsetsOptions = {},
): Promise<Map<string, ListedOffset>> {
  const out = new Map<string, ListedOffset>();
  for (const [key, result] of await listOffsetsSettled(access, partitions, spec, options)) {
    if (result instanceof Error) throw result;
    out.set(key, result);
  }
  return out;
}

export type ListOffsetsOptions = RetryOptions & { readonly isolationLevel?: 0 | 1 };

/**
 * Like `listOffsets`, but a partition that failed has its error as its entry, so one offline
 * partition does not hide the others (topic lists, cluster snapshots).
 */
export async function listOffsetsSettled(
  access: ClusterAccess,
  partitions: readonly PartitionRef[],
  spec: OffsetSpec,
  options: ListOffsetsOptions = {},
): Promise<Map<string, ListedOffset | Error>> {
  const timestamp = specTimestamp(spec);
  const results = await forEachLeader<PartitionRef, ListedOffset>(
    access,
    partitions,
    async (leader, items, epochs) => {
      const byTopic = new Map<string, ListOffsetsTopic['partitions'][number][]>();
      for (const item of items) {
        const list = byTopic.get(item.topic) ?? [];
        list.push({ partitionIndex: item.partition, currentLeaderEpoch: epochs.get(item) ?? -1, timestamp });
        byTopic.set(item.topic, list);
      }
      const response = await access.request(
        'ListOffsets',
        {
          replicaId: -1,
          isolationLevel: options.isolationLevel ?? 0,
          topics: [...byTopic].map(([name, ps]) => ({ name, partitions: ps })),
          timeoutMs: 0,
        },
        { broker: leader },
        { signal: options.signal },
      );
      const answers = new Map<string, (typeof response.topics)[number]['partitions'][number]>();
      for (const topic of response.topics) {
        for (const p of topic.partitions) answers.set(`${topic.name}:${p.partitionIndex}`, p);
      }
      return items.map((item) => {
        const answer = answers.get(partitionKey(item));
        if (!answer)
          return {
            item,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            errorMessage: 'missing from the ListOffsets response',
          };
        const offset = answer.offset < 0n ? null : Number(answer.offset);
        return {
          item,
          errorCode: answer.errorCode,
          value: { offset, timestamp: Number(answer.timestamp), leaderEpoch: answer.leaderEpoch },
        };
      });
    },
    options,
  );
  const out = new Map<string, ListedOffset | Error>();
  for (const [item, result] of results) out.set(partitionKey(item), result.ok ? result.value : result.error);
  return out;
}

export interface PartitionBounds {
  readonly logStartOffset: number;
  readonly highWatermark: number;
}

/** Log start offset and high watermark of each partition, keyed by `partitionKey`. */
export async function partitionBounds(
  access: ClusterAccess,
  partitions: readonly PartitionRef[],
  options: RetryOptions = {},
): Promise<Map<string, PartitionBounds>> {
  const [earliest, latest] = await Promise.all([
    listOffsets(access, partitions, 'earliest', options),
    listOffsets(access, partitions, 'latest', options),
  ]);
  const out = new Map<string, PartitionBounds>();
  for (const p of partitions) {
    const key = partitionKey(p);
    out.set(key, {
      logStartOffset: earliest.get(key)?.offset ?? 0,
      highWatermark: latest.get(key)?.offset ?? 0,
    });
  }
  return out;
}
