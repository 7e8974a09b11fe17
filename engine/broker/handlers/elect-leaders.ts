/**
 * ElectLeaders: the controller runs a preferred (the first replica, if in the ISR and alive) or
 * unclean (any live replica, even out of the ISR) election for the partitions named, or for every
 * partition when none are. Per partition: NONE when it moved, ELECTION_NOT_NEEDED when the leader
 * already is the one wanted, PREFERRED_LEADER_NOT_AVAILABLE or ELIGIBLE_LEADERS_NOT_AVAILABLE
 * when no replica qualifies, UNKNOWN_TOPIC_OR_PARTITION. An unknown election type is an
 * INVALID_REQUEST.
 */
import type { ElectLeadersRequest, ElectLeadersResponse } from '../../protocol/apis/elect-leaders.js';
import * as electLeaders from '../../protocol/apis/elect-leaders.js';
import { ElectionType } from '../../protocol/apis/elect-leaders.js';
import { ErrorCode, KafkaError } from '../../protocol/errors.js';
import { defineHandler } from '../handler.js';
import { groupByTopic } from './partitions.js';

export default defineHandler({
  api: electLeaders,
  async handle(request, context) {
    const type = request.electionType;
    if (type !== ElectionType.PREFERRED && type !== ElectionType.UNCLEAN) {
      throw new KafkaError(ErrorCode.INVALID_REQUEST, `unknown election type ${type}`);
    }
    const partitions =
      request.topicPartitions === null
        ? null
        : request.topicPartitions.flatMap((t) =>
            t.partitions.map((partition) => ({ topic: t.topic, partition })),
          );
    const results = await context.services.admin.electLeaders(partitions, type, request.timeoutMs);
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      replicaElectionResults: groupByTopic(results, (r) => r.topic).map(([topic, rs]) => ({
        topic,
        partitionResult: rs.map((r) => ({
          partitionId: r.partition,
          errorCode: r.errorCode,
          errorMessage: r.errorMessage,
        })),
      })),
    };
  },
  errorResponse: (request, error) => errorResponse(request, error),
});

function errorResponse(request: ElectLeadersRequest, error: ErrorCode): ElectLeadersResponse {
  return {
    throttleTimeMs: 0,
    errorCode: error,
    replicaElectionResults: (request.topicPartitions ?? []).map((t) => ({
      topic: t.topic,
      partitionResult: t.partitions.map((partitionId) => ({
        partitionId,
        errorCode: error,
        errorMessage: null,
      })),
    })),
  };
}
