/**
 * The streaming reader of the console: reads offset ranges of a topic's partitions forward, in
 * rounds (one Fetch per leader per round, every partition of the round in it), and yields each
 * round's records decoded, so a scan or an export holds one round in memory whatever the size
 * of the topic. Filtered scans, the live tail and export are written over it.
 *
 * With `isolationLevel` 1 it reads as a read_committed consumer: up to the last stable offset,
 * without the records of aborted transactions.
 *
 * Rules: a range is [from, to); records outside it are dropped. A partition is done when it
 * reaches `to`, or when it has no more data (its high watermark is at or below its position).
 * A position that retention deleted (OFFSET_OUT_OF_RANGE below the log start) moves to the log
 * start and the skipped records count as gone, not as an error.
 */
import { ErrorCode, KafkaError } from '../../engine/protocol/errors.js';
import type { LogRecord } from '../../engine/records/record.js';
import type { ClusterAccess } from '../cluster-access.js';
import { throwIfAborted } from '../kafka-client/errors.js';
import { partitionBounds, partitionKey } from '../kafka-client/offsets.js';
import { batchRecords, fetchPartitions, type FetchOptions } from '../kafka-client/partition-reader.js';
import { asNotFound } from './errors.js';
import { batchInfo, type BatchInfo } from './records.js';
import { committedBatches } from './txn-marks.js';

export interface PartitionRange {
  readonly partition: number;
  readonly from: number;
  /** Exclusive; Infinity reads until the partition has no more data. */
  readonly to: number;
}

export interface RecordBatchChunk {
  readonly partition: number;
  readonly batch: BatchInfo;
  /** Decoded records of one batch that fall in the range, in offset order. */
  readonly records: readonly LogRecord[];
}

export interface StreamRound {
  readonly batches: readonly RecordBatchChunk[];
  /** Bytes of record batches this round read. */
  readonly bytes: number;
  /** Where each partition continues (its next offset), after this round. */
  readonly positions: ReadonlyMap<number, number>;
  /** Each partition's high watermark as its leader last answered. */
  readonly highWatermarks: ReadonlyMap<number, number>;
}

export interface StreamOptions extends Pick<
  FetchOptions,
  'partitionMaxBytes' | 'maxWaitMs' | 'lane' | 'isolationLevel'
> {
  readonly signal?: AbortSignal;
  /** Keep polling partitions that have no more data (the live tail) instead of ending them. */
  readonly follow?: boolean;
}

/** Reads the ranges forward, one round at a time, until every partition is done (or forever with `follow`). */
export async function* readRanges(
  access: ClusterAccess,
  topic: string,
  ranges: readonly PartitionRange[],
  options: StreamOptions = {},
): AsyncGenerator<StreamRound> {
  const positions = new Map(ranges.map((r) => [r.partition, r.from]));
  const ends = new Map(ranges.map((r) => [r.partition, r.to]));
  const highWatermarks = new Map<number, number>();
  const done = new Set<number>();
  for (;;) {
    throwIfAborted(options.signal);
    const active = [...positions].filter(([p, at]) => !done.has(p) && at < ends.get(p)!);
    if (active.length === 0) return;
    const committed = options.isolationLevel === 1;
    const results = await fetchPartitions(
      access,
      active.map(([partition, offset]) => ({ topic, partition, offset })),
      // read_committed needs the ABORT markers to know where an aborted transaction ends.
      { ...options, deadlineMs: 30_000, keepControl: committed },
    );
    const batches: RecordBatchChunk[] = [];
    let bytes = 0;
    for (const [partition, from] of active) {
      const result = results.get(partitionKey({ topic, partition }))!;
      if (!result.ok) {
        const error = result.error;
        if (error instanceof KafkaError && error.code === ErrorCode.OFFSET_OUT_OF_RANGE) {
          const bounds = (
            await partitionBounds(access, [{ topic, partition }], { signal: options.signal })
          ).get(partitionKey({ topic, partition }))!;
          // Behind the log start (retention): continue from there. Past the end (the log was
          // truncated): a follower goes on from the new end, a reader has nothing left.
          if (bounds.logStartOffset > from) positions.set(partition, bounds.logStartOffset);
          else if (options.follow) positions.set(partition, bounds.highWatermark);
          else done.add(partition);
          continue;
        }
        throw asNotFound(error);
      }
      const fetched = result.value;
      highWatermarks.set(partition, fetched.highWatermark);
      const to = ends.get(partition)!;
      bytes += fetched.bytes;
      const kept = committed ? (await committedBatches(fetched, false)).map((k) => k.batch) : fetched.batches;
      for (const batch of kept) {
        if (batch.baseOffset >= to) break;
        let records = await batchRecords(batch, from);
        if (batch.lastOffset >= to) records = records.filter((r) => r.offset < to);
        if (records.length > 0) batches.push({ partition, batch: batchInfo(batch), records });
      }
      positions.set(partition, Math.min(fetched.nextOffset, to));
      if (!options.follow && fetched.nextOffset >= fetched.highWatermark) done.add(partition);
    }
    yield { batches, bytes, positions, highWatermarks };
  }
}
