/**
 * The ReplicaManager's answers about the partitions this broker leads, other than produce and
 * fetch: ListOffsets, OffsetForLeaderEpoch, DeleteRecords, DescribeLogDirs, DescribeProducers.
 * Each asks `leaderFor`, which answers the partition when this broker leads it at the request's
 * leader epoch, else the error code the response carries.
 */
import { statfsSync } from 'node:fs';
import type {
  IsolationLevel,
  ListOffsetsResult,
  LogDirDescription,
  PartitionProducers,
} from '../../broker/services.js';
import { IsolationLevel as Isolation, ListOffsetsTimestamp } from '../../broker/services.js';
import { ErrorCode, KafkaError } from '../../protocol/errors.js';
import {
  asOffset,
  topicPartitionKey,
  type BrokerId,
  type LeaderEpoch,
  type Offset,
  type TopicPartition,
} from '../../types.js';
import { leaderEndOffsetForEpoch } from './local-read.js';
import type { Partition } from './partition.js';

export type Lookup =
  { partition: Partition; errorCode?: undefined } | { partition?: undefined; errorCode: ErrorCode };

export interface QueryContext {
  /** The partition when this broker leads it at `currentLeaderEpoch` (-1: any), else the error. */
  leaderFor(tp: TopicPartition, currentLeaderEpoch: number): Lookup;
  /** Every partition this broker hosts. */
  partitions(): Iterable<Partition>;
  /** The log start moved: waiting requests on `tp` may complete. */
  wake(tp: TopicPartition): void;
  readonly dataDir: string;
}

export async function listOffsets(
  ctx: QueryContext,
  partitions: readonly {
    readonly tp: TopicPartition;
    readonly timestamp: number;
    readonly currentLeaderEpoch: number;
  }[],
  options: { isolationLevel: IsolationLevel; replicaId: BrokerId | -1 },
): Promise<ListOffsetsResult[]> {
  const results: ListOffsetsResult[] = [];
  for (const request of partitions) {
    const failed = (errorCode: ErrorCode): ListOffsetsResult => ({
      tp: request.tp,
      errorCode,
      timestamp: -1,
      offset: -1,
      leaderEpoch: -1,
    });
    const lookup = ctx.leaderFor(request.tp, request.currentLeaderEpoch);
    if (!lookup.partition) {
      results.push(failed(lookup.errorCode));
      continue;
    }
    const partition = lookup.partition;
    const log = partition.log;
    const fetchable =
      options.isolationLevel === Isolation.READ_COMMITTED ? log.lastStableOffset : log.highWatermark;
    const at = (
      offset: number,
      timestamp = -1,
      leaderEpoch: number = partition.leaderEpoch,
    ): ListOffsetsResult => ({
      tp: request.tp,
      errorCode: ErrorCode.NONE,
      timestamp,
      offset: asOffset(offset),
      leaderEpoch: leaderEpoch as LeaderEpoch,
    });
    // A consumer's question about the log's end waits until a new leader's high watermark has
    // reached the start of its epoch; a follower's (replicaId >= 0) does not, as in Kafka.
    const lagging = options.replicaId === -1 && partition.highWatermarkLagsEpochStart;
    switch (request.timestamp) {
      case ListOffsetsTimestamp.LATEST:
        results.push(lagging ? failed(ErrorCode.OFFSET_NOT_AVAILABLE) : at(fetchable));
        continue;
      case ListOffsetsTimestamp.EARLIEST:
      case ListOffsetsTimestamp.EARLIEST_LOCAL:
        results.push(at(log.logStartOffset));
        continue;
      case ListOffsetsTimestamp.LATEST_TIERED:
        results.push({ ...failed(ErrorCode.NONE), offset: -1 });
        continue;
    }
    try {
      const found = await log.fetchOffsetByTimestamp(request.timestamp);
      if (!found || found.offset >= fetchable)
        results.push(failed(lagging ? ErrorCode.OFFSET_NOT_AVAILABLE : ErrorCode.NONE));
      else results.push(at(found.offset, found.timestamp, found.leaderEpoch));
    } catch (err) {
      if (!(err instanceof KafkaError)) throw err;
      results.push(failed(err.code));
    }
  }
  return results;
}

export function offsetForLeaderEpoch(
  ctx: QueryContext,
  partitions: readonly {
    readonly tp: TopicPartition;
    readonly leaderEpoch: number;
    readonly currentLeaderEpoch: number;
  }[],
): (TopicPartition & { errorCode: ErrorCode; leaderEpoch: LeaderEpoch | -1; endOffset: Offset | -1 })[] {
  return partitions.map((request) => {
    const lookup = ctx.leaderFor(request.tp, request.currentLeaderEpoch);
    if (!lookup.partition)
      return { ...request.tp, errorCode: lookup.errorCode, leaderEpoch: -1, endOffset: -1 };
    const end = leaderEndOffsetForEpoch(lookup.partition, request.leaderEpoch);
    return { ...request.tp, errorCode: ErrorCode.NONE, leaderEpoch: end.epoch, endOffset: end.endOffset };
  });
}

/**
 * DeleteRecords: moves the leader's log start (followers follow on their next fetch). An offset
 * of -1 means the high watermark. Answers with the leader's new log start.
 */
export function deleteRecords(
  ctx: QueryContext,
  partitions: readonly { readonly tp: TopicPartition; readonly offset: number }[],
): (TopicPartition & { errorCode: ErrorCode; lowWatermark: Offset | -1 })[] {
  return partitions.map(({ tp, offset }) => {
    const lookup = ctx.leaderFor(tp, -1);
    if (!lookup.partition) return { ...tp, errorCode: lookup.errorCode, lowWatermark: -1 };
    const log = lookup.partition.log;
    const target = offset === -1 ? log.highWatermark : offset;
    if (target < 0 || target > log.highWatermark)
      return { ...tp, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, lowWatermark: -1 };
    try {
      log.deleteRecordsBefore(asOffset(target));
      ctx.wake(tp);
      return { ...tp, errorCode: ErrorCode.NONE, lowWatermark: log.logStartOffset };
    } catch (err) {
      if (!(err instanceof KafkaError)) throw err;
      return { ...tp, errorCode: err.code, lowWatermark: -1 };
    }
  });
}

export function describeLogDirs(
  ctx: QueryContext,
  partitions: readonly TopicPartition[] | null,
): LogDirDescription[] {
  const wanted = partitions ? new Set(partitions.map(topicPartitionKey)) : null;
  let totalBytes = -1;
  let usableBytes = -1;
  try {
    const stats = statfsSync(ctx.dataDir);
    totalBytes = stats.blocks * stats.bsize;
    usableBytes = stats.bavail * stats.bsize;
  } catch {
    // Sizes stay unknown.
  }
  return [
    {
      path: ctx.dataDir,
      errorCode: ErrorCode.NONE,
      totalBytes,
      usableBytes,
      partitions: [...ctx.partitions()]
        .filter((p) => !wanted || wanted.has(topicPartitionKey(p.tp)))
        .map((p) => ({
          tp: p.tp,
          sizeInBytes: p.log.size,
          offsetLag: Math.max(0, p.log.highWatermark - p.log.logEndOffset),
        })),
    },
  ];
}

export function describeProducers(
  ctx: QueryContext,
  partitions: readonly TopicPartition[],
): PartitionProducers[] {
  return partitions.map((tp) => {
    const lookup = ctx.leaderFor(tp, -1);
    if (!lookup.partition) return { tp, errorCode: lookup.errorCode, producers: [] };
    return {
      tp,
      errorCode: ErrorCode.NONE,
      producers: lookup.partition.log.producers().map((p) => ({
        ...p,
        currentTxnStartOffset: p.currentTxnStartOffset >= 0 ? asOffset(p.currentTxnStartOffset) : -1,
      })),
    };
  });
}
