/**
 * What one replica of a partition is doing, for the partition × broker matrix: the leader, a
 * follower in the ISR, a follower that fell out of it, or offline (its broker is down, or the
 * cluster lists it among the offline replicas). Brokers that hold no replica get null.
 */
import type { BrokerInfo, PartitionState } from '../../../host/api/index.js';

export type ReplicaState = 'leader' | 'in-sync' | 'out-of-sync' | 'offline';

export const replicaStateLabels: Record<ReplicaState, string> = {
  leader: 'leader',
  'in-sync': 'in-sync follower',
  'out-of-sync': 'out-of-sync follower',
  offline: 'offline',
};

export function replicaState(
  partition: Pick<PartitionState, 'leader' | 'replicas' | 'isr' | 'offlineReplicas'>,
  brokerId: number,
  brokers: readonly Pick<BrokerInfo, 'id' | 'state'>[],
): ReplicaState | null {
  if (!partition.replicas.includes(brokerId)) return null;
  const broker = brokers.find((b) => b.id === brokerId);
  if (partition.offlineReplicas.includes(brokerId) || !broker || broker.state === 'down') return 'offline';
  if (partition.leader === brokerId) return 'leader';
  return partition.isr.includes(brokerId) ? 'in-sync' : 'out-of-sync';
}

/** A partition is under-replicated when its ISR is smaller than its replica set. */
export function isUnderReplicated(partition: Pick<PartitionState, 'replicas' | 'isr'>): boolean {
  return partition.isr.length < partition.replicas.length;
}

export function isOffline(partition: Pick<PartitionState, 'leader'>): boolean {
  return partition.leader < 0;
}
