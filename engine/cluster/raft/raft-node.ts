/**
 * One node of the controller quorum: KRaft's KafkaRaftClient in miniature. Voters elect a leader
 * among themselves; the leader appends entries and every other node (voters and observer brokers)
 * pulls them with Fetch, as in KRaft. The leader commits (moves the high watermark) when a
 * majority of voters has fetched past an entry of its own epoch.
 *
 * Roles and transitions (an epoch never decreases; every change of epoch, leader or vote is
 * persisted in the quorum-state file before it takes effect):
 *
 *   unattached --election timeout--> prospective --majority of pre-votes--> candidate (epoch+1)
 *   follower ----fetch timeout-----> prospective          candidate --majority of votes--> leader
 *   any --message from a newer epoch--> follower of its leader, or unattached in that epoch
 *   leader --no fetch from a majority within 1.5 × fetch timeout--> unattached (resigned)
 *
 * Pre-vote (KIP-996) keeps a node that was cut off from disrupting a healthy quorum when it comes
 * back: it only bumps the epoch after a majority says it would vote for it, and a voter that hears
 * from a live leader says no. Any answer names the answering node's leader, which is how a
 * returning node finds the current one. Observers never vote; they find the leader by asking
 * voters and follow it.
 *
 * Timers are randomized from a seeded generator. All state changes happen on the event loop;
 * after each await the node checks that its role has not changed in between (`round`).
 */
import { ErrorCode } from '../../protocol/errors.js';
import type { BrokerId } from '../../types.js';
import type { Clock } from '../../util/clock.js';
import { invariant } from '../../util/invariant.js';
import type { Sender } from '../links.js';
import type { Random } from '../random.js';
import { LeaderState } from './leader-state.js';
import type {
  BeginQuorumEpochRequest,
  EndQuorumEpochRequest,
  FetchSnapshotRequest,
  FetchSnapshotResponse,
  LeaderId,
  QuorumView,
  RaftFetchRequest,
  RaftFetchResponse,
  RaftMessages,
  VoteRequest,
  VoteResponse,
} from './messages.js';
import type { QuorumStateStore } from './quorum-state-store.js';
import { compareLogPositions, type RaftLog } from './raft-log.js';

export interface RaftConfig {
  readonly clusterId: string;
  readonly nodeId: BrokerId;
  readonly voters: readonly BrokerId[];
  /** `controller.quorum.election.timeout.ms`: a timeout is drawn from [t, 2t). */
  readonly electionTimeoutMs: number;
  /** `controller.quorum.election.backoff.max.ms`. */
  readonly electionBackoffMaxMs: number;
  /** `controller.quorum.fetch.timeout.ms`: a follower that hears nothing this long runs for leader. */
  readonly fetchTimeoutMs: number;
  /** `controller.quorum.request.timeout.ms`. */
  readonly requestTimeoutMs: number;
  readonly fetchMaxBytes: number;
}

export type RaftRole = 'unattached' | 'prospective' | 'candidate' | 'leader' | 'follower';

export interface LeaderAndEpoch {
  readonly leaderId: LeaderId;
  readonly epoch: number;
}

export class NotLeaderError extends Error {
  override readonly name = 'NotLeaderError';
}

interface Ballots {
  readonly preVote: boolean;
  readonly granted: Set<BrokerId>;
  readonly rejected: Set<BrokerId>;
}

interface ParkedFetch {
  readonly request: RaftFetchRequest;
  readonly respond: () => void;
}

export class RaftNode {
  private epoch = 0;
  private leaderId: LeaderId = -1;
  private votedId = -1;
  private role: RaftRole = 'unattached';
  private highWatermark: number;
  private leaderState: LeaderState | null = null;
  private ballots: Ballots | null = null;
  /** Bumped on every transition; async work started in an older round stops. */
  private round = 0;
  private running = false;
  private lastFetchSuccessMs = 0;
  /** Whether this follower has fetched from its leader since it started following it. */
  private fetchedFromLeader = false;
  private discoveryIndex = 0;
  private commitNotificationPending = false;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly parked = new Set<ParkedFetch>();
  private readonly commitListeners = new Set<(highWatermark: number) => void>();
  private readonly leaderListeners = new Set<(leader: LeaderAndEpoch) => void>();
  private readonly snapshotListeners = new Set<() => void>();

  constructor(
    private readonly config: RaftConfig,
    private readonly log: RaftLog,
    private readonly store: QuorumStateStore,
    private readonly send: Sender<RaftMessages>,
    private readonly random: Random,
    private readonly clock: Clock,
    /** The value of the entry a new leader appends at the start of its epoch. */
    private readonly leaderChangeEntry: (leaderId: BrokerId, epoch: number) => Buffer,
  ) {
    // A snapshot only ever holds committed entries.
    this.highWatermark = log.startOffset;
  }

  get isVoter(): boolean {
    return this.config.voters.includes(this.config.nodeId);
  }

  get currentRole(): RaftRole {
    return this.role;
  }

  get leader(): LeaderAndEpoch {
    return { leaderId: this.role === 'prospective' ? -1 : this.leaderId, epoch: this.epoch };
  }

  get committedOffset(): number {
    return this.highWatermark;
  }

  get raftLog(): RaftLog {
    return this.log;
  }

  onCommit(listener: (highWatermark: number) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** Leader changes, delivered in order just after the transition (a microtask later). */
  onLeaderChange(listener: (leader: LeaderAndEpoch) => void): () => void {
    this.leaderListeners.add(listener);
    return () => this.leaderListeners.delete(listener);
  }

  /** Called after the log was replaced by a snapshot fetched from the leader. */
  onSnapshotInstalled(listener: () => void): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }

  /** The leader's view of how far each voter and observer has replicated; empty on other nodes. */
  replicaEndOffsets(): ReadonlyMap<BrokerId, number> {
    return this.leaderState?.replicaEndOffsets() ?? new Map();
  }

  start(): void {
    invariant(!this.running, 'raft node started twice');
    this.running = true;
    const stored = this.store.read();
    this.epoch = stored.leaderEpoch;
    this.votedId = stored.votedId;
    // A restarted node does not assume its old leader is still there: it asks (pre-vote answers
    // and fetches to voters name the current leader) instead of waiting a full timeout.
    if (this.isVoter && this.config.voters.length === 1) {
      this.becomeCandidate();
    } else {
      this.becomeUnattached(
        this.epoch,
        this.votedId,
        this.random.nextInt(Math.ceil(this.config.electionTimeoutMs / 2)),
      );
    }
  }

  /** Stops every timer and loop. A leader stopping gracefully first asks the voters to elect a successor. */
  stop(graceful: boolean): void {
    if (!this.running) return;
    if (graceful && this.role === 'leader' && this.leaderState) {
      const successors = [...this.leaderState.replicaEndOffsets()]
        .filter(([id]) => id !== this.config.nodeId && this.config.voters.includes(id))
        .sort((a, b) => b[1] - a[1])
        .map(([id]) => id);
      const request: EndQuorumEpochRequest = {
        clusterId: this.config.clusterId,
        leaderEpoch: this.epoch,
        leaderId: this.config.nodeId,
        preferredSuccessors: successors,
      };
      for (const id of successors) {
        this.send(id, 'raft.endQuorumEpoch', request, this.config.requestTimeoutMs).catch(() => undefined);
      }
    }
    this.running = false;
    this.round++;
    this.clearTimers();
    this.releaseParked();
    this.leaderState = null;
  }

  /**
   * Appends one batch of entries as leader; they are committed once the high watermark passes
   * `lastOffset`. Throws NotLeaderError on any other node.
   */
  append(values: readonly Buffer[]): { firstOffset: number; lastOffset: number; epoch: number } {
    if (this.role !== 'leader' || !this.running)
      throw new NotLeaderError(`node ${this.config.nodeId} is not the leader`);
    const result = this.log.appendAsLeader(values, this.epoch);
    this.log.flush();
    this.leaderState?.updateReplica(this.config.nodeId, this.log.endOffset, this.clock.now());
    this.maybeAdvanceHighWatermark();
    this.wakeParked();
    return { ...result, epoch: this.epoch };
  }

  // ---------------------------------------------------------------------------------------------
  // Handlers of incoming requests.

  readonly handlers = {
    'raft.vote': async (_from: BrokerId, request: VoteRequest): Promise<VoteResponse> =>
      this.handleVote(request),
    'raft.beginQuorumEpoch': async (_from: BrokerId, request: BeginQuorumEpochRequest): Promise<QuorumView> =>
      this.handleBeginQuorumEpoch(request),
    'raft.endQuorumEpoch': async (_from: BrokerId, request: EndQuorumEpochRequest): Promise<QuorumView> =>
      this.handleEndQuorumEpoch(request),
    'raft.fetch': (_from: BrokerId, request: RaftFetchRequest): Promise<RaftFetchResponse> =>
      this.handleFetch(request),
    'raft.fetchSnapshot': async (
      _from: BrokerId,
      request: FetchSnapshotRequest,
    ): Promise<FetchSnapshotResponse> => this.handleFetchSnapshot(request),
  };

  private view(errorCode: ErrorCode): QuorumView {
    return { errorCode, leaderEpoch: this.epoch, leaderId: this.leader.leaderId };
  }

  private handleVote(request: VoteRequest): VoteResponse {
    if (!this.running) return { ...this.view(ErrorCode.BROKER_NOT_AVAILABLE), voteGranted: false };
    if (request.clusterId !== this.config.clusterId) {
      return { ...this.view(ErrorCode.INCONSISTENT_CLUSTER_ID), voteGranted: false };
    }
    if (!this.isVoter || !this.config.voters.includes(request.candidateId)) {
      return { ...this.view(ErrorCode.INVALID_REQUEST), voteGranted: false };
    }
    if (request.candidateEpoch < this.epoch)
      return { ...this.view(ErrorCode.FENCED_LEADER_EPOCH), voteGranted: false };
    const candidateUpToDate =
      compareLogPositions(
        { epoch: request.lastOffsetEpoch, offset: request.lastOffset },
        { epoch: this.log.lastFetchedEpoch(), offset: this.log.endOffset },
      ) >= 0;
    if (request.preVote) {
      // Refuse while a live leader is known: a returning node must not start an election.
      // (KRaft's FollowerState: a follower that has not yet fetched from its leader in this
      // state does not vouch for it — it may have learned of it from a refusal and never reached it.)
      const hasLiveLeader =
        this.role === 'leader' ||
        (this.role === 'follower' &&
          this.fetchedFromLeader &&
          this.clock.now() - this.lastFetchSuccessMs < this.config.fetchTimeoutMs);
      return { ...this.view(ErrorCode.NONE), voteGranted: candidateUpToDate && !hasLiveLeader };
    }
    if (request.candidateEpoch > this.epoch) this.becomeUnattached(request.candidateEpoch, -1);
    const alreadyDecided =
      this.role === 'leader' ||
      this.role === 'follower' ||
      (this.votedId !== -1 && this.votedId !== request.candidateId);
    if (alreadyDecided || !candidateUpToDate) return { ...this.view(ErrorCode.NONE), voteGranted: false };
    if (this.votedId !== request.candidateId) this.becomeUnattached(this.epoch, request.candidateId);
    return { ...this.view(ErrorCode.NONE), voteGranted: true };
  }

  private handleBeginQuorumEpoch(request: BeginQuorumEpochRequest): QuorumView {
    if (!this.running) return this.view(ErrorCode.BROKER_NOT_AVAILABLE);
    if (request.clusterId !== this.config.clusterId) return this.view(ErrorCode.INCONSISTENT_CLUSTER_ID);
    if (request.leaderEpoch < this.epoch) return this.view(ErrorCode.FENCED_LEADER_EPOCH);
    if (request.leaderEpoch === this.epoch && this.role === 'leader')
      return this.view(ErrorCode.INVALID_REQUEST);
    this.becomeFollower(request.leaderEpoch, request.leaderId);
    return this.view(ErrorCode.NONE);
  }

  private handleEndQuorumEpoch(request: EndQuorumEpochRequest): QuorumView {
    if (!this.running) return this.view(ErrorCode.BROKER_NOT_AVAILABLE);
    if (request.clusterId !== this.config.clusterId) return this.view(ErrorCode.INCONSISTENT_CLUSTER_ID);
    if (request.leaderEpoch < this.epoch) return this.view(ErrorCode.FENCED_LEADER_EPOCH);
    if (this.isVoter && (this.role === 'follower' || request.leaderEpoch > this.epoch)) {
      // The first preferred successor runs at once; the others give it a head start.
      const position = request.preferredSuccessors.indexOf(this.config.nodeId);
      const timeout =
        position === 0
          ? 0
          : position > 0
            ? this.config.electionBackoffMaxMs / 2 + this.random.nextInt(this.config.electionBackoffMaxMs)
            : this.randomElectionTimeout();
      this.becomeUnattached(
        request.leaderEpoch,
        request.leaderEpoch === this.epoch ? this.votedId : -1,
        timeout,
      );
    }
    return this.view(ErrorCode.NONE);
  }

  private async handleFetch(request: RaftFetchRequest): Promise<RaftFetchResponse> {
    const error = this.validateLeaderRequest(request.clusterId, request.currentLeaderEpoch);
    if (error !== ErrorCode.NONE) return this.fetchResponse(error, []);
    const position = this.validateFetchPosition(request.fetchOffset, request.lastFetchedEpoch);
    if (position !== null) return { ...this.fetchResponse(ErrorCode.NONE, []), ...position };
    invariant(this.leaderState, 'leader without leader state');
    this.leaderState.updateReplica(request.replicaId, request.fetchOffset, this.clock.now());
    this.maybeAdvanceHighWatermark();
    const records = this.log.read(request.fetchOffset, this.config.fetchMaxBytes);
    if (records.length > 0 || request.knownHighWatermark < this.highWatermark || request.maxWaitMs <= 0) {
      return this.fetchResponse(ErrorCode.NONE, records);
    }
    return new Promise((resolve) => {
      const round = this.round;
      const parked: ParkedFetch = {
        request,
        respond: () => {
          clearTimeout(timer);
          this.parked.delete(parked);
          resolve(
            this.round === round && this.running
              ? this.fetchResponse(
                  ErrorCode.NONE,
                  this.log.read(request.fetchOffset, this.config.fetchMaxBytes),
                )
              : this.fetchResponse(ErrorCode.NOT_LEADER_OR_FOLLOWER, []),
          );
        },
      };
      const timer = setTimeout(parked.respond, request.maxWaitMs);
      this.parked.add(parked);
    });
  }

  /**
   * KRaft's validateOffsetAndEpoch: a fetcher whose position is before the log start (or whose
   * epoch is older than the snapshot's) must load the snapshot; one whose last epoch ends earlier
   * in this log than its fetch offset has diverged and must truncate. Null when the position is valid.
   */
  private validateFetchPosition(
    fetchOffset: number,
    lastFetchedEpoch: number,
  ): Pick<RaftFetchResponse, 'snapshotId' | 'divergingEpoch'> | null {
    if (this.log.startOffset === 0 && fetchOffset === 0) return null;
    const snapshot = this.log.latestSnapshot();
    if (
      snapshot &&
      (fetchOffset < this.log.startOffset ||
        (fetchOffset === this.log.startOffset && lastFetchedEpoch !== snapshot.epoch) ||
        lastFetchedEpoch < snapshot.epoch)
    ) {
      return { snapshotId: snapshot, divergingEpoch: null };
    }
    const end = this.log.endOffsetForEpoch(lastFetchedEpoch);
    if (end.epoch === lastFetchedEpoch && end.offset >= fetchOffset) return null;
    return {
      snapshotId: null,
      divergingEpoch: { epoch: end.epoch, endOffset: Math.max(end.offset, this.log.startOffset) },
    };
  }

  private handleFetchSnapshot(request: FetchSnapshotRequest): FetchSnapshotResponse {
    const error = this.validateLeaderRequest(request.clusterId, request.currentLeaderEpoch);
    const payload = error === ErrorCode.NONE ? this.log.readSnapshot(request.snapshotId) : null;
    return {
      ...this.view(
        error !== ErrorCode.NONE ? error : payload ? ErrorCode.NONE : ErrorCode.SNAPSHOT_NOT_FOUND,
      ),
      snapshotId: request.snapshotId,
      payload,
    };
  }

  private validateLeaderRequest(clusterId: string, currentLeaderEpoch: number): ErrorCode {
    if (!this.running) return ErrorCode.BROKER_NOT_AVAILABLE;
    if (clusterId !== this.config.clusterId) return ErrorCode.INCONSISTENT_CLUSTER_ID;
    if (currentLeaderEpoch > this.epoch) return ErrorCode.UNKNOWN_LEADER_EPOCH;
    if (this.role !== 'leader') return ErrorCode.NOT_LEADER_OR_FOLLOWER;
    if (currentLeaderEpoch < this.epoch) return ErrorCode.FENCED_LEADER_EPOCH;
    return ErrorCode.NONE;
  }

  private fetchResponse(errorCode: ErrorCode, records: readonly Buffer[]): RaftFetchResponse {
    return {
      ...this.view(errorCode),
      highWatermark: this.highWatermark,
      logStartOffset: this.log.startOffset,
      records,
      divergingEpoch: null,
      snapshotId: null,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Transitions.

  private transition(role: RaftRole, epoch: number, leaderId: LeaderId, votedId: number): void {
    invariant(epoch >= this.epoch, () => `epoch went back from ${this.epoch} to ${epoch}`);
    if (epoch !== this.epoch || leaderId !== this.leaderId || votedId !== this.votedId) {
      this.store.write({ leaderEpoch: epoch, leaderId, votedId });
    }
    const before = this.leader;
    if (this.role === 'leader' && role !== 'leader') this.leaderState = null;
    this.round++;
    this.clearTimers();
    this.releaseParked();
    this.ballots = null;
    this.role = role;
    this.epoch = epoch;
    this.leaderId = leaderId;
    this.votedId = votedId;
    const after = this.leader;
    if (before.epoch !== after.epoch || before.leaderId !== after.leaderId) {
      // Listeners run after the transition has completed, never inside it.
      queueMicrotask(() => {
        for (const listener of [...this.leaderListeners]) listener(after);
      });
    }
  }

  private becomeUnattached(
    epoch: number,
    votedId: number,
    electionTimeoutMs = this.randomElectionTimeout(),
  ): void {
    this.transition('unattached', epoch, -1, votedId);
    if (this.isVoter) this.schedule(electionTimeoutMs, () => this.becomeProspective());
    else void this.fetchLoop(this.round);
  }

  private becomeFollower(epoch: number, leaderId: BrokerId): void {
    if (this.role === 'follower' && this.epoch === epoch && this.leaderId === leaderId) return;
    invariant(leaderId !== this.config.nodeId, 'a node cannot follow itself');
    // A vote cast in this epoch stays on record; a newer epoch starts without one.
    this.transition('follower', epoch, leaderId, epoch === this.epoch ? this.votedId : -1);
    this.lastFetchSuccessMs = this.clock.now();
    this.fetchedFromLeader = false;
    this.scheduleFetchTimeout();
    void this.fetchLoop(this.round);
  }

  /** From a response that names a newer epoch or a leader we did not know. */
  private adoptView(view: QuorumView): void {
    if (view.leaderEpoch < this.epoch) return;
    if (view.leaderId !== -1 && view.leaderId !== this.config.nodeId) {
      this.becomeFollower(view.leaderEpoch, view.leaderId);
    } else if (view.leaderEpoch > this.epoch) {
      this.becomeUnattached(view.leaderEpoch, -1);
    }
  }

  private becomeProspective(): void {
    invariant(this.isVoter, 'observers never run for leader');
    this.transition('prospective', this.epoch, this.leaderId, this.votedId);
    this.ballots = { preVote: true, granted: new Set([this.config.nodeId]), rejected: new Set() };
    this.schedule(this.randomElectionTimeout(), () => this.becomeProspective());
    this.requestVotes(true);
  }

  private becomeCandidate(): void {
    this.transition('candidate', this.epoch + 1, -1, this.config.nodeId);
    this.ballots = { preVote: false, granted: new Set([this.config.nodeId]), rejected: new Set() };
    this.schedule(this.randomElectionTimeout(), () => this.becomeProspective());
    this.requestVotes(false);
  }

  private becomeLeader(): void {
    this.transition('leader', this.epoch, this.config.nodeId, this.config.nodeId);
    const now = this.clock.now();
    this.leaderState = new LeaderState(
      this.config.nodeId,
      this.config.voters,
      this.epoch,
      this.log.endOffset,
      now,
    );
    this.log.appendAsLeader([this.leaderChangeEntry(this.config.nodeId, this.epoch)], this.epoch);
    this.log.flush();
    this.leaderState.updateReplica(this.config.nodeId, this.log.endOffset, now);
    this.maybeAdvanceHighWatermark();
    this.beginQuorumEpoch(this.config.voters.filter((id) => id !== this.config.nodeId));
    this.scheduleCheckQuorum();
  }

  private requestVotes(preVote: boolean): void {
    const round = this.round;
    const request: VoteRequest = {
      clusterId: this.config.clusterId,
      candidateEpoch: preVote ? this.epoch + 1 : this.epoch,
      candidateId: this.config.nodeId,
      lastOffsetEpoch: this.log.lastFetchedEpoch(),
      lastOffset: this.log.endOffset,
      preVote,
    };
    this.countBallots();
    for (const voter of this.config.voters) {
      if (voter === this.config.nodeId) continue;
      this.send(voter, 'raft.vote', request, this.config.requestTimeoutMs).then(
        (response) => {
          if (round === this.round && this.running) this.handleVoteResponse(voter, response);
        },
        () => undefined,
      );
    }
  }

  private handleVoteResponse(voter: BrokerId, response: VoteResponse): void {
    const ballots = this.ballots;
    if (!ballots) return;
    // Someone knows a newer epoch, or refuses because it follows a live leader: follow that
    // rather than keep campaigning.
    const refusedForLeader =
      !response.voteGranted &&
      response.leaderEpoch === this.epoch &&
      response.leaderId !== -1 &&
      response.leaderId !== this.config.nodeId;
    if (response.leaderEpoch > this.epoch || refusedForLeader) {
      this.adoptView(response);
      return;
    }
    (response.voteGranted ? ballots.granted : ballots.rejected).add(voter);
    this.countBallots();
  }

  private countBallots(): void {
    const ballots = this.ballots;
    if (!ballots || ballots.granted.size <= this.config.voters.length / 2) return;
    if (ballots.preVote) this.becomeCandidate();
    else this.becomeLeader();
  }

  private beginQuorumEpoch(voters: readonly BrokerId[]): void {
    const request: BeginQuorumEpochRequest = {
      clusterId: this.config.clusterId,
      leaderEpoch: this.epoch,
      leaderId: this.config.nodeId,
    };
    const round = this.round;
    for (const voter of voters) {
      this.send(voter, 'raft.beginQuorumEpoch', request, this.config.requestTimeoutMs).then(
        (view) => {
          if (round === this.round && view.leaderEpoch > this.epoch) this.adoptView(view);
        },
        () => undefined,
      );
    }
  }

  /** Resigns when a majority has gone quiet; re-announces the epoch to voters that never fetched. */
  private scheduleCheckQuorum(): void {
    this.schedule(this.config.fetchTimeoutMs / 2, () => {
      const state = this.leaderState;
      if (!state) return;
      if (!state.hasQuorum(this.clock.now(), this.config.fetchTimeoutMs * 1.5)) {
        this.becomeUnattached(this.epoch, this.votedId);
        return;
      }
      this.beginQuorumEpoch(state.unacknowledgedVoters());
      this.scheduleCheckQuorum();
    });
  }

  private scheduleFetchTimeout(): void {
    const round = this.round;
    const check = (): void => {
      if (round !== this.round) return;
      const idle = this.clock.now() - this.lastFetchSuccessMs;
      if (idle < this.config.fetchTimeoutMs) {
        this.schedule(this.config.fetchTimeoutMs - idle, check);
      } else if (this.isVoter) {
        this.becomeProspective();
      } else {
        this.becomeUnattached(this.epoch, -1);
      }
    };
    this.schedule(this.config.fetchTimeoutMs, check);
  }

  // ---------------------------------------------------------------------------------------------
  // Replication, follower side: one fetch in flight at a time.

  private async fetchLoop(round: number): Promise<void> {
    while (this.round === round && this.running) {
      const target = this.role === 'follower' ? this.leaderId : this.nextVoterToAsk();
      if (target === -1) return;
      const maxWaitMs = this.role === 'follower' ? Math.floor(this.config.fetchTimeoutMs / 2) : 0;
      const request: RaftFetchRequest = {
        clusterId: this.config.clusterId,
        replicaId: this.config.nodeId,
        currentLeaderEpoch: this.epoch,
        fetchOffset: this.log.endOffset,
        lastFetchedEpoch: this.log.lastFetchedEpoch(),
        knownHighWatermark: this.highWatermark,
        maxWaitMs,
      };
      let again: boolean;
      try {
        const response = await this.send(
          target,
          'raft.fetch',
          request,
          maxWaitMs + this.config.requestTimeoutMs,
        );
        if (this.round !== round || !this.running) return;
        again = await this.handleFetchResponse(target, response, round);
      } catch (err) {
        if (err instanceof Error && err.name === 'InvariantError') throw err;
        again = false;
      }
      if (!again) await this.sleep(Math.min(50, this.config.electionBackoffMaxMs));
    }
  }

  /** Returns false when the loop should back off before fetching again. */
  private async handleFetchResponse(
    from: BrokerId,
    response: RaftFetchResponse,
    round: number,
  ): Promise<boolean> {
    if (response.errorCode !== ErrorCode.NONE || this.role !== 'follower' || from !== this.leaderId) {
      if (
        response.leaderEpoch > this.epoch ||
        (response.leaderEpoch === this.epoch && response.leaderId !== -1)
      ) {
        this.adoptView(response);
      }
      return false;
    }
    this.lastFetchSuccessMs = this.clock.now();
    this.fetchedFromLeader = true;
    if (response.divergingEpoch) {
      this.truncateToEndOffset(response.divergingEpoch);
      return true;
    }
    if (response.snapshotId) return this.fetchSnapshot(from, response, round);
    if (response.records.length > 0) {
      this.log.appendAsFollower(response.records);
      this.log.flush();
    }
    this.advanceHighWatermarkTo(Math.min(response.highWatermark, this.log.endOffset));
    return true;
  }

  /**
   * KRaft's truncateToEndOffset: keep what this log holds of the leader's diverging epoch, up to
   * where the leader's copy of it ends; without that epoch locally, cut back to the end of the
   * newest epoch this log has before it and let the next fetch compare again.
   */
  private truncateToEndOffset(diverging: { epoch: number; endOffset: number }): void {
    const local = this.log.endOffsetForEpoch(diverging.epoch);
    const offset =
      local.epoch === diverging.epoch
        ? Math.min(local.offset, diverging.endOffset)
        : local.epoch === -1
          ? Math.min(diverging.endOffset, this.log.endOffset)
          : local.offset;
    invariant(
      offset >= this.highWatermark,
      () => `truncating to ${offset} below committed ${this.highWatermark}`,
    );
    this.log.truncateTo(Math.max(offset, this.log.startOffset));
  }

  private async fetchSnapshot(from: BrokerId, response: RaftFetchResponse, round: number): Promise<boolean> {
    const snapshotId = response.snapshotId;
    invariant(snapshotId, 'no snapshot to fetch');
    const reply = await this.send(
      from,
      'raft.fetchSnapshot',
      {
        clusterId: this.config.clusterId,
        replicaId: this.config.nodeId,
        currentLeaderEpoch: this.epoch,
        snapshotId,
      },
      this.config.requestTimeoutMs,
    );
    if (this.round !== round || reply.errorCode !== ErrorCode.NONE || !reply.payload) return false;
    this.log.installSnapshot(snapshotId, reply.payload);
    for (const listener of [...this.snapshotListeners]) listener();
    this.advanceHighWatermarkTo(snapshotId.endOffset);
    return true;
  }

  private nextVoterToAsk(): BrokerId | -1 {
    const others = this.config.voters.filter((id) => id !== this.config.nodeId);
    return others.length === 0 ? -1 : (others[this.discoveryIndex++ % others.length] ?? -1);
  }

  // ---------------------------------------------------------------------------------------------
  // Commit.

  private maybeAdvanceHighWatermark(): void {
    const candidate = this.leaderState?.candidateHighWatermark(this.log.endOffset) ?? null;
    if (candidate !== null) this.advanceHighWatermarkTo(candidate);
  }

  private advanceHighWatermarkTo(offset: number): void {
    if (offset <= this.highWatermark) return;
    invariant(
      offset <= this.log.endOffset,
      () => `high watermark ${offset} past log end ${this.log.endOffset}`,
    );
    this.highWatermark = offset;
    this.log.updateHighWatermark(offset);
    this.wakeParked();
    if (this.commitNotificationPending) return;
    // Coalesced and run outside the caller: an append that commits at once (a single voter)
    // returns before its entries are applied, as it would on a multi-voter quorum.
    this.commitNotificationPending = true;
    queueMicrotask(() => {
      this.commitNotificationPending = false;
      for (const listener of [...this.commitListeners]) listener(this.highWatermark);
    });
  }

  private wakeParked(): void {
    for (const parked of [...this.parked]) parked.respond();
  }

  private releaseParked(): void {
    this.wakeParked();
  }

  // ---------------------------------------------------------------------------------------------
  // Timers.

  private randomElectionTimeout(): number {
    return this.config.electionTimeoutMs + this.random.nextInt(this.config.electionTimeoutMs);
  }

  private schedule(ms: number, fn: () => void): void {
    const round = this.round;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (round === this.round && this.running) fn();
    }, ms);
    this.timers.add(timer);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
