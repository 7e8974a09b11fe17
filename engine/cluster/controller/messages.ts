/**
 * What brokers ask of the active controller over the links, after KRaft's BrokerRegistration,
 * BrokerHeartbeat, AlterPartition and AllocateProducerIds RPCs, plus admin requests a broker
 * forwards (Kafka's envelope forwarding of CreateTopics and friends). A node that is not the
 * active controller answers NOT_CONTROLLER; the sender finds the new one and retries.
 */
import type { ClusterAdmin } from '../../broker/services.js';
import type { ErrorCode } from '../../protocol/errors.js';
import type { BrokerId } from '../../types.js';

export interface BrokerRegistrationRequest {
  readonly clusterId: string;
  readonly brokerId: BrokerId;
  readonly incarnationId: string;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

export interface BrokerRegistrationResponse {
  readonly errorCode: ErrorCode;
  readonly brokerEpoch: number;
}

export interface BrokerHeartbeatRequest {
  readonly brokerId: BrokerId;
  readonly brokerEpoch: number;
  /** The end of the committed metadata this broker has applied. */
  readonly currentMetadataOffset: number;
  readonly wantFence: boolean;
  readonly wantShutDown: boolean;
}

export interface BrokerHeartbeatResponse {
  readonly errorCode: ErrorCode;
  readonly isCaughtUp: boolean;
  readonly isFenced: boolean;
  readonly shouldShutDown: boolean;
}

export interface AlterPartitionRequest {
  readonly brokerId: BrokerId;
  readonly brokerEpoch: number;
  readonly topicId: string;
  readonly partition: number;
  readonly leaderEpoch: number;
  /** The partition epoch the leader's proposal is based on. */
  readonly partitionEpoch: number;
  readonly newIsr: readonly BrokerId[];
}

export interface AlterPartitionResponse {
  readonly errorCode: ErrorCode;
  /** The partition's state after the change (or as it is, on a refusal the leader can learn from). */
  readonly leaderId: BrokerId | -1;
  readonly leaderEpoch: number;
  readonly isr: readonly BrokerId[];
  readonly partitionEpoch: number;
}

export interface AllocateProducerIdsRequest {
  readonly brokerId: BrokerId;
  readonly brokerEpoch: number;
}

export interface AllocateProducerIdsResponse {
  readonly errorCode: ErrorCode;
  readonly producerIdStart: number;
  readonly producerIdLen: number;
}

type AdminMethod = Exclude<keyof ClusterAdmin, 'allocateProducerId'>;

/** One forwarded ClusterAdmin call. */
export type AdminCall = {
  [M in AdminMethod]: { readonly method: M; readonly args: Parameters<ClusterAdmin[M]> };
}[AdminMethod];

export type AdminReply =
  | { readonly errorCode: typeof ErrorCode.NONE; readonly result: unknown }
  | { readonly errorCode: ErrorCode; readonly result: null };

export interface ControllerMessages {
  'controller.registerBroker': { request: BrokerRegistrationRequest; response: BrokerRegistrationResponse };
  'controller.heartbeat': { request: BrokerHeartbeatRequest; response: BrokerHeartbeatResponse };
  'controller.alterPartition': { request: AlterPartitionRequest; response: AlterPartitionResponse };
  'controller.allocateProducerIds': {
    request: AllocateProducerIdsRequest;
    response: AllocateProducerIdsResponse;
  };
  'controller.admin': { request: AdminCall; response: AdminReply };
}
