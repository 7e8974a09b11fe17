/**
 * Reading one partition for a Fetch, on the broker that leads it (Kafka's
 * ReplicaManager.readFromLocalLog and Partition.fetchRecords).
 *
 * - Only the leader serves fetches; a fetch naming an older leader epoch gets
 *   FENCED_LEADER_EPOCH, a newer one UNKNOWN_LEADER_EPOCH (the leader has not caught up yet).
 * - A follower reads up to the log end; a consumer up to the high watermark (read_uncommitted)
 *   or the last stable offset (read_committed, with the aborted transactions of the range).
 * - A fetcher that says which epoch its log ends with (Fetch v12+) is told where that epoch ends
 *   here when its position is not in this log (`divergingEpoch`), and truncates there.
 * - A follower's fetch is also its report of progress: after the read it updates the follower's
 *   state, which may expand the ISR and move the high watermark (answered in the same response).
 */
import type { FetchInput, FetchPartitionInput, PartitionFetchResult } from '../../broker/services.js';
import { IsolationLevel } from '../../broker/services.js';
import { ErrorCode, KafkaError } from '../../protocol/errors.js';
import { asLeaderEpoch, asOffset, type BrokerId, type LeaderEpoch, type Offset } from '../../types.js';
import type { Partition } from './partition.js';

export interface PartitionRead {
  readonly result: PartitionFetchResult;
  readonly bytes: number;
}

export function errorResult(
  input: FetchPartitionInput,
  errorCode: ErrorCode,
  currentLeader: PartitionFetchResult['currentLeader'] = null,
): PartitionFetchResult {
  return {
    tp: input.tp,
    errorCode,
    highWatermark: -1,
    lastStableOffset: -1,
    logStartOffset: -1,
    abortedTransactions: null,
    records: [],
    divergingEpoch: null,
    currentLeader,
    preferredReadReplica: -1,
  };
}

/** The end of epoch `epoch` in the leader's log; the leader's current epoch runs to the log end. */
export function leaderEndOffsetForEpoch(
  partition: Partition,
  epoch: number,
): { epoch: LeaderEpoch | -1; endOffset: Offset | -1 } {
  if (epoch === partition.leaderEpoch)
    return { epoch: asLeaderEpoch(epoch), endOffset: partition.log.logEndOffset };
  return partition.log.endOffsetForEpoch(asLeaderEpoch(epoch));
}

/** Checks the request's view of the leader epoch against this replica's. */
export function checkLeaderEpoch(partition: Partition, currentLeaderEpoch: number): ErrorCode {
  if (currentLeaderEpoch < 0) return ErrorCode.NONE;
  if (currentLeaderEpoch < partition.leaderEpoch) return ErrorCode.FENCED_LEADER_EPOCH;
  if (currentLeaderEpoch > partition.leaderEpoch) return ErrorCode.UNKNOWN_LEADER_EPOCH;
  return ErrorCode.NONE;
}

export function readPartition(
  partition: Partition,
  request: FetchInput,
  input: FetchPartitionInput,
  maxBytes: number,
  minOneMessage: boolean,
): PartitionRead {
  // Errors still carry the offsets a fetcher needs to recover (an out-of-range follower
  // restarts at the leader's log start).
  const fail = (code: ErrorCode): PartitionRead => ({
    result: {
      ...errorResult(input, code, { leaderId: partition.leaderId, leaderEpoch: partition.leaderEpoch }),
      ...(partition.isLeader
        ? { highWatermark: partition.log.highWatermark, logStartOffset: partition.log.logStartOffset }
        : {}),
    },
    bytes: 0,
  });
  const epochError = checkLeaderEpoch(partition, input.currentLeaderEpoch);
  if (epochError !== ErrorCode.NONE) return fail(epochError);
  if (!partition.isLeader) return fail(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  const replicaId = request.replicaId;
  const isFollower = replicaId >= 0;
  if (isFollower && !partition.replicas.includes(replicaId as BrokerId))
    return fail(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  const log = partition.log;
  if (input.fetchOffset < log.logStartOffset) return fail(ErrorCode.OFFSET_OUT_OF_RANGE);
  const base = {
    tp: input.tp,
    errorCode: ErrorCode.NONE,
    currentLeader: null,
    preferredReadReplica: -1 as const,
  };
  if (input.lastFetchedEpoch >= 0) {
    const end = leaderEndOffsetForEpoch(partition, input.lastFetchedEpoch);
    if (end.epoch === -1 || end.endOffset === -1) return fail(ErrorCode.OFFSET_OUT_OF_RANGE);
    if (end.epoch < input.lastFetchedEpoch || end.endOffset < input.fetchOffset) {
      return {
        result: {
          ...base,
          highWatermark: log.highWatermark,
          lastStableOffset: log.lastStableOffset,
          logStartOffset: log.logStartOffset,
          abortedTransactions: null,
          records: [],
          divergingEpoch: { epoch: asLeaderEpoch(end.epoch), endOffset: asOffset(end.endOffset) },
        },
        bytes: 0,
      };
    }
  }
  // Checked after divergence: a replica ahead of this log must learn where to truncate.
  if (input.fetchOffset > log.logEndOffset) return fail(ErrorCode.OFFSET_OUT_OF_RANGE);
  const readCommitted = !isFollower && request.isolationLevel === IsolationLevel.READ_COMMITTED;
  const bound = isFollower ? log.logEndOffset : readCommitted ? log.lastStableOffset : log.highWatermark;
  const leaderEnd = log.logEndOffset;
  let records: readonly Buffer[] = [];
  let bytes = 0;
  if (input.fetchOffset < bound && maxBytes > 0) {
    try {
      const data = log.read(input.fetchOffset, Math.min(input.partitionMaxBytes, maxBytes), {
        maxOffset: bound,
        minOneMessage,
      });
      records = data.records;
      bytes = data.sizeInBytes;
    } catch (err) {
      if (err instanceof KafkaError) return fail(err.code);
      throw err;
    }
  }
  const abortedTransactions = readCommitted
    ? log
        .collectAbortedTransactions(input.fetchOffset, bound)
        .map((txn) => ({ producerId: txn.producerId, firstOffset: txn.firstOffset }))
    : null;
  if (isFollower) {
    partition.updateFollowerFetchState(
      replicaId as BrokerId,
      input.fetchOffset,
      input.logStartOffset,
      leaderEnd,
    );
  }
  return {
    result: {
      ...base,
      highWatermark: log.highWatermark,
      lastStableOffset: log.lastStableOffset,
      logStartOffset: log.logStartOffset,
      abortedTransactions,
      records,
      divergingEpoch: null,
    },
    bytes,
  };
}
