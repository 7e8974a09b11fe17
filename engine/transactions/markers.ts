/**
 * Writing a decided transaction's markers (Kafka's TransactionMarkerChannelManager): one
 * WriteTxnMarkers request per partition leader, carrying the producer id, its epoch, the outcome
 * and the coordinator epoch; the leader appends a COMMIT or ABORT control batch to each
 * partition. Partitions whose leader is unknown, moving or not answering are tried again after a
 * backoff until every one has its marker, the coordinator loses the id's partition (the next
 * coordinator loads PrepareCommit/PrepareAbort and sends them again) or a partition says this
 * coordinator was fenced. A partition whose topic no longer exists needs no marker.
 *
 * Per-partition errors, as Kafka's TransactionMarkerRequestCompletionHandler treats them:
 *   NONE                                           written
 *   NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS(_AFTER_APPEND),
 *   REQUEST_TIMED_OUT, KAFKA_STORAGE_ERROR, COORDINATOR_LOAD_IN_PROGRESS, ...   try again
 *   INVALID_PRODUCER_EPOCH, TRANSACTION_COORDINATOR_FENCED                      stop: fenced
 *   UNSUPPORTED_FOR_MESSAGE_FORMAT, UNSUPPORTED_VERSION                          skipped
 */
import type { BrokerLogger } from '../broker/logger.js';
import type { Scheduler } from '../groups/scheduler.js';
import type { WriteTxnMarkersRequest, WriteTxnMarkersResponse } from '../protocol/apis/write-txn-markers.js';
import { ErrorCode } from '../protocol/errors.js';
import type { BrokerId, TopicPartition } from '../types.js';

/** Sends WriteTxnMarkers v1 to a broker; rejects when the broker cannot be reached. */
export type MarkerSender = (
  brokerId: BrokerId,
  request: WriteTxnMarkersRequest,
  timeoutMs: number,
) => Promise<WriteTxnMarkersResponse>;

/** The leader of a partition: -1 while it has none, undefined when the partition does not exist. */
export type LeaderLookup = (tp: TopicPartition) => BrokerId | -1 | undefined;

export interface MarkerJob {
  readonly transactionalId: string;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly commit: boolean;
  readonly coordinatorEpoch: number;
  readonly partitions: readonly TopicPartition[];
  /** Whether this coordinator still owns the id (checked before every round). */
  readonly stillOwned: () => boolean;
  /** Called for each partition once it has its marker (or needs none). */
  readonly written: (tp: TopicPartition) => void;
}

export interface MarkerDeps {
  readonly send: MarkerSender;
  readonly leaderOf: LeaderLookup;
  readonly scheduler: Scheduler;
  readonly requestTimeoutMs: number;
  readonly retryBackoffMs: number;
  readonly logger: BrokerLogger;
}

const FENCED = new Set<number>([ErrorCode.INVALID_PRODUCER_EPOCH, ErrorCode.TRANSACTION_COORDINATOR_FENCED]);
const SKIPPED = new Set<number>([ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, ErrorCode.UNSUPPORTED_VERSION]);

/**
 * Writes the job's markers; resolves true once every partition has one, false when the
 * coordinator lost the id or was fenced on the way (the transaction is then not completed here).
 */
export async function writeMarkers(job: MarkerJob, deps: MarkerDeps): Promise<boolean> {
  let remaining = [...job.partitions];
  for (;;) {
    if (!job.stillOwned()) return false;
    const byLeader = new Map<BrokerId, TopicPartition[]>();
    const waiting: TopicPartition[] = [];
    for (const tp of remaining) {
      const leader = deps.leaderOf(tp);
      if (leader === undefined) job.written(tp);
      else if (leader === -1) waiting.push(tp);
      else byLeader.set(leader, [...(byLeader.get(leader) ?? []), tp]);
    }
    const rounds = await Promise.all([...byLeader].map(([leader, tps]) => sendTo(leader, tps, job, deps)));
    if (rounds.some((round) => round === 'fenced')) return false;
    remaining = [...waiting, ...rounds.flatMap((round) => (round === 'fenced' ? [] : round))];
    if (remaining.length === 0) return job.stillOwned();
    await sleep(deps.scheduler, deps.retryBackoffMs);
  }
}

/** One request to one leader: the partitions to try again, or 'fenced'. */
async function sendTo(
  leader: BrokerId,
  tps: readonly TopicPartition[],
  job: MarkerJob,
  deps: MarkerDeps,
): Promise<TopicPartition[] | 'fenced'> {
  const topics = new Map<string, number[]>();
  for (const tp of tps) topics.set(tp.topic, [...(topics.get(tp.topic) ?? []), tp.partition]);
  const request: WriteTxnMarkersRequest = {
    markers: [
      {
        producerId: job.producerId,
        producerEpoch: job.producerEpoch,
        transactionResult: job.commit,
        topics: [...topics].map(([name, partitionIndexes]) => ({ name, partitionIndexes })),
        coordinatorEpoch: job.coordinatorEpoch,
        transactionVersion: 0,
      },
    ],
  };
  let response: WriteTxnMarkersResponse;
  try {
    response = await deps.send(leader, request, deps.requestTimeoutMs);
  } catch {
    // The leader is down or cut off: its partitions get a new leader, or it comes back.
    return [...tps];
  }
  const codes = new Map<string, number>();
  for (const marker of response.markers) {
    for (const topic of marker.topics) {
      for (const p of topic.partitions) codes.set(`${topic.name}\u0000${p.partitionIndex}`, p.errorCode);
    }
  }
  const retry: TopicPartition[] = [];
  for (const tp of tps) {
    const code = codes.get(`${tp.topic}\u0000${tp.partition}`) ?? ErrorCode.UNKNOWN_SERVER_ERROR;
    if (code === ErrorCode.NONE || SKIPPED.has(code)) job.written(tp);
    else if (FENCED.has(code)) {
      deps.logger.warn(
        `markers of ${job.transactionalId} refused by ${tp.topic}-${tp.partition} (error ${code}): this coordinator was fenced`,
      );
      return 'fenced';
    } else retry.push(tp);
  }
  return retry;
}

function sleep(scheduler: Scheduler, ms: number): Promise<void> {
  return new Promise((resolve) => scheduler.schedule(ms, resolve));
}
