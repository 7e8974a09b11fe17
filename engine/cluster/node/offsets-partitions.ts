/**
 * Where a broker's group coordinator keeps its state: the partitions of __consumer_offsets this
 * broker leads (see coordinator-partitions.ts for how they are read and written).
 *
 * `createOffsetsTopic` asks the controller for the topic with Kafka's settings for it:
 * compacted, `offsets.topic.num.partitions` partitions, `offsets.topic.replication.factor`
 * replicas (by default as many as there are brokers, up to 3: see config.ts) and
 * `offsets.topic.segment.bytes` segments.
 */
import { GROUP_METADATA_TOPIC_NAME } from '../../broker/internal-topics.js';
import type { ClusterAdmin } from '../../broker/services.js';
import type { OffsetsPartitions } from '../../groups/coordinator.js';
import type { Clock } from '../../util/clock.js';
import type { ClusterSettings } from '../config.js';
import type { ReplicaManager } from '../replication/replica-manager.js';
import { coordinatorPartitions, createCoordinatorTopic } from './coordinator-partitions.js';

export function offsetsPartitions(
  replicas: ReplicaManager,
  settings: ClusterSettings,
  clock: Clock,
): OffsetsPartitions {
  return coordinatorPartitions(replicas, GROUP_METADATA_TOPIC_NAME, {
    timeoutMs: settings.offsetsCommitTimeoutMs,
    readBytes: settings.offsetsLoadBufferSize,
    clock,
  });
}

/** Asks the controller for __consumer_offsets; whatever it answers, the caller looks again. */
export function createOffsetsTopic(admin: ClusterAdmin, settings: ClusterSettings): Promise<void> {
  return createCoordinatorTopic(admin, {
    name: GROUP_METADATA_TOPIC_NAME,
    numPartitions: settings.offsetsTopicNumPartitions,
    replicationFactor: settings.offsetsTopicReplicationFactor,
    segmentBytes: settings.offsetsTopicSegmentBytes,
    timeoutMs: settings.offsetsCommitTimeoutMs,
  });
}
