/**
 * What the quorum needs of its replicated log: Kafka's ReplicatedLog, reduced. Entries are opaque
 * values grouped in batches; a batch is appended, replicated and applied as a unit, and carries the
 * epoch of the leader that appended it. A snapshot stands for every entry before its end offset,
 * so the log's prefix can be dropped once one exists.
 *
 * Invariants: startOffset ≤ endOffset; startOffset is 0 or the end offset of the latest snapshot;
 * epochs never decrease along the log.
 */
import type { OffsetAndEpoch, SnapshotId } from './messages.js';

export interface RaftBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly epoch: number;
  readonly values: readonly Buffer[];
}

export interface RaftLog {
  readonly startOffset: number;
  readonly endOffset: number;
  /** Epoch of the last batch, or of the latest snapshot when the log is empty past it; 0 for nothing. */
  lastFetchedEpoch(): number;
  /**
   * Kafka's OffsetForLeaderEpoch answer: the largest epoch ≤ `epoch` in the log and the offset
   * where it ends (the start of the next epoch, or the end offset for the latest); for an epoch
   * older than the log's first, that epoch and the first epoch's start offset; {-1, -1} when
   * `epoch` is newer than any in the log.
   */
  endOffsetForEpoch(epoch: number): OffsetAndEpoch;
  /** Appends one batch stamped with `epoch`; returns its first and last offsets. */
  appendAsLeader(values: readonly Buffer[], epoch: number): { firstOffset: number; lastOffset: number };
  /** Appends batches read from the leader's log (offsets already assigned, continuing endOffset). */
  appendAsFollower(batches: readonly Buffer[]): void;
  /** Raw batches from `offset` on, up to about `maxBytes` (at least one batch). */
  read(offset: number, maxBytes: number): Buffer[];
  /** Decoded batches with baseOffset in [from, to). */
  readBatches(from: number, to: number): RaftBatch[];
  /** Removes every entry at or after `offset`. Never called below the high watermark. */
  truncateTo(offset: number): void;
  /** Keeps the committed offset beside the log (it never moves back). */
  updateHighWatermark(offset: number): void;
  /** Durably persists everything appended so far. */
  flush(): void;

  latestSnapshot(): SnapshotId | null;
  readSnapshot(id: SnapshotId): Buffer | null;
  /** Stores a snapshot of committed state and drops the log prefix before its end offset. */
  createSnapshot(id: SnapshotId, payload: Buffer): void;
  /** Replaces the whole log with a snapshot fetched from the leader: the log restarts at its end offset. */
  installSnapshot(id: SnapshotId, payload: Buffer): void;
  close(): void;
}

/** Compares (epoch, offset) log positions the way Raft's up-to-date check does. */
export function compareLogPositions(a: OffsetAndEpoch, b: OffsetAndEpoch): number {
  return a.epoch !== b.epoch ? a.epoch - b.epoch : a.offset - b.offset;
}
