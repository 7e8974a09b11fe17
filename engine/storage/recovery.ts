/**
 * Opening a partition directory after a clean stop or a crash (Kafka's LogLoader).
 *
 * 1. Files in transit are settled: `*.tmp` and `.cleaned` files (an unfinished write or
 *    compaction) are removed; `.deleted` files are removed; a `.swap` segment (a finished
 *    compaction) replaces the live segments inside its offset range and takes the live name.
 * 2. Segments wholly below the recovery point (flushed to disk) are trusted: their indexes are
 *    loaded and sanity-checked, only the bytes after the last index entry are scanned.
 * 3. Every other segment — and any whose index is missing or damaged — is recovered: each batch
 *    is re-validated (size, magic, CRC, increasing offsets), the indexes are rebuilt, and the file
 *    is cut at the first invalid byte; later segments are then dropped. A crash at any byte
 *    therefore loses at most the batch being written when it happened.
 * 4. Producer state is loaded from the latest snapshot below the first recovered segment and
 *    replayed forward; leader epochs are re-assigned from recovered batches.
 */
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchHeader } from '../records/batch.js';
import { BatchHeader as HeaderView } from '../records/batch.js';
import type { Offset } from '../types.js';
import { asOffset } from '../types.js';
import {
  CLEANED_SUFFIX,
  DELETED_SUFFIX,
  LOG_SUFFIX,
  parseOffsetFileName,
  segmentFile,
  SEGMENT_SUFFIXES,
  SWAP_SUFFIX,
} from './file-names.js';
import type { DiskHooks } from './disk-hooks.js';
import type { LeaderEpochCache } from './leader-epoch-cache.js';
import type { ProducerStateManager } from './producer-state.js';
import type { SegmentSettings } from './segment.js';
import { LogSegment } from './segment.js';
import { recoverSegment } from './segment-recovery.js';
import { LogSegments } from './segments.js';

export interface LoadContext {
  readonly dir: string;
  readonly settings: SegmentSettings;
  readonly now: number;
  readonly epochCache: LeaderEpochCache;
  readonly producerState: ProducerStateManager;
  readonly logStartOffset: number;
  readonly recoveryPoint: number;
  readonly disk: DiskHooks;
}

export interface LoadedLog {
  readonly segments: LogSegments;
  readonly logEndOffset: Offset;
  readonly logStartOffset: Offset;
  /** Bytes cut from torn or corrupt tails. */
  readonly truncatedBytes: number;
  readonly recoveredSegments: number;
}

/** Settles files left in transit by an interrupted write, compaction or deletion. */
function settleTransitFiles(dir: string, settings: SegmentSettings, now: number): void {
  const names = readdirSync(dir);
  for (const name of names) {
    if (name.endsWith('.tmp') || name.endsWith(CLEANED_SUFFIX) || name.endsWith(DELETED_SUFFIX)) {
      rmSync(join(dir, name), { force: true });
    }
  }
  const swaps = names
    .map((n) => parseOffsetFileName(n))
    .filter((p) => p?.transit === SWAP_SUFFIX && p.suffix === LOG_SUFFIX)
    .map((p) => (p as { offset: number }).offset);
  for (const base of swaps) {
    // The swap's range: from its base to its last batch. Recover it first: it was fully written
    // before the rename to .swap, but a damaged one must not replace good data.
    const { segment } = LogSegment.open(dir, asOffset(base), settings, now, false, SWAP_SUFFIX);
    recoverSegment(segment, () => {});
    const end = segment.nextOffset;
    segment.close();
    for (const name of readdirSync(dir)) {
      const parsed = parseOffsetFileName(name);
      if (parsed && parsed.transit === undefined && parsed.offset >= base && parsed.offset < end) {
        if ((SEGMENT_SUFFIXES as readonly string[]).includes(parsed.suffix))
          rmSync(join(dir, name), { force: true });
      }
    }
    for (const suffix of SEGMENT_SUFFIXES) {
      const swapped = segmentFile(dir, base, suffix) + SWAP_SUFFIX;
      try {
        renameSync(swapped, segmentFile(dir, base, suffix));
      } catch {
        // An index that was never written: it is rebuilt below.
      }
    }
  }
}

/**
 * Replays the batches in [from, to) through `visit`, reading headers only (control batches
 * whole, for their marker record).
 */
export function replayBatches(
  segments: LogSegments,
  from: number,
  to: number,
  visit: (header: BatchHeader) => void,
): void {
  for (const segment of segments.from(from)) {
    if (segment.baseOffset >= to) return;
    let done = false;
    segment.scanHeaders(segment.offsetIndex.lookup(from).position, (location) => {
      if (location.baseOffset >= to) {
        done = true;
        return false;
      }
      if (location.lastOffset < from) return true;
      const header = location.header.isControl
        ? new HeaderView(segment.readAt(location.position, location.size), 0)
        : location.header;
      visit(header);
      return true;
    });
    if (done) return;
  }
}

export function loadLog(ctx: LoadContext): LoadedLog {
  const { dir, settings, now, epochCache, producerState } = ctx;
  mkdirSync(dir, { recursive: true });
  settleTransitFiles(dir, settings, now);

  const bases = readdirSync(dir)
    .map((n) => parseOffsetFileName(n))
    .filter((p) => p !== undefined && p.transit === undefined && p.suffix === LOG_SUFFIX)
    .map((p) => (p as { offset: Offset }).offset)
    .sort((a, b) => a - b);
  // Indexes without a log file are leftovers.
  for (const name of readdirSync(dir)) {
    const parsed = parseOffsetFileName(name);
    if (
      parsed &&
      parsed.transit === undefined &&
      parsed.suffix !== LOG_SUFFIX &&
      parsed.suffix !== '.snapshot'
    ) {
      if (!bases.includes(parsed.offset)) rmSync(join(dir, name), { force: true });
    }
  }

  const segments = new LogSegments();
  const toRecover: LogSegment[] = [];
  bases.forEach((base, i) => {
    const nextBase = bases[i + 1];
    const mayTrust = toRecover.length === 0 && (nextBase === undefined || nextBase <= ctx.recoveryPoint);
    const { segment, needsRecovery } = LogSegment.open(dir, base, settings, now, mayTrust);
    segments.add(segment);
    // The last segment is trusted only when it ends exactly at the recovery point (a clean stop).
    const trusted =
      mayTrust && !needsRecovery && (nextBase !== undefined || segment.nextOffset <= ctx.recoveryPoint);
    if (!trusted) toRecover.push(segment);
  });

  // Producer state up to the first segment to recover (or the log end when none is).
  const lastSegment = segments.active;
  const replayEnd = toRecover[0]?.baseOffset ?? lastSegment?.nextOffset ?? ctx.logStartOffset;
  const snapshotOffset = producerState.loadLatestSnapshot(replayEnd) ?? segments.first?.baseOffset ?? 0;
  replayBatches(segments, snapshotOffset, replayEnd, (header) => producerState.update(header));

  let truncatedBytes = 0;
  for (let i = 0; i < toRecover.length; i++) {
    const segment = toRecover[i] as LogSegment;
    const cut = recoverSegment(segment, (header) => {
      epochCache.assign(header.partitionLeaderEpoch, header.baseOffset);
      const completed = producerState.update(header);
      if (completed?.isAborted) {
        segment.txnIndex.append({
          producerId: completed.producerId,
          firstOffset: asOffset(completed.firstOffset),
          lastOffset: asOffset(completed.lastOffset),
          lastStableOffset: asOffset(producerState.lastStableOffsetAfter(completed)),
        });
      }
    });
    truncatedBytes += cut;
    try {
      segment.flush(ctx.disk, false);
    } catch {
      // The rebuilt indexes stay in memory; a later flush (or the next open) writes them.
    }
    if (cut > 0) {
      // Nothing after a corrupt byte can be trusted: later segments go.
      for (const later of toRecover.slice(i + 1)) {
        truncatedBytes += later.size;
        later.deleteFiles();
        segments.remove(later);
      }
      break;
    }
  }

  if (segments.count === 0) segments.add(LogSegment.create(dir, asOffset(ctx.logStartOffset), settings, now));
  const active = segments.active as LogSegment;
  const logEndOffset = active.nextOffset;
  const logStartOffset = asOffset(Math.max(ctx.logStartOffset, (segments.first as LogSegment).baseOffset));
  epochCache.truncateFromEnd(logEndOffset);
  epochCache.truncateFromStart(logStartOffset);
  producerState.deleteSnapshotsAfter(logEndOffset);
  return { segments, logEndOffset, logStartOffset, truncatedBytes, recoveredSegments: toRecover.length };
}
