/**
 * What the quorum leader tracks during its epoch (Kafka's LeaderState): how far each replica has
 * fetched and when it last did, from which it derives the high watermark and whether it still
 * has a quorum.
 *
 * Rules:
 * - A fetch at offset N tells the leader the replica has every entry below N.
 * - The high watermark is the largest offset that a majority of voters (the leader counts with its
 *   own log end) has reached, and it only moves once that offset is past the epoch's start: an
 *   entry from an older epoch is committed only by committing one from the current epoch (Raft
 *   §5.4.2; the leader appends a LeaderChange entry at its epoch start for this).
 * - The high watermark never moves backwards.
 * - Check quorum: a leader that has not heard from a majority of voters within the check window
 *   can no longer commit and must resign, so that a leader cut off from the others stops acting
 *   as one (KRaft resigns after 1.5 × fetch timeout).
 */
import type { BrokerId } from '../../types.js';

interface ReplicaProgress {
  endOffset: number;
  lastFetchMs: number;
}

export class LeaderState {
  private readonly progress = new Map<BrokerId, ReplicaProgress>();
  private readonly voterSet: ReadonlySet<BrokerId>;
  /** Voters that have fetched in this epoch; the others are sent BeginQuorumEpoch again. */
  private readonly acknowledged = new Set<BrokerId>();

  constructor(
    readonly localId: BrokerId,
    readonly voters: readonly BrokerId[],
    readonly epoch: number,
    readonly epochStartOffset: number,
    startMs: number,
  ) {
    this.voterSet = new Set(voters);
    for (const id of voters) this.progress.set(id, { endOffset: -1, lastFetchMs: startMs });
    this.acknowledged.add(localId);
  }

  /** Records a fetch; answers whether the replica is a voter. */
  updateReplica(id: BrokerId, fetchOffset: number, nowMs: number): boolean {
    const state = this.progress.get(id) ?? { endOffset: -1, lastFetchMs: nowMs };
    state.endOffset = Math.max(state.endOffset, fetchOffset);
    state.lastFetchMs = nowMs;
    this.progress.set(id, state);
    if (this.voterSet.has(id)) this.acknowledged.add(id);
    return this.voterSet.has(id);
  }

  /** The high watermark the voters' progress allows, or null when it may not move (see rules). */
  candidateHighWatermark(localEndOffset: number): number | null {
    const offsets = this.voters
      .map((id) => (id === this.localId ? localEndOffset : (this.progress.get(id)?.endOffset ?? -1)))
      .sort((a, b) => b - a);
    const majorityOffset = offsets[Math.floor(this.voters.length / 2)] ?? -1;
    return majorityOffset > this.epochStartOffset ? majorityOffset : null;
  }

  /** Whether a majority of voters (this leader included) fetched within the last `windowMs`. */
  hasQuorum(nowMs: number, windowMs: number): boolean {
    let live = 0;
    for (const id of this.voters) {
      if (id === this.localId || nowMs - (this.progress.get(id)?.lastFetchMs ?? -Infinity) <= windowMs)
        live++;
    }
    return live > this.voters.length / 2;
  }

  /** Voters that have not fetched since this epoch began. */
  unacknowledgedVoters(): BrokerId[] {
    return this.voters.filter((id) => !this.acknowledged.has(id));
  }

  /** Each replica's fetched end offset, for describing the quorum. */
  replicaEndOffsets(): ReadonlyMap<BrokerId, number> {
    return new Map([...this.progress].map(([id, p]) => [id, p.endOffset]));
  }
}
