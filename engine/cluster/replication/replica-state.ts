/**
 * What a partition leader knows of one follower (Kafka's Replica): how far it has fetched and
 * since when it has been caught up.
 *
 * Caught up means: the follower's log end equals the leader's, or it fetched, within
 * `replica.lag.time.max.ms`, at least as far as the leader's log end was at its previous fetch.
 * So a follower that keeps up with a busy leader stays caught up although it is never exactly
 * at the leader's end, and one that stops fetching falls out after the lag time.
 */
export class ReplicaState {
  /** The follower's log end offset, -1 until it fetches under this leader epoch. */
  logEndOffset = -1;
  logStartOffset = -1;
  lastCaughtUpTimeMs = 0;
  lastFetchTimeMs = 0;
  /** The leader's log end offset at the follower's previous fetch. */
  private lastFetchLeaderLogEndOffset = -1;

  /** A new leader epoch: an ISR member counts as caught up from now, the others from never. */
  reset(nowMs: number, inIsr: boolean): void {
    this.logEndOffset = -1;
    this.logStartOffset = -1;
    this.lastCaughtUpTimeMs = inIsr ? nowMs : 0;
    this.lastFetchTimeMs = 0;
    this.lastFetchLeaderLogEndOffset = -1;
  }

  updateFetchState(
    fetchOffset: number,
    logStartOffset: number,
    fetchTimeMs: number,
    leaderEndOffset: number,
  ): void {
    if (fetchOffset >= leaderEndOffset) {
      this.lastCaughtUpTimeMs = Math.max(this.lastCaughtUpTimeMs, fetchTimeMs);
    } else if (fetchOffset >= this.lastFetchLeaderLogEndOffset) {
      this.lastCaughtUpTimeMs = Math.max(this.lastCaughtUpTimeMs, this.lastFetchTimeMs);
    }
    this.logEndOffset = fetchOffset;
    this.logStartOffset = logStartOffset;
    this.lastFetchLeaderLogEndOffset = leaderEndOffset;
    this.lastFetchTimeMs = fetchTimeMs;
  }

  isCaughtUp(leaderEndOffset: number, nowMs: number, lagTimeMaxMs: number): boolean {
    return this.logEndOffset === leaderEndOffset || nowMs - this.lastCaughtUpTimeMs <= lagTimeMaxMs;
  }
}
