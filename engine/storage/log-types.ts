/**
 * The types of PartitionLog's contract (log.ts re-exports them): what an append, a read and the
 * epoch and timestamp lookups answer, in Kafka's nouns.
 */
import type { LeaderEpoch, Offset, TopicPartition } from '../types.js';
import type { Clock } from '../util/clock.js';
import type { DiskHooks } from './disk-hooks.js';
import type { LogConfig } from './log-config.js';

export interface PartitionLogOptions {
  /** The partition's directory; created when missing. */
  readonly dir: string;
  readonly tp: TopicPartition;
  readonly config: LogConfig;
  /** Drives segment.ms, retention.ms, LogAppendTime and the timestamp checks; defaults to the system clock. */
  readonly time?: Clock;
  /** The broker's disk, where faults are injected; defaults to a healthy disk. */
  readonly disk?: DiskHooks;
}

/** Who appends as leader (Kafka's AppendOrigin): only the coordinator may write control batches. */
export type AppendOrigin = 'client' | 'coordinator';

export interface BatchAppendInfo {
  readonly baseOffset: Offset;
  readonly lastOffset: Offset;
  readonly maxTimestamp: number;
  readonly recordCount: number;
  readonly sizeInBytes: number;
}

export interface LogAppendInfo {
  /** Offset of the first record appended (for a duplicate: of the original append). */
  readonly firstOffset: Offset;
  readonly lastOffset: Offset;
  /** Largest timestamp among the appended batches (the append time under LogAppendTime). */
  readonly maxTimestamp: number;
  readonly offsetOfMaxTimestamp: Offset;
  /** The broker time stamped into the batches under LogAppendTime, else -1. */
  readonly logAppendTime: number;
  readonly logStartOffset: Offset;
  readonly recordCount: number;
  readonly validBytes: number;
  readonly batches: readonly BatchAppendInfo[];
  /**
   * True when the batch was an idempotent producer's retry of one already in the log: nothing
   * was written and the offsets are those of the first append (Kafka answers it without error).
   */
  readonly duplicate: boolean;
}

export interface ReadOptions {
  /** Exclusive upper bound: no batch whose last offset is at or past it is returned (HW, LSO). */
  readonly maxOffset?: Offset;
  /** Return the first batch even when it is larger than maxBytes (Fetch v3+ semantics). */
  readonly minOneMessage: boolean;
}

export interface FetchDataInfo {
  readonly fetchOffset: Offset;
  /** Whole batches, as read from segment files; the first may start before fetchOffset. */
  readonly records: readonly Buffer[];
  readonly sizeInBytes: number;
}

export interface SegmentInfo {
  readonly baseOffset: Offset;
  /** Offset after the segment's last batch. */
  readonly nextOffset: Offset;
  readonly sizeInBytes: number;
  /** Largest batch timestamp in the segment, -1 when empty. */
  readonly maxTimestamp: number;
  readonly file: string;
}

/** OffsetForLeaderEpoch's answer: the epoch found (≤ the one asked) and where it ended. */
export interface EpochEndOffset {
  readonly epoch: LeaderEpoch | -1;
  readonly endOffset: Offset | -1;
}

/** ListOffsets' answer for one timestamp. */
export interface TimestampAndOffset {
  readonly timestamp: number;
  readonly offset: Offset;
  readonly leaderEpoch: LeaderEpoch | -1;
}

/** What a compaction pass did. */
export interface CleanResult {
  readonly segmentsCleaned: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  readonly recordsRemoved: number;
}
