/**
 * DeleteRecords: moves partitions' log start offset forward (offset -1: to the high watermark),
 * answering each with its new low watermark once the replicas have it or the timeout passes.
 * An offset past the high watermark gets OFFSET_OUT_OF_RANGE; a non-leader
 * NOT_LEADER_OR_FOLLOWER; a partition named twice INVALID_REQUEST.
 */
import type {
  DeleteRecordsPartition,
  DeleteRecordsPartitionResult,
} from '../../protocol/apis/delete-records.js';
import * as deleteRecords from '../../protocol/apis/delete-records.js';
import type { ErrorCode } from '../../protocol/errors.js';
import { defineHandler } from '../handler.js';
import { answerPartitions } from './partitions.js';

export default defineHandler({
  api: deleteRecords,
  async handle(request, context) {
    const { metadata, replicas } = context.services;
    const topics = await answerPartitions(metadata, request.topics, {
      name: (t) => t.name,
      partitions: (t) => t.partitions,
      index: (p) => p.partitionIndex,
      fail: failed,
      refuseDuplicates: true,
      answer: async (accepted) => {
        const results = await replicas.deleteRecords(
          accepted.map(({ topic, part }) => ({
            tp: { topic, partition: part.partitionIndex },
            // Past 2^53 is past any high watermark: OFFSET_OUT_OF_RANGE either way.
            offset:
              part.offset > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(part.offset),
          })),
          request.timeoutMs,
        );
        return results.map((r): DeleteRecordsPartitionResult => ({
          partitionIndex: r.partition,
          lowWatermark: BigInt(r.lowWatermark),
          errorCode: r.errorCode,
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

function failed(p: DeleteRecordsPartition, errorCode: ErrorCode): DeleteRecordsPartitionResult {
  return { partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode };
}
