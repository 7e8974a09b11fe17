/**
 * OffsetForLeaderEpoch: the end offset of a leader epoch in the leader's log (the start offset
 * of the next epoch, or the log end for the current one), with the largest epoch not above the
 * one asked. Consumers use it to detect truncation after a leader change (KIP-320): an epoch the
 * leader never had answers the epoch before it; an epoch below the log's first gets -1 and -1.
 * A stale current leader epoch gets FENCED_LEADER_EPOCH; a non-leader NOT_LEADER_OR_FOLLOWER.
 */
import type {
  EpochEndOffset,
  OffsetForLeaderPartition,
} from '../../protocol/apis/offset-for-leader-epoch.js';
import * as offsetForLeaderEpoch from '../../protocol/apis/offset-for-leader-epoch.js';
import type { ErrorCode } from '../../protocol/errors.js';
import { defineHandler } from '../handler.js';
import { answerPartitions } from './partitions.js';

export default defineHandler({
  api: offsetForLeaderEpoch,
  async handle(request, context) {
    const { metadata, replicas } = context.services;
    const topics = await answerPartitions(metadata, request.topics, {
      name: (t) => t.topic,
      partitions: (t) => t.partitions,
      index: (p) => p.partition,
      fail: failed,
      refuseDuplicates: false,
      answer: async (accepted) => {
        const results = await replicas.offsetForLeaderEpoch(
          accepted.map(({ topic, part }) => ({
            tp: { topic, partition: part.partition },
            leaderEpoch: part.leaderEpoch,
            currentLeaderEpoch: part.currentLeaderEpoch,
          })),
        );
        return results.map((r): EpochEndOffset => ({
          errorCode: r.errorCode,
          partition: r.partition,
          leaderEpoch: r.leaderEpoch,
          endOffset: BigInt(r.endOffset),
        }));
      },
    });
    return {
      throttleTimeMs: 0,
      topics: topics.map(({ topic, answers }) => ({ topic: topic.topic, partitions: answers })),
    };
  },
  errorResponse: (request, error) => ({
    throttleTimeMs: 0,
    topics: request.topics.map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map((p) => failed(p, error)),
    })),
  }),
});

function failed(p: OffsetForLeaderPartition, errorCode: ErrorCode): EpochEndOffset {
  return { errorCode, partition: p.partition, leaderEpoch: -1, endOffset: -1n };
}
