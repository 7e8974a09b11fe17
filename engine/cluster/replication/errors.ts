/** Errors of the replication layer, each carrying the Kafka error code a response reports. */
import { ErrorCode, KafkaError } from '../../protocol/errors.js';

export class NotLeaderOrFollowerError extends KafkaError {
  override readonly name = 'NotLeaderOrFollowerError';
  constructor(message: string) {
    super(ErrorCode.NOT_LEADER_OR_FOLLOWER, message);
  }
}

export class NotEnoughReplicasError extends KafkaError {
  override readonly name = 'NotEnoughReplicasError';
  constructor(message: string) {
    super(ErrorCode.NOT_ENOUGH_REPLICAS, message);
  }
}
