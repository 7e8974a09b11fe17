/**
 * PartitionLog: one replica's log of one partition (Kafka's UnifiedLog), in one directory
 * `<dataDir>/<topic>-<partition>`. The segments and the offsets they define live in LocalLog
 * (local-log.ts); this class adds the log start offset, high watermark, producer state,
 * transactions and leader epochs, and validates appends.
 *
 *   00000000000000000000.log        segments: RecordBatch v2 bytes, named by base offset
 *   00000000000000000000.index      sparse offset index of each segment     (offset-index.ts)
 *   00000000000000000000.timeindex  sparse time index of each segment       (time-index.ts)
 *   00000000000000000000.txnindex   aborted transactions ended in a segment (txn-index.ts)
 *   00000000000000000042.snapshot   producer state as of offset 42         (producer-state.ts)
 *   leader-epoch-checkpoint         epoch → start offset                   (leader-epoch-cache.ts)
 *   log-offsets.checkpoint          log start offset, high watermark, recovery point, cleaner point
 *
 * Invariants (checked where they move): logStartOffset ≤ highWatermark ≤ logEndOffset;
 * lastStableOffset ≤ highWatermark; segments are sorted by base offset, only the last (active)
 * one is appended to; every batch's offsets lie in [its segment's base, next segment's base);
 * nothing past `recoveryPoint` is trusted after a crash (open re-validates it).
 *
 * Concurrency: all methods run on the engine's event loop and use synchronous file calls, so one
 * call completes before the next starts: an append is never seen half-done by a read. Only
 * `fetchOffsetByTimestamp` and `compact` are async (they decompress), and they work on bytes
 * and segments they take at their start, swapping results in synchronously at the end.
 *
 * The hot path moves bytes: appends validate batch headers and CRCs, patch base offsets and the
 * leader epoch in place, and write the caller's buffer; reads return whole batches as read from
 * the segment file. Records are decoded only for timestamp lookups and compaction.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchHeader } from '../records/batch.js';
import { validateRecordSet } from '../records/batch.js';
import type { LeaderEpoch, Offset, TopicPartition } from '../types.js';
import { asOffset } from '../types.js';
import type { Clock } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import { invariant } from '../util/invariant.js';
import { appendInfoOf, duplicateAppendInfo, stampBatches } from './append-info.js';
import { validateLeaderAppend } from './append-validation.js';
import type { CleanOptions } from './cleaner.js';
import { cleanLog } from './cleaner.js';
import type { DiskHooks } from './disk-hooks.js';
import { healthyDisk } from './disk-hooks.js';
import { KafkaStorageError, OffsetOutOfRangeError, UnexpectedAppendOffsetError } from './errors.js';
import { LeaderEpochCache } from './leader-epoch-cache.js';
import { LocalLog, segmentSettingsOf } from './local-log.js';
import type { LogConfig } from './log-config.js';
import { NEVER } from './log-config.js';
import type {
  AppendOrigin,
  CleanResult,
  EpochEndOffset,
  FetchDataInfo,
  LogAppendInfo,
  PartitionLogOptions,
  ReadOptions,
  SegmentInfo,
  TimestampAndOffset,
} from './log-types.js';
import { readOffsetsCheckpoint, writeOffsetsCheckpoint } from './offsets-checkpoint.js';
import { ProducerStateManager } from './producer-state.js';
import { loadLog, replayBatches } from './recovery.js';
import { segmentsPastRetention } from './retention.js';
import type { LogSegment, SegmentSettings } from './segment.js';
import { findMaxTimestamp, findOffsetByTimestamp } from './timestamp-lookup.js';
import type { AbortedTxn } from './txn-index.js';

export type * from './log-types.js';
export type { AbortedTxn } from './txn-index.js';

const LEADER_EPOCH_CHECKPOINT = 'leader-epoch-checkpoint';

export class PartitionLog {
  readonly tp: TopicPartition;
  readonly dir: string;
  private currentConfig: LogConfig;
  private readonly time: Clock;
  private readonly disk: DiskHooks;
  private readonly epochCache: LeaderEpochCache;
  private readonly producerState: ProducerStateManager;
  private readonly local: LocalLog;
  private startOffset: Offset;
  private hw: Offset;
  private cleanerOffset: Offset;
  private unflushedMessages = 0;
  private lastFlushMs: number;
  private closed = false;

  private constructor(options: PartitionLogOptions) {
    this.tp = options.tp;
    this.dir = options.dir;
    this.currentConfig = options.config;
    this.time = options.time ?? systemClock;
    this.disk = options.disk ?? healthyDisk;
    this.lastFlushMs = this.time.now();
    const checkpoint = readOffsetsCheckpoint(this.dir);
    this.producerState = new ProducerStateManager(this.dir, this.disk);
    this.epochCache = LeaderEpochCache.load(join(this.dir, LEADER_EPOCH_CHECKPOINT), this.disk);
    const loaded = loadLog({
      dir: this.dir,
      settings: segmentSettingsOf(this.currentConfig),
      now: this.time.now(),
      epochCache: this.epochCache,
      producerState: this.producerState,
      logStartOffset: checkpoint.logStartOffset,
      recoveryPoint: checkpoint.recoveryPoint,
      disk: this.disk,
    });
    this.local = new LocalLog(
      this.dir,
      loaded.segments,
      loaded.logEndOffset,
      checkpoint.recoveryPoint,
      this.currentConfig,
      this.time,
      this.disk,
    );
    this.startOffset = loaded.logStartOffset;
    const end = loaded.logEndOffset;
    this.hw = asOffset(Math.min(Math.max(checkpoint.highWatermark, this.startOffset), end));
    this.cleanerOffset = asOffset(Math.min(Math.max(checkpoint.cleanerOffset, this.startOffset), end));
  }

  /** Opens (creating when missing) the log in `dir`, recovering whatever a crash left behind. */
  static open(options: PartitionLogOptions): PartitionLog {
    const log = new PartitionLog(options);
    log.checkpoint();
    return log;
  }

  get config(): LogConfig {
    return this.currentConfig;
  }

  /** Applies a new config (AlterConfigs); takes effect on the next append, roll or retention pass. */
  updateConfig(config: LogConfig): void {
    this.currentConfig = config;
    this.local.updateConfig(config);
  }

  /** First offset a consumer can read; advanced by retention and deleteRecordsBefore. */
  get logStartOffset(): Offset {
    return this.startOffset;
  }
  /** Offset the next appended record gets (LEO). */
  get logEndOffset(): Offset {
    return this.local.logEndOffset;
  }
  /** Kept by the replication layer; persisted by `checkpoint()` so a restart finds it. */
  get highWatermark(): Offset {
    return this.hw;
  }
  /** First offset of the oldest ongoing transaction, capped by the high watermark (LSO). */
  get lastStableOffset(): Offset {
    const firstUnstable = this.producerState.firstUnstableOffset();
    return firstUnstable === undefined ? this.hw : asOffset(Math.min(firstUnstable, this.hw));
  }
  /** First offset of the oldest ongoing transaction, or undefined. */
  get firstUnstableOffset(): Offset | undefined {
    const first = this.producerState.firstUnstableOffset();
    return first === undefined ? undefined : asOffset(first);
  }
  /** Total bytes of all segments. */
  get size(): number {
    return this.local.size;
  }
  /** Everything before this offset is fsynced; a machine crash may lose what follows it. */
  get recoveryPoint(): Offset {
    return this.local.recoveryPoint;
  }
  /** The offset up to which the log has been compacted. */
  get cleanerCheckpoint(): Offset {
    return this.cleanerOffset;
  }

  segments(): readonly SegmentInfo[] {
    return this.local.segmentInfos();
  }

  /** Producers with state in this partition (DescribeProducers). */
  producers(): {
    producerId: bigint;
    producerEpoch: number;
    lastSequence: number;
    lastTimestamp: number;
    coordinatorEpoch: number;
    currentTxnStartOffset: number;
  }[] {
    return [...this.producerState.activeProducers.values()].map((e) => ({
      producerId: e.producerId,
      producerEpoch: e.producerEpoch,
      lastSequence: e.batches[e.batches.length - 1]?.lastSeq ?? -1,
      lastTimestamp: e.lastTimestamp,
      coordinatorEpoch: e.coordinatorEpoch,
      currentTxnStartOffset: e.currentTxnFirstOffset,
    }));
  }

  /**
   * Forgets idempotent producers idle longer than `producerIdExpirationMs` (the broker's
   * producer.id.expiration.ms); the broker calls this periodically. Returns how many went.
   */
  expireProducers(producerIdExpirationMs: number): number {
    return this.producerState.removeExpiredProducers(this.time.now(), producerIdExpirationMs);
  }

  /** Moves the high watermark (clamped to [logStartOffset, logEndOffset]); returns the value kept. */
  updateHighWatermark(offset: Offset): Offset {
    this.hw = asOffset(Math.min(Math.max(offset, this.startOffset), this.logEndOffset));
    return this.hw;
  }

  private ensureOpen(): void {
    if (this.closed) throw new KafkaStorageError(`log ${this.dir} is closed`);
  }

  /**
   * Asks the disk before an append changes anything (epochs, a roll, producer state): a disk
   * that refuses writes (full) fails the append cleanly, with KafkaStorageError.
   */
  private ensureWritable(bytes: number): void {
    this.disk.beforeWrite(this.local.active.file, bytes);
  }

  // --- append ------------------------------------------------------------------------------

  /**
   * Appends a producer's (or, with origin 'coordinator', a transaction coordinator's) record set:
   * validates every batch (size, magic, CRC, max.message.bytes, timestamps, producer state),
   * assigns offsets from LEO, stamps `leaderEpoch`, applies LogAppendTime, and writes the
   * buffer as is — the caller's buffer is patched in place. Nothing is appended when any batch
   * is refused. Throws CorruptRecordError, RecordTooLargeError, InvalidRecordError,
   * InvalidTimestampError, OutOfOrderSequenceError, InvalidProducerEpochError,
   * KafkaStorageError.
   */
  appendAsLeader(records: Buffer, leaderEpoch: LeaderEpoch, origin: AppendOrigin = 'client'): LogAppendInfo {
    this.ensureOpen();
    const headers = validateRecordSet(records, { contiguous: true });
    const now = this.time.now();
    validateLeaderAppend(records, headers, origin, now, this.currentConfig);
    const duplicate = this.producerState.checkAppend(headers, origin === 'coordinator');
    if (duplicate) return duplicateAppendInfo(duplicate, this.startOffset);
    this.ensureWritable(records.length);
    const logAppendTime = this.currentConfig.messageTimestampType === 'LogAppendTime' ? now : -1;
    stampBatches(headers, this.logEndOffset, leaderEpoch, logAppendTime);
    this.epochCache.assign(leaderEpoch, this.logEndOffset);
    return this.write(records, headers, logAppendTime);
  }

  /**
   * Appends batches fetched from the leader, offsets already assigned; the first batch must
   * start at or after LEO. Assigns leader epochs from the batches' partitionLeaderEpoch.
   */
  appendAsFollower(records: Buffer): LogAppendInfo {
    this.ensureOpen();
    const headers = validateRecordSet(records, { contiguous: false });
    let expected = this.logEndOffset as number;
    headers.forEach((header, i) => {
      if (header.baseOffset < expected) {
        throw new UnexpectedAppendOffsetError(
          `batch ${i} of a follower append starts at offset ${header.baseOffset}, before ${i === 0 ? 'the log end offset' : 'the end of the previous batch'} ${expected}`,
        );
      }
      expected = header.nextOffset;
    });
    this.ensureWritable(records.length);
    for (const header of headers) this.epochCache.assign(header.partitionLeaderEpoch, header.baseOffset);
    return this.write(records, headers, -1);
  }

  /** Rolls when needed, writes, then updates producer state, transactions and LEO. */
  private write(records: Buffer, headers: readonly BatchHeader[], logAppendTime: number): LogAppendInfo {
    const first = headers[0] as BatchHeader;
    const last = headers[headers.length - 1] as BatchHeader;
    if (this.local.shouldRoll(records.length, last.lastOffset)) {
      this.roll(Math.max(this.logEndOffset, first.baseOffset));
    }
    const segment = this.local.append(records, headers);
    for (const header of headers) {
      const completed = this.producerState.update(header);
      if (completed?.isAborted) {
        segment.txnIndex.append({
          producerId: completed.producerId,
          firstOffset: asOffset(completed.firstOffset),
          lastOffset: asOffset(completed.lastOffset),
          lastStableOffset: asOffset(this.producerState.lastStableOffsetAfter(completed)),
        });
      }
    }
    invariant(this.startOffset <= this.hw && this.hw <= this.logEndOffset, () => this.describeOffsets());
    const info = appendInfoOf(headers, records.length, logAppendTime, this.startOffset);
    this.unflushedMessages += info.recordCount;
    this.maybeFlush();
    return info;
  }

  private describeOffsets(): string {
    return `${this.dir}: logStartOffset ${this.startOffset}, highWatermark ${this.hw}, logEndOffset ${this.logEndOffset}`;
  }

  /** Closes the active segment (its indexes written, a producer snapshot taken) and starts a new one at `baseOffset`. */
  roll(baseOffset: number = this.logEndOffset): void {
    this.ensureOpen();
    this.producerState.takeSnapshot(baseOffset);
    this.local.roll(baseOffset);
  }

  private maybeFlush(): void {
    const config = this.currentConfig;
    const byCount = config.flushMessages < NEVER && this.unflushedMessages >= config.flushMessages;
    const byTime = config.flushMs < NEVER && this.time.now() - this.lastFlushMs >= config.flushMs;
    if (byCount || byTime) this.flush();
  }

  // --- read --------------------------------------------------------------------------------

  /**
   * Reads whole batches from `startOffset` up to `maxBytes` (at least one batch when
   * `minOneMessage`), from one segment. Throws OffsetOutOfRangeError outside
   * [logStartOffset, logEndOffset].
   */
  read(startOffset: Offset, maxBytes: number, options: ReadOptions): FetchDataInfo {
    this.ensureOpen();
    const end = this.logEndOffset;
    if (startOffset < this.startOffset || startOffset > end) {
      throw new OffsetOutOfRangeError(
        `offset ${startOffset} is out of range for ${this.tp.topic}-${this.tp.partition}: log start offset ${this.startOffset}, log end offset ${end}`,
      );
    }
    const maxOffset = Math.min(options.maxOffset ?? end, end);
    const bytes = this.local.read(startOffset, maxBytes, maxOffset, options.minOneMessage);
    return { fetchOffset: startOffset, records: bytes.length > 0 ? [bytes] : [], sizeInBytes: bytes.length };
  }

  /**
   * ListOffsets: the first offset whose record timestamp is ≥ `timestamp`, or the special
   * timestamps -1 (latest: the log end), -2 / -4 (earliest: the log start), -3 (the record with
   * the largest timestamp). Null when no record is that late.
   */
  async fetchOffsetByTimestamp(timestamp: number): Promise<TimestampAndOffset | null> {
    this.ensureOpen();
    if (timestamp === -2 || timestamp === -4) {
      return {
        timestamp: -1,
        offset: this.startOffset,
        leaderEpoch: this.epochCache.epochForOffset(this.startOffset),
      };
    }
    if (timestamp === -1) {
      return { timestamp: -1, offset: this.logEndOffset, leaderEpoch: this.epochCache.latestEpoch() };
    }
    const found =
      timestamp === -3
        ? await findMaxTimestamp(this.local.segments.all, this.startOffset)
        : timestamp >= 0
          ? await findOffsetByTimestamp(this.local.segments.all, timestamp, this.startOffset)
          : null;
    return found && { ...found, leaderEpoch: this.epochCache.epochForOffset(found.offset) };
  }

  // --- epochs and transactions ---------------------------------------------------------------

  /** The epoch of the last appended batch's leader, -1 for an empty history. */
  latestEpoch(): LeaderEpoch | -1 {
    return this.epochCache.latestEpoch();
  }

  /** OffsetForLeaderEpoch: the largest epoch ≤ `epoch` and the offset where it ended. */
  endOffsetForEpoch(epoch: LeaderEpoch): EpochEndOffset {
    return this.epochCache.endOffsetFor(epoch, this.logEndOffset);
  }

  /** The leader epoch history: each epoch and its first offset. */
  epochEntries(): readonly { epoch: LeaderEpoch; startOffset: Offset }[] {
    return this.epochCache.all;
  }

  /** Aborted transactions overlapping [fetchOffset, upperBoundOffset), for read_committed fetches. */
  collectAbortedTransactions(fetchOffset: Offset, upperBoundOffset: Offset): AbortedTxn[] {
    // Few entries, all in memory: a marker may land segments after its transaction began, so
    // every later segment is asked.
    const found: AbortedTxn[] = [];
    for (const segment of this.local.segments.from(fetchOffset)) {
      found.push(...segment.txnIndex.collect(fetchOffset, upperBoundOffset));
    }
    return found;
  }

  // --- truncation and deletion ----------------------------------------------------------------

  /**
   * Removes everything at and after `offset` (a follower diverging from its leader); a batch
   * holding `offset` goes whole. Returns true if anything was removed.
   */
  truncateTo(offset: Offset): boolean {
    this.ensureOpen();
    if (offset >= this.logEndOffset) return false;
    if (offset < this.startOffset) {
      this.truncateFullyAndStartAt(offset);
      return true;
    }
    this.local.truncateTo(offset);
    const end = this.logEndOffset;
    this.hw = asOffset(Math.min(this.hw, end));
    this.cleanerOffset = asOffset(Math.min(this.cleanerOffset, end));
    this.epochCache.truncateFromEnd(end);
    this.producerState.deleteSnapshotsAfter(end);
    const from = this.producerState.loadLatestSnapshot(end) ?? this.startOffset;
    replayBatches(this.local.segments, from, end, (header) => this.producerState.update(header));
    this.checkpoint();
    return true;
  }

  /** Deletes every segment and starts again, empty, at `offset`. */
  truncateFullyAndStartAt(offset: Offset): void {
    this.ensureOpen();
    this.local.truncateFullyAndStartAt(offset);
    this.producerState.deleteSnapshotsAfter(-1);
    this.producerState.clear();
    this.epochCache.clear();
    this.startOffset = offset;
    this.hw = offset;
    this.cleanerOffset = offset;
    this.checkpoint();
  }

  /**
   * DeleteRecords: advances logStartOffset to `offset`, which may not pass the high watermark;
   * segments wholly below it are deleted. Returns the new log start offset.
   */
  deleteRecordsBefore(offset: Offset): Offset {
    this.ensureOpen();
    if (offset > this.hw) {
      throw new OffsetOutOfRangeError(
        `cannot delete records before ${offset}: it is past the high watermark ${this.hw} of ${this.tp.topic}-${this.tp.partition}`,
      );
    }
    if (offset > this.startOffset) {
      this.startOffset = offset;
      this.deleteSegmentsBelowLogStart();
      this.afterLogStartMoved();
    }
    return this.startOffset;
  }

  private deleteSegmentsBelowLogStart(): void {
    const all = this.local.segments.all;
    this.local.deleteSegments(all.filter((s, i) => (all[i + 1]?.baseOffset ?? Infinity) <= this.startOffset));
  }

  private afterLogStartMoved(): void {
    const first = this.local.segments.first as LogSegment;
    this.startOffset = asOffset(Math.max(this.startOffset, first.baseOffset));
    this.hw = asOffset(Math.max(this.hw, this.startOffset));
    this.cleanerOffset = asOffset(Math.max(this.cleanerOffset, this.startOffset));
    this.epochCache.truncateFromStart(this.startOffset);
    this.producerState.deleteSnapshotsBefore(first.baseOffset);
    this.checkpoint();
  }

  /**
   * Deletes closed segments past retention.ms (by their largest timestamp) or beyond
   * retention.bytes (oldest first), only when cleanup.policy has delete, and never past the
   * high watermark. Returns how many segments went.
   */
  applyRetention(): number {
    this.ensureOpen();
    const all = this.local.segments.all;
    const doomed = segmentsPastRetention(all, this.currentConfig, this.time.now(), this.hw);
    if (doomed.length === 0) return 0;
    const newStart = (all[doomed.length] as LogSegment).baseOffset;
    this.local.deleteSegments(doomed);
    this.startOffset = asOffset(Math.max(this.startOffset, newStart));
    this.afterLogStartMoved();
    return doomed.length;
  }

  // --- durability ----------------------------------------------------------------------------

  /** fsyncs segments and indexes from the recovery point on, then advances it to LEO. */
  flush(): void {
    this.ensureOpen();
    this.local.flush();
    this.unflushedMessages = 0;
    this.lastFlushMs = this.time.now();
    this.checkpoint();
  }

  /** Persists log start offset, high watermark, recovery point and cleaner offset. */
  checkpoint(): void {
    writeOffsetsCheckpoint(
      this.dir,
      {
        logStartOffset: this.startOffset,
        highWatermark: this.hw,
        recoveryPoint: this.local.recoveryPoint,
        cleanerOffset: this.cleanerOffset,
      },
      this.disk,
    );
  }

  /** Flushes, writes the producer snapshot and checkpoints, then closes the files. */
  close(): void {
    if (this.closed) return;
    try {
      this.local.active.onBecomeInactive();
      this.producerState.takeSnapshot(this.logEndOffset);
      this.flush();
    } finally {
      this.local.close();
      this.closed = true;
    }
  }

  /** Closes without flushing, as a crash would leave the files (for tests and broker kills). */
  closeWithoutFlush(): void {
    this.local.close();
    this.closed = true;
  }

  /** Closes and removes the directory. */
  delete(): void {
    this.closeWithoutFlush();
    rmSync(this.dir, { recursive: true, force: true });
  }

  // --- compaction (cleaner.ts) ---------------------------------------------------------------

  /** Producer ids whose last batch in the log ends at the given offset (kept by the cleaner even when emptied). */
  isLastBatchOfProducer(producerId: bigint, lastOffset: number): boolean {
    const entry = this.producerState.activeProducers.get(producerId);
    return entry?.batches[entry.batches.length - 1]?.lastOffset === lastOffset;
  }

  /** Compacts closed segments when cleanup.policy has compact (see cleaner.ts). */
  compact(options: CleanOptions = {}): Promise<CleanResult> {
    this.ensureOpen();
    return cleanLog(this, options);
  }

  /** The live segments, for the cleaner. */
  get segmentsList(): readonly LogSegment[] {
    return this.local.segments.all;
  }

  /** Swaps `replaced` (consecutive segments) for `cleaned`; see cleaner.ts for the file dance. */
  replaceSegments(replaced: readonly LogSegment[], cleaned: LogSegment): void {
    this.local.replaceSegments(replaced, cleaned);
  }

  markCleaned(offset: Offset): void {
    this.cleanerOffset = asOffset(Math.max(this.cleanerOffset, offset));
    this.checkpoint();
  }

  get disks(): DiskHooks {
    return this.disk;
  }
  get clock(): Clock {
    return this.time;
  }
  get segmentSettings(): SegmentSettings {
    return segmentSettingsOf(this.currentConfig);
  }
}
