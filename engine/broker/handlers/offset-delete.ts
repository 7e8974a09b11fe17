/**
 * OffsetDelete (KIP-496): removes a group's committed offsets of partitions no member consumes
 * (GROUP_SUBSCRIBED_TO_TOPIC otherwise). Partitions this cluster does not have are
 * UNKNOWN_TOPIC_OR_PARTITION.
 */
import * as offsetDelete from '../../protocol/apis/offset-delete.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { TopicPartition } from '../../types.js';
import { defineHandler } from '../handler.js';
import { coordinatorOf, servesGroups } from './group-handlers.js';
import { partitionError } from './group-topics.js';

export default defineHandler({
  api: offsetDelete,
  available: servesGroups,
  async handle(request, context) {
    const { metadata } = context.services;
    const known: TopicPartition[] = [];
    for (const t of request.topics) {
      for (const p of t.partitions) {
        if (partitionError(metadata, t.name, p.partitionIndex) === null)
          known.push({ topic: t.name, partition: p.partitionIndex });
      }
    }
    const result = await coordinatorOf(context).deleteOffsets(request.groupId, known);
    if (result.errorCode !== ErrorCode.NONE)
      return { errorCode: result.errorCode, throttleTimeMs: 0, topics: [] };
    const answered = new Map(result.partitions.map((p) => [`${p.topic}\u0000${p.partition}`, p.errorCode]));
    return {
      errorCode: ErrorCode.NONE,
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode:
            answered.get(`${t.name}\u0000${p.partitionIndex}`) ??
            partitionError(metadata, t.name, p.partitionIndex) ??
            ErrorCode.NONE,
        })),
      })),
    };
  },
  errorResponse: (_request, error) => ({ errorCode: error, throttleTimeMs: 0, topics: [] }),
});
