/**
 * Topics as the offset APIs name them: by name, or by topic id from OffsetCommit and OffsetFetch
 * v10 (KIP-848). A topic this cluster does not know is UNKNOWN_TOPIC_ID when named by id and
 * UNKNOWN_TOPIC_OR_PARTITION by name, as is a partition it does not have.
 */
import { ErrorCode } from '../../protocol/errors.js';
import type { MetadataView } from '../services.js';
import { partitionExists } from './partitions.js';

export interface NamedTopic {
  readonly name: string;
  readonly topicId: string;
}

/** The topic's name, or the error for all of its partitions. */
export function resolveTopic(
  metadata: MetadataView,
  topic: NamedTopic,
  byId: boolean,
): { name: string } | { error: ErrorCode } {
  if (!byId)
    return metadata.topic(topic.name)
      ? { name: topic.name }
      : { error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
  const found = metadata.topicById(topic.topicId);
  return found ? { name: found.name } : { error: ErrorCode.UNKNOWN_TOPIC_ID };
}

export function partitionError(metadata: MetadataView, topic: string, partition: number): ErrorCode | null {
  return partitionExists(metadata, topic, partition) ? null : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
}

/** The key of a partition refused before the coordinator: the topic's index in the request, and the partition. */
export const refusalKey = (topicIndex: number, partition: number): string => `${topicIndex}:${partition}`;

/**
 * Per-partition answers in request order: the refusals made here, else the coordinator's results
 * for the rest, which it answers in the order they were handed to it.
 */
export function answersInOrder(
  refused: ReadonlyMap<string, ErrorCode>,
  results: readonly { readonly errorCode: ErrorCode }[],
): (topicIndex: number, partition: number) => ErrorCode {
  let next = 0;
  return (topicIndex, partition) =>
    refused.get(refusalKey(topicIndex, partition)) ??
    results[next++]?.errorCode ??
    ErrorCode.UNKNOWN_SERVER_ERROR;
}
