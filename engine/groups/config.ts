/**
 * The group coordinator's settings, by Kafka's broker config names (parsed and checked with the
 * other broker configs in engine/cluster/config.ts, where the defaults live):
 *
 *   group.initial.rebalance.delay.ms     how long a new group waits for more members (100 ms here,
 *                                        3 s in Kafka: a local cluster starts its consumers at once)
 *   group.min/max.session.timeout.ms     the session timeouts a member may ask for (1 s – 30 min)
 *   group.max.size                       members per group
 *   offsets.topic.num.partitions         partitions of __consumer_offsets (10 here, 50 in Kafka)
 *   offsets.topic.replication.factor     its replication factor (min(3, brokers))
 *   offsets.topic.segment.bytes          its segment size
 *   offsets.retention.minutes            how long offsets outlive their group's last member
 *   offsets.retention.check.interval.ms  how often expired offsets are removed
 *   offsets.commit.timeout.ms            how long a write to __consumer_offsets may wait for
 *                                        its replicas
 *   offset.metadata.max.bytes            the metadata string a commit may attach
 *   offsets.load.buffer.size             bytes read at a time while loading a partition
 */
import type { ClusterSettings } from '../cluster/config.js';

export interface GroupConfig {
  readonly initialRebalanceDelayMs: number;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  readonly maxSize: number;
  readonly offsetsTopicNumPartitions: number;
  readonly offsetsTopicReplicationFactor: number;
  readonly offsetsTopicSegmentBytes: number;
  readonly offsetsRetentionMs: number;
  readonly offsetsRetentionCheckIntervalMs: number;
  readonly offsetsCommitTimeoutMs: number;
  readonly offsetMetadataMaxBytes: number;
  readonly offsetsLoadBufferSize: number;
  /**
   * How long a member that joined may wait for its first rebalance to finish before it is
   * dropped (Kafka's GroupCoordinator.NewMemberJoinTimeoutMs, not configurable there either).
   */
  readonly newMemberJoinTimeoutMs: number;
}

export function groupConfigOf(settings: ClusterSettings): GroupConfig {
  return {
    initialRebalanceDelayMs: settings.groupInitialRebalanceDelayMs,
    minSessionTimeoutMs: settings.groupMinSessionTimeoutMs,
    maxSessionTimeoutMs: settings.groupMaxSessionTimeoutMs,
    maxSize: settings.groupMaxSize,
    offsetsTopicNumPartitions: settings.offsetsTopicNumPartitions,
    offsetsTopicReplicationFactor: settings.offsetsTopicReplicationFactor,
    offsetsTopicSegmentBytes: settings.offsetsTopicSegmentBytes,
    offsetsRetentionMs: settings.offsetsRetentionMinutes * 60_000,
    offsetsRetentionCheckIntervalMs: settings.offsetsRetentionCheckIntervalMs,
    offsetsCommitTimeoutMs: settings.offsetsCommitTimeoutMs,
    offsetMetadataMaxBytes: settings.offsetMetadataMaxBytes,
    offsetsLoadBufferSize: settings.offsetsLoadBufferSize,
    newMemberJoinTimeoutMs: 5 * 60_000,
  };
}
