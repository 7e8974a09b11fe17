/**
 * A transaction coordinator alone, for step-by-step tests: its __transaction_state partitions in
 * memory (what was appended is what loads), a manual clock, a producer id allocator, and
 * partition leaders that answer WriteTxnMarkers as the test says.
 */
import { silentLogger } from '../../../engine/broker/logger.js';
import { ManualScheduler } from '../../../engine/groups/scheduler.js';
import type { CoordinatorLog, LoadedBatch } from '../../../engine/groups/shard.js';
import type {
  WriteTxnMarkersRequest,
  WriteTxnMarkersResponse,
} from '../../../engine/protocol/apis/write-txn-markers.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import type { TransactionConfig } from '../../../engine/transactions/config.js';
import { TransactionCoordinator } from '../../../engine/transactions/coordinator.js';
import { asBrokerId, type BrokerId } from '../../../engine/types.js';

export const config: TransactionConfig = {
  stateLogNumPartitions: 1,
  stateLogReplicationFactor: 1,
  stateLogSegmentBytes: 1 << 20,
  stateLogLoadBufferSize: 1 << 20,
  stateLogWriteTimeoutMs: 5000,
  maxTimeoutMs: 60_000,
  abortTimedOutCheckIntervalMs: 1000,
  idExpirationMs: 60_000,
  removeExpiredCheckIntervalMs: 10_000,
  markerRequestTimeoutMs: 5000,
  markerRetryBackoffMs: 100,
  offsetsTopicNumPartitions: 10,
};

/** One partition of __transaction_state in memory; `failWith` makes the next appends fail. */
export class MemoryLog implements CoordinatorLog {
  readonly batches: LoadedBatch[] = [];
  failWith: ErrorCode | null = null;
  async append(records: LoadedBatch['records']): Promise<ErrorCode> {
    if (this.failWith !== null) return this.failWith;
    this.batches.push({ isControl: false, isTransactional: false, producerId: -1n, records });
    return ErrorCode.NONE;
  }
  async *readAll(): AsyncIterable<LoadedBatch> {
    yield* [...this.batches];
  }
}

export interface SentMarkers {
  readonly to: BrokerId;
  readonly request: WriteTxnMarkersRequest;
  answer(code?: ErrorCode): void;
  fail(): void;
}

/** Partition leaders: every request waits in `sent` until the test answers it (or `autoAnswer`). */
export class FakeLeaders {
  readonly sent: SentMarkers[] = [];
  autoAnswer: ErrorCode | null = ErrorCode.NONE;
  /** Topics that do not exist (their partitions need no marker). */
  readonly deleted = new Set<string>();

  send = (to: BrokerId, request: WriteTxnMarkersRequest): Promise<WriteTxnMarkersResponse> =>
    new Promise((resolve, reject) => {
      const answer = (code: ErrorCode = ErrorCode.NONE): void =>
        resolve({
          markers: request.markers.map((m) => ({
            producerId: m.producerId,
            topics: m.topics.map((t) => ({
              name: t.name,
              partitions: t.partitionIndexes.map((partitionIndex) => ({ partitionIndex, errorCode: code })),
            })),
          })),
        });
      if (this.autoAnswer !== null) answer(this.autoAnswer);
      else this.sent.push({ to, request, answer, fail: () => reject(new Error('disconnected')) });
    });

  leaderOf = (tp: { topic: string }): BrokerId | undefined =>
    this.deleted.has(tp.topic) ? undefined : asBrokerId(1);
}

export function coordinatorOn(
  log: MemoryLog,
  scheduler: ManualScheduler,
  leaders: FakeLeaders,
  options: { epoch?: number; firstProducerId?: bigint } = {},
): TransactionCoordinator {
  let nextProducerId = options.firstProducerId ?? 1000n;
  const coordinator = new TransactionCoordinator({
    brokerId: asBrokerId(1),
    config,
    scheduler,
    partitions: { led: () => new Map([[0, options.epoch ?? 5]]), log: () => log },
    createStateTopic: async () => {},
    allocateProducerId: async () => ({
      errorCode: ErrorCode.NONE,
      producerId: nextProducerId++,
      producerEpoch: 0,
    }),
    sendMarkers: leaders.send,
    leaderOf: leaders.leaderOf,
    logger: silentLogger,
  });
  coordinator.reconcile();
  return coordinator;
}

/** Lets pending promise chains (writes, marker rounds) run to their next wait. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

export { ManualScheduler };
