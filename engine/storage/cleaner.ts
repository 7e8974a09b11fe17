/**
 * Log compaction (Kafka's LogCleaner), for cleanup.policy=compact (and compact,delete): keep the
 * latest record of every key, drop tombstones once their delete horizon has passed, keep
 * offsets as they are, and never touch the active segment.
 *
 * Range: closed segments below the first uncleanable offset = min(active segment base, high
 * watermark, first unstable offset, first segment younger than min.compaction.lag.ms). A pass
 * runs when the dirty part (after the cleaner checkpoint) is at least min.cleanable.dirty.ratio
 * of that range, or when `force`d.
 *
 * Tombstones (KIP-534): a batch rewritten with tombstones gets a delete horizon (now +
 * delete.retention.ms) in its header; a later pass after that horizon drops them. Records of
 * aborted transactions are dropped. A producer's last batch stays, emptied if need be, so its
 * sequence survives.
 *
 * The swap is atomic by renames, each step safe to crash after (recovery.ts settles them):
 *   1. write the cleaned segment as `<base>.log.cleaned` (+ indexes), fsync   → crash: discarded
 *   2. rename its files to `.swap`                                            → crash: swap completed
 *   3. rename the replaced segments' files to `.deleted`                      → crash: swap completed
 *   4. rename the `.swap` files to their live names, then delete `.deleted`   → done
 *
 * Concurrency: records are decoded and re-encoded asynchronously (compression); appends go on
 * meanwhile, to the active segment only. The swap itself runs synchronously, after checking that
 * the segments it replaces are still in the log.
 */
import { BatchHeader } from '../records/batch.js';
import type { BatchRecordInput } from '../records/codec.js';
import { decodeBatchRecords, encodeBatch } from '../records/codec.js';
import type { LogRecord } from '../records/record.js';
import { asOffset } from '../types.js';
import { CLEANED_SUFFIX, DELETED_SUFFIX, SWAP_SUFFIX } from './file-names.js';
import type { CleanResult } from './log-types.js';
import type { PartitionLog } from './log.js';
import { LogSegment, MAX_RELATIVE_OFFSET } from './segment.js';

export type CleanerStep = 'cleaned' | 'swap' | 'deleted' | 'renamed';

export interface CleanOptions {
  /** Clean even when the dirty ratio is below min.cleanable.dirty.ratio. */
  readonly force?: boolean;
  /** Called after each step of the swap; a test throws here to simulate a crash. */
  readonly afterStep?: (step: CleanerStep) => void;
}

const nothing: CleanResult = { segmentsCleaned: 0, bytesBefore: 0, bytesAfter: 0, recordsRemoved: 0 };

/** Reads every batch of a segment as its own buffer. */
function batchesOf(segment: LogSegment): Buffer[] {
  const batches: Buffer[] = [];
  segment.scanHeaders(0, (location) => {
    batches.push(segment.readAt(location.position, location.size));
    return true;
  });
  return batches;
}

/** Groups consecutive segments whose total size fits one segment and whose offsets fit int32 of the first base. */
function groupSegments(segments: readonly LogSegment[], maxBytes: number): LogSegment[][] {
  const groups: LogSegment[][] = [];
  let current: LogSegment[] = [];
  let bytes = 0;
  for (const segment of segments) {
    const first = current[0];
    const fits =
      first &&
      bytes + segment.size <= maxBytes &&
      segment.nextOffset - first.baseOffset <= MAX_RELATIVE_OFFSET;
    if (current.length > 0 && !fits) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(segment);
    bytes += segment.size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * What the cleaner may touch: closed segments wholly below min(active segment, high watermark,
 * first unstable offset, first segment younger than min.compaction.lag.ms).
 */
function cleanableRange(log: PartitionLog): {
  segments: LogSegment[];
  firstDirtyOffset: number;
  firstUncleanableOffset: number;
} {
  const all = log.segmentsList;
  const now = log.clock.now();
  const lag = log.config.minCompactionLagMs;
  const active = all[all.length - 1] as LogSegment;
  let limit = Math.min(active.baseOffset, log.highWatermark, log.firstUnstableOffset ?? Infinity);
  const young = lag > 0 ? all.find((s) => s.largestTimestamp > now - lag) : undefined;
  if (young) limit = Math.min(limit, young.baseOffset);
  const segments = all.filter((s, i) => {
    const next = all[i + 1];
    return next !== undefined && next.baseOffset <= limit;
  });
  const end = segments.length ? (all[segments.length] as LogSegment).baseOffset : log.logStartOffset;
  return { segments, firstDirtyOffset: Math.min(log.cleanerCheckpoint, end), firstUncleanableOffset: end };
}

export async function cleanLog(log: PartitionLog, options: CleanOptions = {}): Promise<CleanResult> {
  const config = log.config;
  if (!config.cleanupPolicy.compact) return nothing;
  const { segments, firstDirtyOffset, firstUncleanableOffset } = cleanableRange(log);
  if (segments.length === 0) return nothing;
  const now = log.clock.now();
  const total = segments.reduce((sum, s) => sum + s.size, 0);
  const dirty = segments.filter((s) => s.nextOffset > firstDirtyOffset).reduce((sum, s) => sum + s.size, 0);
  const overdue =
    config.maxCompactionLagMs < Number.MAX_SAFE_INTEGER &&
    segments.some(
      (s) => s.nextOffset > firstDirtyOffset && now - s.rollingBasedTimestamp > config.maxCompactionLagMs,
    );
  if (!options.force && !overdue && (dirty === 0 || dirty / total < config.minCleanableDirtyRatio))
    return nothing;

  // Pass 1: the latest offset of every key, and the aborted transactions in range.
  const latest = new Map<string, number>();
  const decoded = new Map<Buffer, LogRecord[]>();
  const perSegment = new Map<LogSegment, Buffer[]>();
  const sizes = new Map(segments.map((s) => [s, s.size]));
  const aborted = log.collectAbortedTransactions(log.logStartOffset, asOffset(firstUncleanableOffset));
  const isAborted = (h: BatchHeader) =>
    h.isTransactional &&
    !h.isControl &&
    aborted.some(
      (t) => t.producerId === h.producerId && t.firstOffset <= h.baseOffset && h.baseOffset <= t.lastOffset,
    );
  for (const segment of segments) {
    const batches = batchesOf(segment);
    perSegment.set(segment, batches);
    for (const bytes of batches) {
      const header = new BatchHeader(bytes, 0);
      if (header.isControl || isAborted(header)) continue;
      const records = await decodeBatchRecords(header);
      decoded.set(bytes, records);
      for (const r of records) if (r.key) latest.set(r.key.toString('latin1'), r.offset);
    }
  }

  // Pass 2: rewrite each group of segments into one cleaned segment, then swap it in.
  let result = { ...nothing };
  for (const group of groupSegments(segments, config.segmentBytes)) {
    const base = (group[0] as LogSegment).baseOffset;
    const outputs: Buffer[] = [];
    let removed = 0;
    for (const segment of group) {
      for (const bytes of perSegment.get(segment) ?? []) {
        const header = new BatchHeader(bytes, 0);
        const records = decoded.get(bytes);
        if (!records) {
          // Control batches stay; aborted data goes (but a producer's last batch stays, emptied).
          if (header.isControl) outputs.push(bytes);
          else {
            removed += header.recordCount;
            if (header.hasProducerId && log.isLastBatchOfProducer(header.producerId, header.lastOffset)) {
              outputs.push(await rewrite(header, [], undefined));
            }
          }
          continue;
        }
        const horizon = header.deleteHorizonMs;
        const kept = records.filter((r) => {
          if (!r.key) return true;
          if (latest.get(r.key.toString('latin1')) !== r.offset) return false;
          return !(r.value === null && horizon >= 0 && horizon <= now);
        });
        const hasTombstones = kept.some((r) => r.value === null);
        removed += records.length - kept.length;
        if (kept.length === records.length && (!hasTombstones || horizon >= 0)) {
          outputs.push(bytes);
        } else if (
          kept.length > 0 ||
          (header.hasProducerId && log.isLastBatchOfProducer(header.producerId, header.lastOffset))
        ) {
          const newHorizon = hasTombstones
            ? horizon >= 0
              ? horizon
              : now + config.deleteRetentionMs
            : undefined;
          outputs.push(await rewrite(header, kept, newHorizon));
        }
      }
    }
    // Retention or a truncation may have changed the segments while records were decoded.
    const unchanged = group.every((s) => log.segmentsList.includes(s) && s.size === sizes.get(s));
    if (!unchanged) continue;
    const cleaned = writeCleaned(log, base, outputs);
    const bytesBefore = group.reduce((sum, s) => sum + s.size, 0);
    swapIn(log, group, cleaned, options.afterStep);
    result = {
      segmentsCleaned: result.segmentsCleaned + group.length,
      bytesBefore: result.bytesBefore + bytesBefore,
      bytesAfter: result.bytesAfter + cleaned.size,
      recordsRemoved: result.recordsRemoved + removed,
    };
  }
  log.markCleaned(asOffset(firstUncleanableOffset));
  return result;
}

/** Re-encodes a batch with only `records`, keeping its offsets, producer fields and codec. */
function rewrite(
  header: BatchHeader,
  records: readonly LogRecord[],
  deleteHorizonMs: number | undefined,
): Promise<Buffer> {
  const inputs: BatchRecordInput[] = records.map((r) => ({
    key: r.key,
    value: r.value,
    headers: r.headers,
    timestamp: r.timestamp,
    offsetDelta: r.offset - header.baseOffset,
  }));
  return encodeBatch({
    records: inputs,
    baseOffset: header.baseOffset,
    partitionLeaderEpoch: header.partitionLeaderEpoch,
    compression: header.compression as 0 | 1 | 2 | 3 | 4,
    timestampType: header.timestampType,
    timestamp: header.baseTimestamp,
    logAppendTime: header.maxTimestamp,
    isTransactional: header.isTransactional,
    producerId: header.producerId,
    producerEpoch: header.producerEpoch,
    baseSequence: header.baseSequence,
    lastOffsetDelta: header.lastOffsetDelta,
    ...(deleteHorizonMs !== undefined ? { deleteHorizonMs } : {}),
  });
}

/** Step 1: the cleaned segment as `.cleaned` files, flushed. */
function writeCleaned(log: PartitionLog, base: number, batches: readonly Buffer[]): LogSegment {
  const segment = LogSegment.create(
    log.dir,
    asOffset(base),
    log.segmentSettings,
    log.clock.now(),
    CLEANED_SUFFIX,
  );
  for (const bytes of batches) segment.append(bytes, [new BatchHeader(bytes, 0)], log.disks);
  segment.onBecomeInactive();
  segment.flush(log.disks, true);
  return segment;
}

/** Steps 2-4: the atomic swap by renames. */
function swapIn(
  log: PartitionLog,
  replaced: readonly LogSegment[],
  cleaned: LogSegment,
  afterStep?: (step: CleanerStep) => void,
): void {
  afterStep?.('cleaned');
  cleaned.changeSuffix(CLEANED_SUFFIX, SWAP_SUFFIX);
  afterStep?.('swap');
  for (const segment of replaced) segment.changeSuffix('', DELETED_SUFFIX);
  afterStep?.('deleted');
  cleaned.changeSuffix(SWAP_SUFFIX, '');
  afterStep?.('renamed');
  log.replaceSegments(replaced, cleaned);
  for (const segment of replaced) segment.deleteFiles();
}
