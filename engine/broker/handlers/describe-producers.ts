/**
 * DescribeProducers (KIP-664): the active idempotent and transactional producers of partitions
 * this broker leads, with epoch, last sequence, last timestamp and the start of any open
 * transaction (what `kafka-transactions describe-producers` shows, and how a hanging transaction
 * is found). A partition the cluster does not know gets UNKNOWN_TOPIC_OR_PARTITION, one led
 * elsewhere NOT_LEADER_OR_FOLLOWER.
 */
import type { DescribeProducersPartitionResponse } from '../../protocol/apis/describe-producers.js';
import * as describeProducers from '../../protocol/apis/describe-producers.js';
import type { ErrorCode } from '../../protocol/errors.js';
import { defineHandler } from '../handler.js';
import { answerPartitions } from './partitions.js';

export default defineHandler({
  api: describeProducers,
  async handle(request, context) {
    const { metadata, replicas } = context.services;
    const topics = await answerPartitions(metadata, request.topics, {
      name: (t) => t.name,
      partitions: (t) => t.partitionIndexes,
      index: (partition) => partition,
      fail: failed,
      refuseDuplicates: false,
      answer: async (accepted) => {
        const results = await replicas.describeProducers(
          accepted.map(({ topic, part }) => ({ topic, partition: part })),
        );
        return results.map((r): DescribeProducersPartitionResponse => ({
          partitionIndex: r.tp.partition,
          errorCode: r.errorCode,
          errorMessage: null,
          activeProducers: r.producers.map((p) => ({
            producerId: p.producerId,
            producerEpoch: p.producerEpoch,
            lastSequence: p.lastSequence,
            lastTimestamp: BigInt(p.lastTimestamp),
            coordinatorEpoch: p.coordinatorEpoch,
            currentTxnStartOffset: BigInt(p.currentTxnStartOffset),
          })),
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
      partitions: t.partitionIndexes.map((p) => failed(p, error)),
    })),
  }),
});

function failed(partitionIndex: number, errorCode: ErrorCode): DescribeProducersPartitionResponse {
  return { partitionIndex, errorCode, errorMessage: null, activeProducers: [] };
}
