/**
 * One partition replica on one broker, as leader or follower (Kafka's Partition class, with its
 * verbs). The metadata log decides who leads; this class keeps the leader's view of its
 * followers, proposes ISR changes to the controller, and moves the high watermark.
 *
 * Invariants: logStartOffset ≤ highWatermark ≤ logEndOffset (the log asserts it where it moves);
 * the leader is in its own ISR; at most one ISR change is in flight (Kafka's pending ISR state);
 * the high watermark never moves backwards on a leader.
 */
import { ErrorCode } from '../../protocol/errors.js';
import type { LogAppendInfo, PartitionLog } from '../../storage/log.js';
import type { AppendOrigin } from '../../storage/log-types.js';
import type { BrokerId, LeaderEpoch, TopicPartition } from '../../types.js';
import { asLeaderEpoch, asOffset } from '../../types.js';
import type { Clock } from '../../util/clock.js';
import { invariant } from '../../util/invariant.js';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../controller/messages.js';
import type { PartitionRegistration } from '../metadata/image.js';
import { NotEnoughReplicasError, NotLeaderOrFollowerError } from './errors.js';
import { ReplicaState } from './replica-state.js';

export interface PartitionContext {
  readonly localBrokerId: BrokerId;
  readonly clock: Clock;
  readonly replicaLagTimeMaxMs: number;
  /** Whether a broker may join an ISR now: registered, unfenced, not shutting down (KIP-841). */
  isBrokerUsable(id: BrokerId): boolean;
  /** Sends an AlterPartition to the active controller; rejects when the request is lost. */
  alterPartition(
    request: Omit<AlterPartitionRequest, 'brokerId' | 'brokerEpoch'>,
  ): Promise<AlterPartitionResponse>;
  /** The high watermark or the ISR moved: delayed produces and fetches may complete. */
  onStateChange(partition: Partition): void;
}

interface PendingIsr {
  readonly kind: 'expand' | 'shrink';
  readonly isr: readonly BrokerId[];
}

export class Partition {
  leaderId: BrokerId | -1 = -1;
  leaderEpoch: LeaderEpoch = asLeaderEpoch(-1);
  partitionEpoch = -1;
  replicas: readonly BrokerId[] = [];
  /** The ISR as committed in the metadata log (or acknowledged by the controller). */
  isr: readonly BrokerId[] = [];
  private pendingIsr: PendingIsr | null = null;
  private readonly followers = new Map<BrokerId, ReplicaState>();
  /** The log end when this leader epoch began: a follower must reach it to rejoin the ISR. */
  private leaderEpochStartOffset = 0;

  constructor(
    readonly tp: TopicPartition,
    readonly topicId: string,
    readonly log: PartitionLog,
    private readonly ctx: PartitionContext,
  ) {}

  get isLeader(): boolean {
    return this.leaderId === this.ctx.localBrokerId;
  }

  /**
   * The ISR the high watermark must respect: while an expansion is in flight it already counts
   * the new member; while a shrink is in flight it still counts the member being removed
   * (Kafka's maximal ISR), so the high watermark is never ahead of what the controller may decide.
   */
  get maximalIsr(): readonly BrokerId[] {
    if (this.pendingIsr?.kind === 'expand') return this.pendingIsr.isr;
    return this.isr;
  }

  get minInsyncReplicas(): number {
    return this.log.config.minInsyncReplicas;
  }

  /**
   * Whether this leader's high watermark is still behind the start of its leader epoch: right
   * after an election it may be the stale one it had as a follower, so offsets answered from it
   * would hide committed records (Kafka answers OFFSET_NOT_AVAILABLE until it catches up).
   */
  get highWatermarkLagsEpochStart(): boolean {
    return this.isLeader && this.log.highWatermark < this.leaderEpochStartOffset;
  }

  /** Caught-up state of each follower, for describing the partition. */
  followerState(id: BrokerId): ReplicaState | undefined {
    return this.followers.get(id);
  }

  /**
   * Become (or stay) leader at the registration's epoch. A new leader epoch starts every
   * follower's tracking afresh: ISR members count as caught up from now, others from never;
   * followers must reach the log end as it is now to rejoin the ISR. Answers whether the epoch is new.
   */
  makeLeader(registration: PartitionRegistration): boolean {
    if (registration.partitionEpoch < this.partitionEpoch && registration.leaderEpoch <= this.leaderEpoch)
      return false;
    const now = this.ctx.clock.now();
    const isNewEpoch = !this.isLeader || registration.leaderEpoch > this.leaderEpoch;
    this.applyRegistration(registration);
    if (isNewEpoch) {
      this.leaderEpochStartOffset = this.log.logEndOffset;
      this.followers.clear();
    }
    for (const id of this.replicas) {
      if (id === this.ctx.localBrokerId || this.followers.has(id)) continue;
      const state = new ReplicaState();
      state.reset(now, this.isr.includes(id));
      this.followers.set(id, state);
    }
    for (const id of [...this.followers.keys()]) if (!this.replicas.includes(id)) this.followers.delete(id);
    this.maybeIncrementHighWatermark();
    return isNewEpoch;
  }

  /** Become (or stay) a follower of the registration's leader. Answers whether leader or epoch changed. */
  makeFollower(registration: PartitionRegistration): boolean {
    if (registration.partitionEpoch < this.partitionEpoch && registration.leaderEpoch <= this.leaderEpoch)
      return false;
    const changed = registration.leader !== this.leaderId || registration.leaderEpoch !== this.leaderEpoch;
    this.applyRegistration(registration);
    this.followers.clear();
    return changed;
  }

  private applyRegistration(registration: PartitionRegistration): void {
    this.leaderId = registration.leader;
    this.leaderEpoch = asLeaderEpoch(registration.leaderEpoch);
    this.partitionEpoch = registration.partitionEpoch;
    this.replicas = registration.replicas;
    this.isr = registration.isr;
    // Committed metadata supersedes whatever change was in flight.
    this.pendingIsr = null;
  }

  /**
   * A follower fetched at `fetchOffset` (its log end): record it, then see whether it may rejoin
   * the ISR and whether the high watermark can move.
   */
  updateFollowerFetchState(
    replicaId: BrokerId,
    fetchOffset: number,
    followerLogStartOffset: number,
    leaderEndOffset: number,
  ): void {
    const state = this.followers.get(replicaId);
    if (!state) return;
    state.updateFetchState(fetchOffset, followerLogStartOffset, this.ctx.clock.now(), leaderEndOffset);
    this.maybeExpandIsr(replicaId);
    if (this.maybeIncrementHighWatermark()) this.ctx.onStateChange(this);
  }

  /**
   * Propose adding a follower to the ISR when it has caught up with the high watermark and with
   * the start of this leader epoch, and its broker is usable. One ISR change at a time.
   */
  maybeExpandIsr(replicaId: BrokerId): void {
    if (!this.isLeader || this.pendingIsr || this.isr.includes(replicaId)) return;
    const state = this.followers.get(replicaId);
    if (!state) return;
    const inSync =
      state.logEndOffset >= this.log.highWatermark && state.logEndOffset >= this.leaderEpochStartOffset;
    if (inSync && this.ctx.isBrokerUsable(replicaId)) this.submitIsr('expand', [...this.isr, replicaId]);
  }

  /**
   * Propose removing the followers that have not caught up within `replica.lag.time.max.ms`
   * (called periodically). The leader never removes itself.
   */
  maybeShrinkIsr(): void {
    if (!this.isLeader || this.pendingIsr) return;
    const now = this.ctx.clock.now();
    const leaderEnd = this.log.logEndOffset;
    const lagging = this.isr.filter((id) => {
      if (id === this.ctx.localBrokerId) return false;
      const state = this.followers.get(id);
      return !state || !state.isCaughtUp(leaderEnd, now, this.ctx.replicaLagTimeMaxMs);
    });
    if (lagging.length > 0)
      this.submitIsr(
        'shrink',
        this.isr.filter((id) => !lagging.includes(id)),
      );
  }

  private submitIsr(kind: 'expand' | 'shrink', isr: readonly BrokerId[]): void {
    const pending: PendingIsr = { kind, isr };
    this.pendingIsr = pending;
    this.ctx
      .alterPartition({
        topicId: this.topicId,
        partition: this.tp.partition,
        leaderEpoch: this.leaderEpoch,
        partitionEpoch: this.partitionEpoch,
        newIsr: isr,
      })
      .then(
        (response) => {
          if (this.pendingIsr !== pending) return;
          this.pendingIsr = null;
          const accepted =
            response.errorCode === ErrorCode.NONE &&
            response.leaderEpoch === this.leaderEpoch &&
            response.partitionEpoch > this.partitionEpoch;
          if (accepted) {
            this.isr = response.isr;
            this.partitionEpoch = response.partitionEpoch;
            this.maybeIncrementHighWatermark();
          }
          this.ctx.onStateChange(this);
        },
        () => {
          if (this.pendingIsr === pending) this.pendingIsr = null;
          this.ctx.onStateChange(this);
        },
      );
  }

  /**
   * The high watermark is the smallest log end among the leader and every follower that is in
   * the maximal ISR or caught up (and so about to join it); it moves only forward, and only
   * while the maximal ISR has at least `min.insync.replicas` members (Kafka's rule with eligible
   * leader replicas, KIP-966): a record is never committed with fewer copies than the topic asks.
   */
  maybeIncrementHighWatermark(): boolean {
    if (!this.isLeader) return false;
    const maximal = this.maximalIsr;
    if (maximal.length < this.minInsyncReplicas) return false;
    const now = this.ctx.clock.now();
    const leaderEnd = this.log.logEndOffset;
    let newHw: number = leaderEnd;
    for (const [id, state] of this.followers) {
      const counts =
        maximal.includes(id) ||
        (state.isCaughtUp(leaderEnd, now, this.ctx.replicaLagTimeMaxMs) && this.ctx.isBrokerUsable(id));
      if (counts) newHw = Math.min(newHw, Math.max(state.logEndOffset, 0));
    }
    if (newHw <= this.log.highWatermark) return false;
    this.log.updateHighWatermark(asOffset(newHw));
    invariant(
      this.log.logStartOffset <= this.log.highWatermark && this.log.highWatermark <= this.log.logEndOffset,
      () =>
        `${this.tp.topic}-${this.tp.partition}: start ${this.log.logStartOffset} ≤ hw ${this.log.highWatermark} ≤ end ${this.log.logEndOffset}`,
    );
    return true;
  }

  /**
   * Appends a producer's records as leader. acks=all is refused up front when the ISR is smaller
   * than `min.insync.replicas` (NOT_ENOUGH_REPLICAS): nothing is written.
   */
  appendRecordsToLeader(
    records: Buffer,
    requiredAcks: -1 | 0 | 1,
    origin: AppendOrigin = 'client',
  ): LogAppendInfo {
    if (!this.isLeader) {
      throw new NotLeaderOrFollowerError(
        `Broker ${this.ctx.localBrokerId} is not the leader of ${this.tp.topic}-${this.tp.partition}`,
      );
    }
    const minIsr = this.minInsyncReplicas;
    if (requiredAcks === -1 && this.isr.length < minIsr) {
      throw new NotEnoughReplicasError(
        `The size of the current ISR [${this.isr.join(', ')}] is insufficient to satisfy the min.isr requirement of ${minIsr} for partition ${this.tp.topic}-${this.tp.partition}`,
      );
    }
    const info = this.log.appendAsLeader(records, this.leaderEpoch, origin);
    if (this.maybeIncrementHighWatermark()) this.ctx.onStateChange(this);
    return info;
  }

  /**
   * Whether an acks=all append ending before `requiredOffset` is done: NONE once the high
   * watermark passed it with enough in-sync replicas; NOT_ENOUGH_REPLICAS_AFTER_APPEND when the
   * ISR fell below `min.insync.replicas` after the append (the record is in the log but may not
   * be replicated enough); NOT_LEADER_OR_FOLLOWER when leadership moved. Null while waiting.
   */
  checkEnoughReplicasReachOffset(requiredOffset: number): ErrorCode | null {
    if (!this.isLeader) return ErrorCode.NOT_LEADER_OR_FOLLOWER;
    const enough = this.maximalIsr.length >= this.minInsyncReplicas;
    if (this.log.highWatermark >= requiredOffset)
      return enough ? ErrorCode.NONE : ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND;
    return enough ? null : ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND;
  }
}
