/**
 * TxnOffsetCommit: a transactional producer commits a consumer group's offsets inside its
 * transaction (`sendOffsetsToTransaction`). The group's coordinator writes them to
 * __consumer_offsets as a transactional batch of the producer and keeps them pending until the
 * transaction's marker lands there (engine/groups/txn-offsets.ts). Partitions this cluster does
 * not have are refused here with UNKNOWN_TOPIC_OR_PARTITION; answers keep request order.
 */
import type {
  TxnOffsetCommitRequest,
  TxnOffsetCommitResponseTopic,
} from '../../protocol/apis/txn-offset-commit.js';
import * as txnOffsetCommit from '../../protocol/apis/txn-offset-commit.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { OffsetToCommit } from '../../groups/api.js';
import { defineHandler } from '../handler.js';
import { coordinatorOf, servesGroups } from './group-handlers.js';
import { answersInOrder, partitionError, refusalKey } from './group-topics.js';

export default defineHandler({
  api: txnOffsetCommit,
  available: servesGroups,
  async handle(request, context) {
    const { metadata } = context.services;
    const errors = new Map<string, ErrorCode>();
    const accepted: OffsetToCommit[] = [];
    request.topics.forEach((t, i) => {
      for (const p of t.partitions) {
        const error = partitionError(metadata, t.name, p.partitionIndex);
        if (error !== null) {
          errors.set(refusalKey(i, p.partitionIndex), error);
          continue;
        }
        accepted.push({
          topic: t.name,
          partition: p.partitionIndex,
          offset: Number(p.committedOffset),
          leaderEpoch: p.committedLeaderEpoch,
          metadata: p.committedMetadata,
        });
      }
    });
    const results =
      accepted.length === 0
        ? []
        : await coordinatorOf(context).commitTransactionalOffsets({
            groupId: request.groupId,
            producerId: request.producerId,
            producerEpoch: request.producerEpoch,
            generationId: request.generationId,
            memberId: request.memberId,
            groupInstanceId: request.groupInstanceId,
            offsets: accepted,
          });
    const answer = answersInOrder(errors, results);
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((t, i) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: answer(i, p.partitionIndex),
        })),
      })),
    };
  },
  errorResponse: (request, error) => ({ throttleTimeMs: 0, topics: failedTopics(request, error) }),
});

function failedTopics(request: TxnOffsetCommitRequest, errorCode: ErrorCode): TxnOffsetCommitResponseTopic[] {
  return request.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })),
  }));
}
