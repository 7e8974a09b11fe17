/**
 * How a partition's leader and ISR change: Kafka's PartitionChangeBuilder, for the cases this
 * cluster has (no reassignment in flight, no eligible-leader-replicas).
 *
 * Rules:
 * - The leader is always a member of the ISR, and only a usable broker (registered, unfenced,
 *   not in controlled shutdown) leads.
 * - A clean election picks the first replica, in assignment order, that is in the ISR and
 *   usable: it has every committed record.
 * - An unclean election (the topic's `unclean.leader.election.enable`, or an explicit unclean
 *   ElectLeaders) picks the first usable replica even outside the ISR, and the ISR becomes just
 *   that leader: records only the old ISR had are lost. It happens only when no clean choice exists.
 * - A preferred election moves leadership to the first replica when it is in the ISR and usable.
 * - The ISR is never emptied: when its last member goes, it stays in the ISR and the partition
 *   has no leader (-1), so that member can lead again, cleanly, when it returns.
 * - A change that changes nothing is no change (null).
 */
import type { BrokerId } from '../../types.js';
import type { PartitionRegistration } from '../metadata/image.js';

export type ElectionKind = 'online' | 'preferred' | 'unclean';

export interface PartitionChangeRequest {
  /** The ISR wanted before leadership is decided (defaults to the current ISR). */
  readonly targetIsr?: readonly BrokerId[];
  readonly election: ElectionKind;
  readonly isUsable: (id: BrokerId) => boolean;
  /** The topic's unclean.leader.election.enable. */
  readonly uncleanAllowed: boolean;
}

export interface PartitionChangeFields {
  readonly leader?: BrokerId | -1;
  readonly isr?: readonly BrokerId[];
  /** True when the new leader came from outside the ISR. */
  readonly unclean: boolean;
}

export function buildPartitionChange(
  current: PartitionRegistration,
  request: PartitionChangeRequest,
): PartitionChangeFields | null {
  let isr = [...(request.targetIsr ?? current.isr)];
  if (isr.length === 0) isr = [...current.isr];
  const clean = (id: BrokerId): boolean => isr.includes(id) && request.isUsable(id);
  let leader: BrokerId | -1 = current.leader;
  let unclean = false;
  const preferred = current.replicas[0];
  if (request.election === 'preferred' && preferred !== undefined && clean(preferred)) {
    leader = preferred;
  } else if (leader === -1 || !clean(leader)) {
    leader = current.replicas.find(clean) ?? -1;
    if (leader === -1 && (request.uncleanAllowed || request.election === 'unclean')) {
      leader = current.replicas.find(request.isUsable) ?? -1;
      if (leader !== -1) {
        unclean = true;
        isr = [leader];
      }
    }
  }
  const leaderChanged = leader !== current.leader;
  const isrChanged = !sameMembers(isr, current.isr);
  if (!leaderChanged && !isrChanged) return null;
  return {
    ...(leaderChanged ? { leader } : {}),
    ...(isrChanged ? { isr } : {}),
    unclean,
  };
}

export function sameMembers(a: readonly BrokerId[], b: readonly BrokerId[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}
