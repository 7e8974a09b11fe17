/**
 * What an append did, as PartitionLog.appendAsLeader and appendAsFollower report it
 * (Kafka's LogAppendInfo), and the stamping of a leader's batches before they are written.
 * Pure functions over batch headers: no file is touched here.
 */
import type { BatchHeader } from '../records/batch.js';
import type { LeaderEpoch, Offset } from '../types.js';
import { asOffset } from '../types.js';
import type { BatchAppendInfo, LogAppendInfo } from './log-types.js';

/**
 * Gives the batches consecutive offsets from `firstOffset`, the leader's epoch, and the append
 * time when the topic uses LogAppendTime (`logAppendTime` ≥ 0), patching them in place. Base
 * offset and epoch lie outside the CRC; `setLogAppendTime` recomputes it.
 */
export function stampBatches(
  headers: readonly BatchHeader[],
  firstOffset: Offset,
  leaderEpoch: LeaderEpoch,
  logAppendTime: number,
): void {
  let next = firstOffset;
  for (const header of headers) {
    header.setBaseOffset(next);
    header.setPartitionLeaderEpoch(leaderEpoch);
    if (logAppendTime >= 0) header.setLogAppendTime(logAppendTime);
    next = header.nextOffset;
  }
}

/** The report of appended batches (offsets already assigned). */
export function appendInfoOf(
  headers: readonly BatchHeader[],
  validBytes: number,
  logAppendTime: number,
  logStartOffset: Offset,
): LogAppendInfo {
  const first = headers[0] as BatchHeader;
  const last = headers[headers.length - 1] as BatchHeader;
  let maxTimestamp = -1;
  let offsetOfMaxTimestamp = first.baseOffset;
  let recordCount = 0;
  const batches: BatchAppendInfo[] = [];
  for (const header of headers) {
    const batchMax = header.maxTimestamp;
    if (batchMax > maxTimestamp) {
      maxTimestamp = batchMax;
      offsetOfMaxTimestamp = header.lastOffset;
    }
    recordCount += header.recordCount;
    batches.push({
      baseOffset: header.baseOffset,
      lastOffset: header.lastOffset,
      maxTimestamp: batchMax,
      recordCount: header.recordCount,
      sizeInBytes: header.sizeInBytes,
    });
  }
  return {
    firstOffset: first.baseOffset,
    lastOffset: last.lastOffset,
    maxTimestamp,
    offsetOfMaxTimestamp,
    logAppendTime,
    logStartOffset,
    recordCount,
    validBytes,
    batches,
    duplicate: false,
  };
}

/** The report of an idempotent producer's retry: nothing written, the original append's offsets. */
export function duplicateAppendInfo(
  duplicate: { readonly firstOffset: number; readonly lastOffset: number; readonly timestamp: number },
  logStartOffset: Offset,
): LogAppendInfo {
  return {
    firstOffset: asOffset(duplicate.firstOffset),
    lastOffset: asOffset(duplicate.lastOffset),
    maxTimestamp: duplicate.timestamp,
    offsetOfMaxTimestamp: asOffset(duplicate.lastOffset),
    logAppendTime: -1,
    logStartOffset,
    recordCount: duplicate.lastOffset - duplicate.firstOffset + 1,
    validBytes: 0,
    batches: [],
    duplicate: true,
  };
}
