/**
 * The segments of one partition log and the offsets they define (Kafka's LocalLog): the log end
 * offset, the recovery point, rolling, appending bytes, reading whole batches, truncating and
 * deleting segments, flushing. It knows nothing of producers, epochs or the high watermark;
 * PartitionLog (log.ts) puts those on top.
 *
 * Invariants: the last segment is the active one and the only one appended to; LEO is the
 * active segment's next offset; the recovery point never exceeds LEO.
 *
 * Concurrency: single-threaded, synchronous file calls.
 */
import type { BatchHeader } from '../records/batch.js';
import type { Offset } from '../types.js';
import { asOffset } from '../types.js';
import type { Clock } from '../util/clock.js';
import type { DiskHooks } from './disk-hooks.js';
import { DELETED_SUFFIX } from './file-names.js';
import type { LogConfig } from './log-config.js';
import type { SegmentInfo } from './log-types.js';
import type { SegmentSettings } from './segment.js';
import { LogSegment, MAX_RELATIVE_OFFSET } from './segment.js';
import { LogSegments } from './segments.js';

export function segmentSettingsOf(config: LogConfig): SegmentSettings {
  return { indexIntervalBytes: config.indexIntervalBytes, segmentIndexBytes: config.segmentIndexBytes };
}

export class LocalLog {
  private list: LogSegments;
  private endOffset: Offset;
  private recoveryPointOffset: Offset;
  private config: LogConfig;
  private rollJitterMs = 0;

  constructor(
    readonly dir: string,
    segments: LogSegments,
    logEndOffset: Offset,
    recoveryPoint: number,
    config: LogConfig,
    private readonly time: Clock,
    readonly disk: DiskHooks,
  ) {
    this.list = segments;
    this.endOffset = logEndOffset;
    this.recoveryPointOffset = asOffset(Math.min(recoveryPoint, logEndOffset));
    this.config = config;
    this.rollJitterMs = this.randomJitter();
  }

  get segments(): LogSegments {
    return this.list;
  }
  get active(): LogSegment {
    return this.list.active as LogSegment;
  }
  get logEndOffset(): Offset {
    return this.endOffset;
  }
  get recoveryPoint(): Offset {
    return this.recoveryPointOffset;
  }
  get size(): number {
    return this.list.sizeInBytes;
  }

  updateConfig(config: LogConfig): void {
    this.config = config;
    for (const segment of this.list.all) segment.updateSettings(segmentSettingsOf(config));
  }

  segmentInfos(): SegmentInfo[] {
    return this.list.all.map((s) => ({
      baseOffset: s.baseOffset,
      nextOffset: s.nextOffset,
      sizeInBytes: s.size,
      maxTimestamp: s.largestTimestamp,
      file: s.file,
    }));
  }

  private randomJitter(): number {
    return this.config.segmentJitterMs > 0 ? Math.floor(Math.random() * this.config.segmentJitterMs) : 0;
  }

  /**
   * Kafka's shouldRoll: the batches would overflow segment.bytes, the active segment is older
   * than segment.ms (minus jitter), an index is full, or offsets would pass int32 of the base.
   */
  shouldRoll(bytes: number, lastOffset: number): boolean {
    const segment = this.active;
    const overflow = lastOffset - segment.baseOffset > MAX_RELATIVE_OFFSET;
    if (segment.isEmpty()) return overflow;
    const full = segment.size + bytes > this.config.segmentBytes;
    const old = this.time.now() - segment.rollingBasedTimestamp > this.config.segmentMs - this.rollJitterMs;
    const indexFull = segment.offsetIndex.isFull() || segment.timeIndex.isFull();
    return full || old || indexFull || overflow;
  }

  /** Closes the active segment (final time index entry, indexes written) and starts one at `baseOffset`. */
  roll(baseOffset: number): void {
    const previous = this.active;
    if (previous.isEmpty() && previous.baseOffset === baseOffset) return;
    previous.onBecomeInactive();
    previous.flush(this.disk, false);
    if (previous.isEmpty()) {
      previous.deleteFiles();
      this.list.remove(previous);
    }
    this.list.add(
      LogSegment.create(this.dir, asOffset(baseOffset), segmentSettingsOf(this.config), this.time.now()),
    );
    this.rollJitterMs = this.randomJitter();
  }

  /** Writes validated batches (offsets assigned) to the active segment and moves LEO past them. */
  append(records: Buffer, headers: readonly BatchHeader[]): LogSegment {
    const segment = this.active;
    segment.append(records, headers, this.disk);
    this.endOffset = (headers[headers.length - 1] as BatchHeader).nextOffset;
    return segment;
  }

  /** Whole batches from the first segment holding data at or after `startOffset` (see LogSegment.read). */
  read(startOffset: number, maxBytes: number, maxOffset: number, minOneMessage: boolean): Buffer {
    for (const segment of this.list.from(startOffset)) {
      if (segment.baseOffset >= maxOffset || startOffset >= maxOffset) break;
      const bytes = segment.read(startOffset, maxBytes, maxOffset, minOneMessage);
      if (bytes !== undefined) return bytes;
    }
    return Buffer.alloc(0);
  }

  /** Removes the batch holding `offset` and everything after it; LEO becomes the end of what is left. */
  truncateTo(offset: number): void {
    for (const segment of [...this.list.all].reverse()) {
      if (segment.baseOffset <= offset || this.list.count === 1) break;
      segment.deleteFiles();
      this.list.remove(segment);
    }
    this.active.truncateTo(offset);
    this.endOffset = this.active.nextOffset;
    this.recoveryPointOffset = asOffset(Math.min(this.recoveryPointOffset, this.endOffset));
    this.rollJitterMs = this.randomJitter();
  }

  /** Deletes every segment and starts again, empty, at `offset`. */
  truncateFullyAndStartAt(offset: Offset): void {
    for (const segment of this.list.all) segment.deleteFiles();
    this.list = new LogSegments();
    this.list.add(LogSegment.create(this.dir, offset, segmentSettingsOf(this.config), this.time.now()));
    this.endOffset = offset;
    this.recoveryPointOffset = offset;
  }

  /** Removes segments: rename to `.deleted` (so a crash mid-way is settled on open), then delete. */
  deleteSegments(doomed: readonly LogSegment[]): void {
    for (const segment of doomed) {
      segment.close();
      segment.changeSuffix('', DELETED_SUFFIX);
      this.list.remove(segment);
    }
    for (const segment of doomed) segment.deleteFiles();
  }

  /** Swaps `replaced` (consecutive segments) for `cleaned` in the list (the files are the cleaner's). */
  replaceSegments(replaced: readonly LogSegment[], cleaned: LogSegment): void {
    for (const segment of replaced) this.list.remove(segment);
    this.list.add(cleaned);
  }

  /** fsyncs segments and indexes from the recovery point on, then advances it to LEO. */
  flush(): void {
    for (const segment of this.list.from(this.recoveryPointOffset)) segment.flush(this.disk, true);
    this.recoveryPointOffset = this.endOffset;
  }

  close(): void {
    for (const segment of this.list.all) segment.close();
  }
}
