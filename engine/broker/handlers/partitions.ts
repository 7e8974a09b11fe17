/**
 * Helpers the partition-level handlers share: whether this cluster knows a partition, the leader
 * to name beside NOT_LEADER_OR_FOLLOWER (KIP-951), and answering topic → partitions requests
 * partition by partition in request order.
 */
import type { NodeEndpoint } from '../../protocol/apis/shared.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { MetadataView, PartitionMetadata } from '../services.js';

export function partitionMetadata(
  metadata: MetadataView,
  topic: string,
  partition: number,
): PartitionMetadata | undefined {
  const partitions = metadata.topic(topic)?.partitions;
  if (partitions === undefined) return undefined;
  const byIndex = partitions[partition];
  return byIndex?.partition === partition ? byIndex : partitions.find((p) => p.partition === partition);
}

/** Whether the partition exists in the committed metadata (Kafka's metadataCache.contains). */
export function partitionExists(metadata: MetadataView, topic: string, partition: number): boolean {
  return partitionMetadata(metadata, topic, partition) !== undefined;
}

/** The leader and epoch this broker knows for a partition, -1/-1 when none. */
export function currentLeader(
  metadata: MetadataView,
  topic: string,
  partition: number,
): { leaderId: number; leaderEpoch: number } {
  const p = partitionMetadata(metadata, topic, partition);
  return p === undefined
    ? { leaderId: -1, leaderEpoch: -1 }
    : { leaderId: p.leader, leaderEpoch: p.leaderEpoch };
}

/** Collects the endpoints of the leaders named in a response (its NodeEndpoints field). */
export class LeaderEndpoints {
  /** Created on the first leader named: most responses name none. */
  private ids: Set<number> | null = null;

  constructor(private readonly metadata: MetadataView) {}

  add(leaderId: number): void {
    if (leaderId >= 0) (this.ids ??= new Set()).add(leaderId);
  }

  endpoints(): NodeEndpoint[] {
    const ids = this.ids;
    if (ids === null) return [];
    return this.metadata
      .aliveBrokers()
      .filter((b) => ids.has(b.id))
      .map((b) => ({ nodeId: b.id, host: b.host, port: b.port, rack: b.rack }));
  }
}

/** Groups items by topic name, topics in the order first seen, items in order within a topic. */
export function groupByTopic<T>(items: readonly T[], topicOf: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const topic = topicOf(item);
    let group = groups.get(topic);
    if (group === undefined) {
      group = [];
      groups.set(topic, group);
    }
    group.push(item);
  }
  return [...groups];
}

export interface PartitionAnswering<Topic, Part, Answer> {
  readonly name: (topic: Topic) => string;
  readonly partitions: (topic: Topic) => readonly Part[];
  readonly index: (part: Part) => number;
  /** Answer for a partition that is refused before the service is asked. */
  readonly fail: (part: Part, error: ErrorCode) => Answer;
  /** Asks the service for the accepted partitions; answers in the same order. */
  readonly answer: (
    accepted: readonly { readonly topic: string; readonly part: Part }[],
  ) => Promise<readonly Answer[]>;
  /** Kafka refuses a partition named twice in one request with INVALID_REQUEST (ListOffsets, DeleteRecords). */
  readonly refuseDuplicates: boolean;
}

/**
 * Answers a topic → partitions request the way Kafka's partition-level APIs do: a partition the
 * cluster does not know gets UNKNOWN_TOPIC_OR_PARTITION (and a duplicate INVALID_REQUEST) without
 * reaching the service; the others are answered by one service call; answers keep request order.
 */
export async function answerPartitions<Topic, Part, Answer>(
  metadata: MetadataView,
  topics: readonly Topic[],
  how: PartitionAnswering<Topic, Part, Answer>,
): Promise<{ topic: Topic; answers: Answer[] }[]> {
  const counts = new Map<string, number>();
  if (how.refuseDuplicates) {
    for (const topic of topics) {
      for (const part of how.partitions(topic)) {
        const key = `${how.name(topic)}\u0000${how.index(part)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  const answers: (Answer | undefined)[][] = [];
  const accepted: { topic: string; part: Part; at: [number, number] }[] = [];
  topics.forEach((topic, t) => {
    const name = how.name(topic);
    answers.push(
      how.partitions(topic).map((part, p) => {
        if ((counts.get(`${name}\u0000${how.index(part)}`) ?? 0) > 1)
          return how.fail(part, ErrorCode.INVALID_REQUEST);
        if (!partitionExists(metadata, name, how.index(part)))
          return how.fail(part, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        accepted.push({ topic: name, part, at: [t, p] });
        return undefined;
      }),
    );
  });
  if (accepted.length > 0) {
    const results = await how.answer(accepted);
    accepted.forEach(({ part, at: [t, p] }, i) => {
      answers[t]![p] = results[i] ?? how.fail(part, ErrorCode.UNKNOWN_SERVER_ERROR);
    });
  }
  return topics.map((topic, t) => ({ topic, answers: answers[t] as Answer[] }));
}
