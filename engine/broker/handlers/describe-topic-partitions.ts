/**
 * DescribeTopicPartitions (KIP-966; Kafka 4's admin tools describe topics with it): topics'
 * partitions in pages. Topics are taken in name order, from the cursor's topic and partition on,
 * until the response holds `min(responsePartitionLimit, 2000)` partitions; `nextCursor` says
 * where the next page starts. An empty topic list means every topic. A cursor whose topic is not
 * in the list, or whose partition is negative, is an INVALID_REQUEST; a listed topic that does
 * not exist gets UNKNOWN_TOPIC_OR_PARTITION (INVALID_TOPIC_EXCEPTION for an illegal name).
 * Partitions carry no error code, leader -1 when leaderless, and empty ELR lists (no ELR here).
 */
import type {
  Cursor,
  DescribeTopicPartitionsResponseTopic,
} from '../../protocol/apis/describe-topic-partitions.js';
import * as describeTopicPartitions from '../../protocol/apis/describe-topic-partitions.js';
import { ErrorCode, KafkaError } from '../../protocol/errors.js';
import { ZERO_UUID } from '../../protocol/uuid.js';
import { validateTopicName } from '../../storage/topic-manager.js';
import { AUTHORIZED_OPERATIONS_OMITTED, TOPIC_OPERATIONS } from '../authorized-operations.js';
import { defineHandler } from '../handler.js';
import { isInternalTopic } from '../internal-topics.js';
import { describePartition } from './metadata.js';

/** Kafka's `max.request.partition.size.limit` default. */
const MAX_REQUEST_PARTITION_SIZE_LIMIT = 2000;

export default defineHandler({
  api: describeTopicPartitions,
  async handle(request, context) {
    const { metadata } = context.services;
    const cursor = request.cursor;
    const from = cursor?.topicName ?? '';
    const listAll = request.topics.length === 0;
    const names = new Set(
      (listAll ? metadata.topics().map((t) => t.name) : request.topics.map((t) => t.name)).filter(
        (n) => n >= from,
      ),
    );
    if (cursor !== null && !listAll && !names.has(cursor.topicName)) {
      throw new KafkaError(
        ErrorCode.INVALID_REQUEST,
        `DescribeTopicPartitionsRequest topic list should contain the cursor topic: ${cursor.topicName}`,
      );
    }
    if (cursor !== null && cursor.partitionIndex < 0) {
      throw new KafkaError(
        ErrorCode.INVALID_REQUEST,
        'DescribeTopicPartitionsRequest cursor partition must be valid',
      );
    }
    const registered = new Set<number>(metadata.registeredBrokers().map((b) => b.id));
    const alive = new Set<number>(metadata.aliveBrokers().map((b) => b.id));
    let remaining = Math.max(Math.min(MAX_REQUEST_PARTITION_SIZE_LIMIT, request.responsePartitionLimit), 1);
    const topics: DescribeTopicPartitionsResponseTopic[] = [];
    let nextCursor: Cursor | null = null;
    for (const name of [...names].sort(compareNames)) {
      if (remaining === 0) {
        nextCursor = { topicName: name, partitionIndex: 0 };
        break;
      }
      const topic = metadata.topic(name);
      if (topic === undefined) {
        if (!listAll) topics.push(missingTopic(name));
        continue;
      }
      const start = name === cursor?.topicName ? cursor.partitionIndex : 0;
      const end = Math.min(topic.partitions.length, start + remaining);
      const partitions = topic.partitions.slice(start, end).map((p) => {
        const { errorCode: _leaderError, ...described } = describePartition(p, 1, registered, alive);
        return { ...described, errorCode: ErrorCode.NONE, eligibleLeaderReplicas: [], lastKnownElr: [] };
      });
      topics.push({
        errorCode: ErrorCode.NONE,
        name,
        topicId: topic.topicId,
        isInternal: topic.internal,
        partitions,
        topicAuthorizedOperations: TOPIC_OPERATIONS,
      });
      if (end < topic.partitions.length) {
        nextCursor = { topicName: name, partitionIndex: end };
        break;
      }
      remaining -= partitions.length;
    }
    return { throttleTimeMs: 0, topics, nextCursor };
  },
  errorResponse: (request, error) => ({
    throttleTimeMs: 0,
    topics: request.topics.map((t) => ({
      errorCode: error,
      name: t.name,
      topicId: ZERO_UUID,
      isInternal: false,
      partitions: [],
      topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
    })),
    nextCursor: null,
  }),
});

/** Java's String.compareTo order (UTF-16 code units), which is what JavaScript's < compares. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function missingTopic(name: string): DescribeTopicPartitionsResponseTopic {
  let errorCode: ErrorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
  try {
    validateTopicName(name);
  } catch {
    errorCode = ErrorCode.INVALID_TOPIC_EXCEPTION;
  }
  return {
    errorCode,
    name,
    topicId: ZERO_UUID,
    isInternal: isInternalTopic(name),
    partitions: [],
    topicAuthorizedOperations: TOPIC_OPERATIONS,
  };
}
