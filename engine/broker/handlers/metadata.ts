/**
 * Metadata: the alive brokers, the controller, and topics with their partitions' leader, leader
 * epoch, replicas, ISR and offline replicas, as Kafka's KRaft brokers answer it:
 *
 * - A partition without a leader (offline, or between the old leader's loss and the election)
 *   gets LEADER_NOT_AVAILABLE and leader -1, and clients retry.
 * - A topic that does not exist gets UNKNOWN_TOPIC_OR_PARTITION (INVALID_TOPIC_EXCEPTION for an
 *   illegal name), or, when the request allows
 *   auto-creation (v4+; always before) and the broker's `auto.create.topics.enable` is on, the
 *   controller is asked to create it with the broker defaults and the answer is
 *   LEADER_NOT_AVAILABLE until it exists (INVALID_TOPIC_EXCEPTION for an illegal name). The
 *   coordinators' internal topics are never auto-created from here.
 * - Topics asked by id (v12+) resolve to their names; an unknown id gets UNKNOWN_TOPIC_ID with a
 *   null name. Ids before v12, or a null name before v12, are an INVALID_REQUEST.
 * - v0 lists only the replicas on alive brokers and flags the gap with REPLICA_NOT_AVAILABLE.
 * - The controller id is the active controller when it is an alive broker, else another alive
 *   broker (KRaft brokers never expose the quorum itself), else -1.
 */
import * as metadataApi from '../../protocol/apis/metadata.js';
import type { MetadataResponsePartition, MetadataResponseTopic } from '../../protocol/apis/metadata.js';
import { ErrorCode, KafkaError } from '../../protocol/errors.js';
import { ZERO_UUID } from '../../protocol/uuid.js';
import {
  AUTHORIZED_OPERATIONS_OMITTED,
  CLUSTER_OPERATIONS,
  TOPIC_OPERATIONS,
} from '../authorized-operations.js';
import { defineHandler, type HandlerContext } from '../handler.js';
import type { BrokerId } from '../../types.js';
import type { MetadataView, PartitionMetadata, TopicMetadata } from '../services.js';
import { validateTopicName } from '../../storage/topic-manager.js';
import { isInternalTopic } from '../internal-topics.js';

export default defineHandler({
  api: metadataApi,
  async handle(request, context) {
    const { metadata, settings } = context.services;
    const version = context.apiVersion;
    for (const topic of request.topics ?? []) {
      if (version < 12 && (topic.name === null || topic.topicId !== ZERO_UUID)) {
        throw new KafkaError(
          ErrorCode.INVALID_REQUEST,
          `topic ids are not supported in Metadata v${version}`,
        );
      }
    }
    const aliveIds = new Set<number>(metadata.aliveBrokers().map((b) => b.id));
    const registeredIds = new Set<number>(metadata.registeredBrokers().map((b) => b.id));
    const describe = (topic: TopicMetadata): MetadataResponseTopic =>
      describeTopic(topic, version, registeredIds, aliveIds, request.includeTopicAuthorizedOperations);

    const topics: MetadataResponseTopic[] = [];
    if (request.topics === null) {
      for (const topic of metadata.topics()) topics.push(describe(topic));
    } else {
      const seen = new Set<string>();
      const autoCreate = request.allowAutoTopicCreation && settings.autoCreateTopicsEnable;
      for (const asked of request.topics) {
        if (asked.topicId !== ZERO_UUID) {
          if (seen.has(`id:${asked.topicId}`)) continue;
          seen.add(`id:${asked.topicId}`);
          const topic = metadata.topicById(asked.topicId);
          topics.push(
            topic ? describe(topic) : topicError(ErrorCode.UNKNOWN_TOPIC_ID, null, asked.topicId, false),
          );
          continue;
        }
        const name = asked.name ?? '';
        if (seen.has(`name:${name}`)) continue;
        seen.add(`name:${name}`);
        const topic = metadata.topic(name);
        if (topic) topics.push(describe(topic));
        else if (autoCreate) topics.push(autoCreateTopic(name, context));
        else topics.push(topicError(unknownTopicError(name), name, ZERO_UUID, isInternalTopic(name)));
      }
    }

    return {
      throttleTimeMs: 0,
      brokers: metadata
        .aliveBrokers()
        .map((b) => ({ nodeId: b.id, host: b.host, port: b.port, rack: b.rack })),
      clusterId: metadata.clusterId,
      controllerId: advertisedControllerId(metadata),
      topics,
      clusterAuthorizedOperations:
        version >= 8 && version <= 10 && request.includeClusterAuthorizedOperations
          ? CLUSTER_OPERATIONS
          : AUTHORIZED_OPERATIONS_OMITTED,
      errorCode: ErrorCode.NONE,
    };
  },
  errorResponse: (request, error) => ({
    throttleTimeMs: 0,
    brokers: [],
    clusterId: null,
    controllerId: -1,
    topics: (request.topics ?? []).map((t) => topicError(error, t.name, t.topicId, false)),
    clusterAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
    errorCode: ErrorCode.NONE,
  }),
});

/** The controller as clients may see it: an alive broker, or -1. */
export function advertisedControllerId(metadata: MetadataView): BrokerId | -1 {
  const alive = metadata.aliveBrokers();
  const controller = metadata.controllerId();
  if (alive.some((b) => b.id === controller)) return controller;
  return alive[0]?.id ?? -1;
}

function describeTopic(
  topic: TopicMetadata,
  version: number,
  registeredIds: ReadonlySet<number>,
  aliveIds: ReadonlySet<number>,
  includeAuthorizedOperations: boolean,
): MetadataResponseTopic {
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    topicId: topic.topicId,
    isInternal: topic.internal,
    partitions: topic.partitions.map((p) => describePartition(p, version, registeredIds, aliveIds)),
    topicAuthorizedOperations: includeAuthorizedOperations ? TOPIC_OPERATIONS : AUTHORIZED_OPERATIONS_OMITTED,
  };
}

/** One partition as Metadata describes it (shared with DescribeTopicPartitions). */
export function describePartition(
  p: PartitionMetadata,
  version: number,
  registeredIds: ReadonlySet<number>,
  aliveIds: ReadonlySet<number>,
): MetadataResponsePartition {
  const leaderKnown = p.leader !== -1 && registeredIds.has(p.leader);
  // v0 predates offline replicas: it leaves replicas on dead brokers out and says so.
  const replicas = version === 0 ? p.replicas.filter((id) => aliveIds.has(id)) : p.replicas;
  const isr = version === 0 ? p.isr.filter((id) => aliveIds.has(id)) : p.isr;
  const missing = replicas.length < p.replicas.length || isr.length < p.isr.length;
  return {
    errorCode: !leaderKnown
      ? ErrorCode.LEADER_NOT_AVAILABLE
      : missing
        ? ErrorCode.REPLICA_NOT_AVAILABLE
        : ErrorCode.NONE,
    partitionIndex: p.partition,
    leaderId: leaderKnown ? p.leader : -1,
    leaderEpoch: p.leaderEpoch,
    replicaNodes: replicas,
    isrNodes: isr,
    offlineReplicas: p.offlineReplicas,
  };
}

function topicError(
  errorCode: ErrorCode,
  name: string | null,
  topicId: string,
  isInternal: boolean,
): MetadataResponseTopic {
  return {
    errorCode,
    name,
    topicId,
    isInternal,
    partitions: [],
    topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  };
}

/** What a missing topic is: an illegal name, or a legal one that does not exist. */
function unknownTopicError(name: string): ErrorCode {
  try {
    validateTopicName(name);
    return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
  } catch {
    return ErrorCode.INVALID_TOPIC_EXCEPTION;
  }
}

/**
 * Asks the controller to create a missing topic with the broker defaults and answers as Kafka's
 * AutoTopicCreationManager does, without waiting: the client retries until the topic exists.
 */
function autoCreateTopic(name: string, context: HandlerContext): MetadataResponseTopic {
  if (unknownTopicError(name) === ErrorCode.INVALID_TOPIC_EXCEPTION) {
    return topicError(ErrorCode.INVALID_TOPIC_EXCEPTION, name, ZERO_UUID, false);
  }
  if (isInternalTopic(name)) return topicError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name, ZERO_UUID, true);
  const { state, services, logger } = context;
  if (!state.autoCreating.has(name)) {
    state.autoCreating.add(name);
    services.admin
      .createTopics([{ name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: {} }], {
        validateOnly: false,
        timeoutMs: 30_000,
      })
      .then(
        ([result]) => {
          const code = result?.errorCode ?? ErrorCode.NONE;
          if (code !== ErrorCode.NONE && code !== ErrorCode.TOPIC_ALREADY_EXISTS) {
            logger.warn(`auto-creation of topic ${name} failed: ${result?.errorMessage ?? code}`);
          }
        },
        (error: unknown) => logger.error(`auto-creation of topic ${name} failed`, error),
      )
      .finally(() => state.autoCreating.delete(name));
  }
  return topicError(ErrorCode.LEADER_NOT_AVAILABLE, name, ZERO_UUID, false);
}
