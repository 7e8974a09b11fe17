/**
 * One window of a partition as the message inspector reads it: one fetch from an offset, the
 * records below a bound, each with what its batch says (compression, timestamp type, ...) and
 * what it is in a transaction (txn-marks.ts). read_committed windows hold what a read_committed
 * consumer would get; read_uncommitted ones everything, marked, and the markers when asked for.
 */
import type { BatchHeader } from '../../engine/records/batch.js';
import type { LogRecord } from '../../engine/records/record.js';
import type { ClusterAccess } from '../cluster-access.js';
import { partitionKey } from '../kafka-client/offsets.js';
import { batchRecords, fetchPartitions } from '../kafka-client/partition-reader.js';
import { unwrap } from '../kafka-client/routing.js';
import { asNotFound } from './errors.js';
import { batchInfo, type BatchInfo } from './records.js';
import { committedBatches, markWindow, type BatchMark } from './txn-marks.js';

/** A record of a window, with its batch's facts and its place in a transaction. */
export interface Entry {
  readonly record: LogRecord;
  readonly batch: BatchInfo;
  readonly mark: BatchMark | null;
}

/** How a page reads: as a read_committed consumer or not, with the markers as rows or not. */
export interface ReadMode {
  readonly committed: boolean;
  readonly showControl: boolean;
}

/** Records of one partition from `from` (below `to`), one fetch of at most `maxBytes`. */
export async function readWindow(
  access: ClusterAccess,
  topic: string,
  partition: number,
  from: number,
  to: number,
  maxBytes: number,
  mode: ReadMode,
  signal: AbortSignal,
): Promise<{ entries: Entry[]; nextOffset: number; highWatermark: number }> {
  const results = await fetchPartitions(access, [{ topic, partition, offset: from }], {
    signal,
    partitionMaxBytes: maxBytes,
    deadlineMs: 15_000,
    keepControl: true,
    isolationLevel: mode.committed ? 1 : 0,
  });
  let fetched;
  try {
    fetched = unwrap(results.get(partitionKey({ topic, partition })));
  } catch (error) {
    throw asNotFound(error);
  }
  let kept: { batch: BatchHeader; mark: BatchMark | null }[];
  if (mode.committed) {
    kept = await committedBatches(fetched, mode.showControl);
  } else {
    const marks = await markWindow(access, topic, partition, fetched.batches, fetched.nextOffset, signal);
    kept = fetched.batches
      .filter((b) => !b.isControl || (mode.showControl && marks.has(b)))
      .map((batch) => ({ batch, mark: marks.get(batch) ?? null }));
  }
  const entries: Entry[] = [];
  for (const { batch, mark } of kept) {
    if (batch.baseOffset >= to) break;
    const info = batchInfo(batch);
    for (const record of await batchRecords(batch, from)) {
      if (record.offset < to) entries.push({ record, batch: info, mark });
    }
  }
  return { entries, nextOffset: fetched.nextOffset, highWatermark: fetched.highWatermark };
}
