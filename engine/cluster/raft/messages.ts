/**
 * The messages of the controller quorum, after KRaft's Vote, BeginQuorumEpoch, EndQuorumEpoch,
 * Fetch and FetchSnapshot RPCs (KIP-595, pre-vote from KIP-996). They travel over the in-process
 * links as objects; record batches are Buffers handed over by reference.
 *
 * Every response carries the responder's view of the quorum (epoch and leader), so a node that
 * is behind learns the current leader from any answer, even a refusal.
 */
import type { ErrorCode } from '../../protocol/errors.js';
import type { BrokerId } from '../../types.js';

/** A leader, or -1 when the responder knows none in its epoch. */
export type LeaderId = BrokerId | -1;

export interface QuorumView {
  readonly errorCode: ErrorCode;
  readonly leaderEpoch: number;
  readonly leaderId: LeaderId;
}

export interface VoteRequest {
  readonly clusterId: string;
  /** The epoch the candidate runs in (for a pre-vote: the epoch it would run in). */
  readonly candidateEpoch: number;
  readonly candidateId: BrokerId;
  /** Epoch and end offset of the candidate's log, for the up-to-date check. */
  readonly lastOffsetEpoch: number;
  readonly lastOffset: number;
  /** A pre-vote asks "would you vote for me?" and changes no state on the voter (KIP-996). */
  readonly preVote: boolean;
}

export interface VoteResponse extends QuorumView {
  readonly voteGranted: boolean;
}

export interface BeginQuorumEpochRequest {
  readonly clusterId: string;
  readonly leaderEpoch: number;
  readonly leaderId: BrokerId;
}

export interface EndQuorumEpochRequest {
  readonly clusterId: string;
  readonly leaderEpoch: number;
  readonly leaderId: BrokerId;
  /** Voters in the order the resigning leader would like them to take over. */
  readonly preferredSuccessors: readonly BrokerId[];
}

export interface OffsetAndEpoch {
  readonly offset: number;
  readonly epoch: number;
}

export interface RaftFetchRequest {
  readonly clusterId: string;
  readonly replicaId: BrokerId;
  readonly currentLeaderEpoch: number;
  /** The fetcher's log end offset. */
  readonly fetchOffset: number;
  /** Epoch of the fetcher's last batch (or of its snapshot when its log is empty), 0 when empty. */
  readonly lastFetchedEpoch: number;
  /** The high watermark the fetcher knows: the leader answers at once when it knows a newer one. */
  readonly knownHighWatermark: number;
  readonly maxWaitMs: number;
}

export interface RaftFetchResponse extends QuorumView {
  readonly highWatermark: number;
  readonly logStartOffset: number;
  /** Whole record batches from fetchOffset on. */
  readonly records: readonly Buffer[];
  /** Set when the fetcher's log diverges from the leader's: truncate to this epoch's end, then fetch again. */
  readonly divergingEpoch: { readonly epoch: number; readonly endOffset: number } | null;
  /** Set when fetchOffset is before the leader's log start: load this snapshot first. */
  readonly snapshotId: SnapshotId | null;
}

/** A snapshot holds the state of every record before `endOffset`; `epoch` is that record's epoch. */
export interface SnapshotId {
  readonly endOffset: number;
  readonly epoch: number;
}

export interface FetchSnapshotRequest {
  readonly clusterId: string;
  readonly replicaId: BrokerId;
  readonly currentLeaderEpoch: number;
  readonly snapshotId: SnapshotId;
}

export interface FetchSnapshotResponse extends QuorumView {
  readonly snapshotId: SnapshotId;
  /** The whole snapshot; metadata snapshots are small enough to move in one message. */
  readonly payload: Buffer | null;
}

/** The raft part of the link message table. */
export interface RaftMessages {
  'raft.vote': { request: VoteRequest; response: VoteResponse };
  'raft.beginQuorumEpoch': { request: BeginQuorumEpochRequest; response: QuorumView };
  'raft.endQuorumEpoch': { request: EndQuorumEpochRequest; response: QuorumView };
  'raft.fetch': { request: RaftFetchRequest; response: RaftFetchResponse };
  'raft.fetchSnapshot': { request: FetchSnapshotRequest; response: FetchSnapshotResponse };
}
