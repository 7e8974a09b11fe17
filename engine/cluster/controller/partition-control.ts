/**
 * The controller's decisions about partition leaders and ISRs (Kafka's ReplicationControlManager,
 * the leader/ISR half): what happens to a broker's partitions when it is fenced or shuts down,
 * which leaderless partitions can get a leader, the leader's AlterPartition requests, and
 * preferred, unclean and balancing elections. Every function adds its records to a RecordSink;
 * the rules of each single change are in partition-change.ts.
 */
import { ErrorCode } from '../../protocol/errors.js';
import type { BrokerId, TopicPartition } from '../../types.js';
import type { ClusterSettings } from '../config.js';
import type { PartitionRegistration, TopicImage } from '../metadata/image.js';
import { effectiveTopicConfig } from '../metadata/topic-config.js';
import type { AlterPartitionRequest, AlterPartitionResponse } from './messages.js';
import { buildPartitionChange, type ElectionKind, sameMembers } from './partition-change.js';
import type { RecordSink } from './record-sink.js';

interface PartitionRef {
  readonly topic: TopicImage;
  readonly partition: number;
  readonly registration: PartitionRegistration;
}

function* partitionsOf(sink: RecordSink): Generator<PartitionRef> {
  for (const topic of sink.image.topics()) {
    for (const [partition, registration] of topic.partitions) yield { topic, partition, registration };
  }
}

function uncleanAllowed(sink: RecordSink, settings: ClusterSettings, topic: string): boolean {
  return effectiveTopicConfig(sink.image, settings, topic).uncleanLeaderElectionEnable;
}

/** Applies one change decision; answers whether anything changed. */
function change(
  sink: RecordSink,
  settings: ClusterSettings,
  ref: PartitionRef,
  election: ElectionKind,
  targetIsr?: readonly BrokerId[],
): boolean {
  const fields = buildPartitionChange(ref.registration, {
    ...(targetIsr ? { targetIsr } : {}),
    election,
    isUsable: (id) => sink.image.isUsable(id),
    uncleanAllowed: uncleanAllowed(sink, settings, ref.topic.name),
  });
  if (!fields) return false;
  sink.add({
    type: 'PartitionChange',
    topicId: ref.topic.topicId,
    partition: ref.partition,
    ...(fields.leader !== undefined ? { leader: fields.leader } : {}),
    ...(fields.isr !== undefined ? { isr: fields.isr } : {}),
  });
  return true;
}

/**
 * A broker was fenced or entered controlled shutdown (its registration change is already in the
 * sink): take it out of every ISR and move its leaderships to another ISR member.
 */
export function removeBrokerFromPartitions(
  sink: RecordSink,
  settings: ClusterSettings,
  brokerId: BrokerId,
): void {
  for (const ref of [...partitionsOf(sink)]) {
    const { isr, leader } = ref.registration;
    if (!isr.includes(brokerId) && leader !== brokerId) continue;
    change(
      sink,
      settings,
      ref,
      'online',
      isr.filter((id) => id !== brokerId),
    );
  }
}

/** Gives a leader to every partition without a usable one, where the rules allow (clean first). */
export function electLeaderlessPartitions(sink: RecordSink, settings: ClusterSettings): void {
  for (const ref of [...partitionsOf(sink)]) {
    const leader = ref.registration.leader;
    if (leader !== -1 && sink.image.isUsable(leader)) continue;
    change(sink, settings, ref, 'online');
  }
}

/** Auto leader rebalance: preferred leaders back where they are in the ISR and usable. */
export function balancePartitionLeaders(sink: RecordSink, settings: ClusterSettings): void {
  for (const ref of [...partitionsOf(sink)]) {
    const preferred = ref.registration.replicas[0];
    if (preferred === undefined || ref.registration.leader === preferred) continue;
    if (!ref.registration.isr.includes(preferred) || !sink.image.isUsable(preferred)) continue;
    change(sink, settings, ref, 'preferred');
  }
}

/**
 * A leader's request to change its ISR (Kafka's AlterPartition). Refused when it comes from an
 * old leader epoch (FENCED_LEADER_EPOCH) or is based on an old partition epoch
 * (INVALID_UPDATE_VERSION), when a replica to add is fenced or shutting down
 * (INELIGIBLE_REPLICA), or when the ISR would not be a subset of the replicas holding the leader.
 */
export function alterPartition(sink: RecordSink, request: AlterPartitionRequest): AlterPartitionResponse {
  const refused = (errorCode: ErrorCode, p?: PartitionRegistration): AlterPartitionResponse => ({
    errorCode,
    leaderId: p?.leader ?? -1,
    leaderEpoch: p?.leaderEpoch ?? -1,
    isr: p?.isr ?? [],
    partitionEpoch: p?.partitionEpoch ?? -1,
  });
  const broker = sink.image.broker(request.brokerId);
  if (!broker || broker.epoch !== request.brokerEpoch) return refused(ErrorCode.STALE_BROKER_EPOCH);
  const topic = sink.image.topicById(request.topicId);
  const current = topic?.partitions.get(request.partition);
  if (!topic || !current) return refused(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (request.leaderEpoch < current.leaderEpoch) return refused(ErrorCode.FENCED_LEADER_EPOCH, current);
  if (current.leader !== request.brokerId) return refused(ErrorCode.NOT_LEADER_OR_FOLLOWER, current);
  if (request.partitionEpoch !== current.partitionEpoch)
    return refused(ErrorCode.INVALID_UPDATE_VERSION, current);
  const newIsr = request.newIsr;
  if (
    !newIsr.includes(request.brokerId) ||
    newIsr.some((id) => !current.replicas.includes(id)) ||
    new Set(newIsr).size !== newIsr.length
  ) {
    return refused(ErrorCode.INVALID_REQUEST, current);
  }
  if (newIsr.some((id) => !current.isr.includes(id) && !sink.image.isUsable(id))) {
    return refused(ErrorCode.INELIGIBLE_REPLICA, current);
  }
  if (!sameMembers(newIsr, current.isr)) {
    sink.add({ type: 'PartitionChange', topicId: topic.topicId, partition: request.partition, isr: newIsr });
  }
  const after = sink.image.topicById(topic.topicId)?.partitions.get(request.partition) ?? current;
  return {
    errorCode: ErrorCode.NONE,
    leaderId: after.leader,
    leaderEpoch: after.leaderEpoch,
    isr: after.isr,
    partitionEpoch: after.partitionEpoch,
  };
}

export interface ElectionResult extends TopicPartition {
  readonly errorCode: ErrorCode;
  readonly errorMessage: string | null;
}

/**
 * ElectLeaders: preferred (0) moves leadership to the first replica; unclean (1) gives a leader
 * to a partition that has none, from outside the ISR if it must. All partitions when null; then
 * only the partitions an election applies to are reported, as Kafka does.
 */
export function electLeaders(
  sink: RecordSink,
  settings: ClusterSettings,
  partitions: readonly TopicPartition[] | null,
  electionType: 0 | 1,
): ElectionResult[] {
  const results: ElectionResult[] = [];
  const all = partitions === null;
  const targets: (TopicPartition & { ref: PartitionRef | null })[] = all
    ? [...partitionsOf(sink)].map((ref) => ({ topic: ref.topic.name, partition: ref.partition, ref }))
    : partitions.map((tp) => {
        const topic = sink.image.topicByName(tp.topic);
        const registration = topic?.partitions.get(tp.partition);
        return {
          ...tp,
          ref: topic && registration ? { topic, partition: tp.partition, registration } : null,
        };
      });
  for (const { topic, partition, ref } of targets) {
    const result = (errorCode: ErrorCode, errorMessage: string | null = null): void => {
      results.push({ topic, partition, errorCode, errorMessage });
    };
    if (!ref) {
      result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The partition ${topic}-${partition} does not exist.`);
      continue;
    }
    const { registration } = ref;
    if (electionType === 0) {
      const preferred = registration.replicas[0];
      if (registration.leader === preferred) {
        if (!all) result(ErrorCode.ELECTION_NOT_NEEDED, 'Leader election not needed for topic partition.');
      } else if (
        preferred === undefined ||
        !registration.isr.includes(preferred) ||
        !sink.image.isUsable(preferred)
      ) {
        result(
          ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE,
          `Failed to elect leader for partition ${topic}-${partition}.`,
        );
      } else {
        change(sink, settings, ref, 'preferred');
        result(ErrorCode.NONE);
      }
    } else if (registration.leader !== -1 && sink.image.isUsable(registration.leader)) {
      if (!all) result(ErrorCode.ELECTION_NOT_NEEDED, 'Leader election not needed for topic partition.');
    } else if (change(sink, settings, ref, 'unclean')) {
      result(ErrorCode.NONE);
    } else {
      result(
        ErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE,
        `Failed to elect leader for partition ${topic}-${partition}.`,
      );
    }
  }
  return results;
}
