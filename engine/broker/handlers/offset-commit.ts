/**
 * OffsetCommit: a group's consumed positions, written to __consumer_offsets by the group's
 * coordinator (engine/groups/offsets.ts). Partitions this cluster does not have are refused here,
 * the rest answered by the coordinator, each in request order.
 */
import * as offsetCommit from '../../protocol/apis/offset-commit.js';
import type { OffsetCommitRequest, OffsetCommitResponseTopic } from '../../protocol/apis/offset-commit.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { OffsetToCommit } from '../../groups/api.js';
import { defineHandler } from '../handler.js';
import { coordinatorOf, servesGroups } from './group-handlers.js';
import { answersInOrder, partitionError, refusalKey, resolveTopic } from './group-topics.js';

export default defineHandler({
  api: offsetCommit,
  available: servesGroups,
  async handle(request, context) {
    const { metadata } = context.services;
    const byId = context.apiVersion >= 10;
    const errors = new Map<string, ErrorCode>();
    const accepted: OffsetToCommit[] = [];
    request.topics.forEach((t, i) => {
      const topic = resolveTopic(metadata, t, byId);
      for (const p of t.partitions) {
        if ('error' in topic) {
          errors.set(refusalKey(i, p.partitionIndex), topic.error);
          continue;
        }
        const error = partitionError(metadata, topic.name, p.partitionIndex);
        if (error !== null) {
          errors.set(refusalKey(i, p.partitionIndex), error);
          continue;
        }
        accepted.push({
          topic: topic.name,
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
        : await coordinatorOf(context).commitOffsets({
            groupId: request.groupId,
            generationId: request.generationIdOrMemberEpoch,
            memberId: request.memberId,
            groupInstanceId: request.groupInstanceId,
            retentionTimeMs: context.apiVersion <= 4 ? Number(request.retentionTimeMs) : -1,
            offsets: accepted,
          });
    const answer = answersInOrder(errors, results);
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((t, i) => ({
        name: t.name,
        topicId: t.topicId,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: answer(i, p.partitionIndex),
        })),
      })),
    };
  },
  errorResponse: (request, error) => ({ throttleTimeMs: 0, topics: failedTopics(request, error) }),
});

function failedTopics(request: OffsetCommitRequest, errorCode: ErrorCode): OffsetCommitResponseTopic[] {
  return request.topics.map((t) => ({
    name: t.name,
    topicId: t.topicId,
    partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })),
  }));
}
