/**
 * ListOffsets by time (Kafka's fetchOffsetByTimestamp): the first record whose timestamp is at
 * or after T, or the record with the largest timestamp.
 *
 * The first segment whose largest timestamp reaches T holds the answer; its time index names the
 * last batch wholly before T (see time-index.ts), the scan starts after it and stops at the
 * first batch whose max timestamp reaches T, and that one batch is decoded to find the record.
 */
import { BatchHeader } from '../records/batch.js';
import { decodeBatchRecords } from '../records/codec.js';
import type { Offset } from '../types.js';
import { asOffset } from '../types.js';
import type { LogSegment } from './segment.js';

export interface FoundRecord {
  readonly timestamp: number;
  readonly offset: Offset;
}

async function firstRecordAtOrAfter(
  segment: LogSegment,
  from: number,
  timestamp: number,
): Promise<FoundRecord | null> {
  const start = segment.locate(from);
  if (!start) return null;
  let bytes: Buffer | undefined;
  segment.scanHeaders(start.position, (location) => {
    if (location.maxTimestamp < timestamp) return true;
    bytes = segment.readAt(location.position, location.size);
    return false;
  });
  if (!bytes) return null;
  for (const record of await decodeBatchRecords(new BatchHeader(bytes, 0))) {
    if (record.timestamp >= timestamp && record.offset >= from) {
      return { timestamp: record.timestamp, offset: asOffset(record.offset) };
    }
  }
  return null;
}

/** The first record at or after `timestamp` and at or after `logStartOffset`. */
export async function findOffsetByTimestamp(
  segments: readonly LogSegment[],
  timestamp: number,
  logStartOffset: number,
): Promise<FoundRecord | null> {
  for (const segment of segments) {
    if (segment.largestTimestamp < timestamp) continue;
    const before = segment.timeIndex.lookupBefore(timestamp);
    const from = Math.max(logStartOffset, before ? before.offset + 1 : segment.baseOffset);
    const found = await firstRecordAtOrAfter(segment, from, timestamp);
    if (found) return found;
  }
  return null;
}

/** The (first) record carrying the largest timestamp of the log. */
export async function findMaxTimestamp(
  segments: readonly LogSegment[],
  logStartOffset: number,
): Promise<FoundRecord | null> {
  let best: LogSegment | undefined;
  for (const segment of segments) {
    if (segment.largestTimestamp >= 0 && (!best || segment.largestTimestamp > best.largestTimestamp))
      best = segment;
  }
  if (!best) return null;
  return firstRecordAtOrAfter(best, Math.max(logStartOffset, best.baseOffset), best.largestTimestamp);
}
