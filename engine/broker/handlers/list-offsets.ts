/**
 * ListOffsets: per partition, the offset of the first record at or after a timestamp, or of a
 * special point (-1 latest: the high watermark, or the last stable offset for read_committed;
 * -2 earliest; -3 the record with the largest timestamp; -4 earliest local; -5 latest tiered).
 * Only the leader answers (NOT_LEADER_OR_FOLLOWER elsewhere; FENCED_LEADER_EPOCH or
 * UNKNOWN_LEADER_EPOCH for a stale or future current leader epoch). A timestamp after every
 * record answers offset -1 with timestamp -1, as Kafka does. A new leader whose high watermark has
 * not reached the start of its epoch answers a consumer's latest (or a time past its high
 * watermark) with OFFSET_NOT_AVAILABLE rather than a stale end. A partition named twice gets
 * INVALID_REQUEST.
 */
import type { ListOffsetsPartition, ListOffsetsPartitionResponse } from '../../protocol/apis/list-offsets.js';
import * as listOffsets from '../../protocol/apis/list-offsets.js';
import type { ErrorCode } from '../../protocol/errors.js';
import { asBrokerId } from '../../types.js';
import { defineHandler } from '../handler.js';
import { IsolationLevel } from '../services.js';
import { answerPartitions } from './partitions.js';

export default defineHandler({
  api: listOffsets,
  async handle(request, context) {
    const { metadata, replicas } = context.services;
    const topics = await answerPartitions(metadata, request.topics, {
      name: (t) => t.name,
      partitions: (t) => t.partitions,
      index: (p) => p.partitionIndex,
      fail: failed,
      refuseDuplicates: true,
      answer: async (accepted) => {
        const results = await replicas.listOffsets(
          accepted.map(({ topic, part }) => ({
            tp: { topic, partition: part.partitionIndex },
            timestamp: clampTimestamp(part.timestamp),
            currentLeaderEpoch: part.currentLeaderEpoch,
          })),
          {
            isolationLevel:
              request.isolationLevel === IsolationLevel.READ_COMMITTED
                ? IsolationLevel.READ_COMMITTED
                : IsolationLevel.READ_UNCOMMITTED,
            replicaId: request.replicaId >= 0 ? asBrokerId(request.replicaId) : -1,
          },
        );
        return results.map((r): ListOffsetsPartitionResponse => ({
          partitionIndex: r.tp.partition,
          errorCode: r.errorCode,
          timestamp: BigInt(r.timestamp),
          offset: BigInt(r.offset),
          leaderEpoch: r.leaderEpoch,
        }));
      },
    });
    return {
      throttleTimeMs: 0,
      topics: topics.map(({ topic, answers }) => ({ name: topic.name, partitions: answers })),
    };
  },
  errorResponse: (request, error) => ({
    throttleTimeMs: 0,
    topics: request.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => failed(p, error)),
    })),
  }),
});

function failed(p: ListOffsetsPartition, errorCode: ErrorCode): ListOffsetsPartitionResponse {
  return { partitionIndex: p.partitionIndex, errorCode, timestamp: -1n, offset: -1n, leaderEpoch: -1 };
}

/** A wire timestamp as a number; beyond 2^53 ms (year 285 616) every log's records are earlier anyway. */
function clampTimestamp(timestamp: bigint): number {
  return timestamp > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(timestamp);
}
