/**
 * A leader's side of Produce (Kafka's ReplicaManager.appendRecords and its delayed produce):
 * appends in call order, then for acks=all a wait in the purgatory until the high watermark
 * passes the records, the ISR falls below `min.insync.replicas`, leadership moves, or the
 * request times out.
 *
 * Most appends happen synchronously inside the call. One waits its turn in the append queue
 * (and so does every append after it) when the topic's `compression.type` makes its batches be
 * recompressed first, or while the disk is slow: see append-queue.ts.
 */
import type { AppendInput, PartitionAppendResult, PartitionFetchResult } from '../../broker/services.js';
import { ErrorCode, KafkaError } from '../../protocol/errors.js';
import { applyTopicCompression, levelsOf } from '../../records/recompress.js';
import type { DiskHooks } from '../../storage/disk-hooks.js';
import { topicPartitionKey, type TopicPartition } from '../../types.js';
import { AppendQueue, diskDelay } from './append-queue.js';
import type { Partition } from './partition.js';
import type { Lookup } from './partition-queries.js';
import { Purgatory } from './purgatory.js';

export interface LeaderAppendsDeps {
  readonly disk: DiskHooks;
  /** The replica of `tp` this broker hosts, if any. */
  hosted(tp: TopicPartition): Partition | undefined;
  /** The hosted replica, else the error a request about `tp` gets. */
  lookup(tp: TopicPartition): Lookup;
  /** The leader this broker knows of, for NOT_LEADER_OR_FOLLOWER answers. */
  currentLeader(tp: TopicPartition): PartitionFetchResult['currentLeader'];
  /** Something happened to `tp`: waiting requests may complete. */
  wake(tp: TopicPartition): void;
  isStopped(): boolean;
}

type AppendEntry = AppendInput['entries'][number];

interface AppendOutcome {
  result: PartitionAppendResult;
  partition: Partition | null;
  requiredOffset: number;
}

export class LeaderAppends {
  /** acks=all produces waiting for the high watermark, keyed by partition. */
  readonly purgatory = new Purgatory();
  private readonly queue = new AppendQueue();

  constructor(private readonly deps: LeaderAppendsDeps) {}

  appendRecords(input: AppendInput): Promise<PartitionAppendResult[]> {
    const appendNow =
      this.queue.idle &&
      this.deps.disk.latencyMs() === 0 &&
      !input.entries.some((entry) => this.compressionFor(entry.tp) !== null);
    const outcomes = appendNow
      ? Promise.resolve(input.entries.map((entry) => this.appendToLocalLog(entry, entry.records, input)))
      : this.queue.enqueue(() => this.appendInTurn(input));
    if (input.acks !== -1) return outcomes.then((done) => done.map((o) => o.result));
    return outcomes.then((done) => this.awaitReplication(done, input.timeoutMs));
  }

  /** The queued path: recompress for the topic, hold the slow disk, then append. */
  private async appendInTurn(input: AppendInput): Promise<AppendOutcome[]> {
    const prepared = await Promise.all(input.entries.map((entry) => this.recompress(entry)));
    const latency = this.deps.disk.latencyMs();
    if (latency > 0) await diskDelay(latency);
    return input.entries.map((entry, i) => {
      const records = prepared[i] as Buffer | AppendOutcome;
      return Buffer.isBuffer(records) ? this.appendToLocalLog(entry, records, input) : records;
    });
  }

  /** The topic's compression.type when it is not `producer` and this broker leads the partition. */
  private compressionFor(tp: TopicPartition): string | null {
    const partition = this.deps.hosted(tp);
    if (!partition?.isLeader) return null;
    const type = partition.log.config.compressionType;
    return type === 'producer' ? null : type;
  }

  /** The entry's batches in the topic's codec; a record set that cannot be decoded is refused here. */
  private async recompress(entry: AppendEntry): Promise<Buffer | AppendOutcome> {
    const type = this.compressionFor(entry.tp);
    if (type === null) return entry.records;
    const partition = this.deps.hosted(entry.tp) as Partition;
    try {
      return await applyTopicCompression(entry.records, type, levelsOf(partition.log.config));
    } catch (err) {
      const error = err instanceof KafkaError ? err : null;
      return failedAppend(
        entry.tp,
        error?.code ?? ErrorCode.CORRUPT_MESSAGE,
        `cannot recompress the record set as ${type}: ${(err as Error).message}`,
      );
    }
  }

  private appendToLocalLog(entry: AppendEntry, records: Buffer, input: AppendInput): AppendOutcome {
    const { tp } = entry;
    const lookup = this.deps.lookup(tp);
    if (!lookup.partition)
      return failedAppend(tp, lookup.errorCode, null, { currentLeader: this.deps.currentLeader(tp) });
    const partition = lookup.partition;
    if (
      this.deps.isStopped() ||
      (entry.leaderEpoch !== undefined && entry.leaderEpoch !== partition.leaderEpoch)
    )
      return failedAppend(tp, ErrorCode.NOT_LEADER_OR_FOLLOWER, null, {
        currentLeader: this.deps.currentLeader(tp),
      });
    try {
      const info = partition.appendRecordsToLeader(records, input.acks, input.origin);
      this.deps.wake(tp);
      return {
        result: {
          tp,
          errorCode: ErrorCode.NONE,
          errorMessage: null,
          baseOffset: info.firstOffset,
          logAppendTime: info.logAppendTime,
          logStartOffset: info.logStartOffset,
          recordErrors: [],
          currentLeader: null,
        },
        partition,
        requiredOffset: info.lastOffset + 1,
      };
    } catch (err) {
      if (!(err instanceof KafkaError)) throw err;
      const batchIndex = (err as { batchIndex?: number }).batchIndex ?? -1;
      return failedAppend(tp, err.code, err.message, {
        recordErrors: batchIndex >= 0 ? [{ batchIndex, message: err.message }] : [],
        currentLeader: err.code === ErrorCode.NOT_LEADER_OR_FOLLOWER ? this.deps.currentLeader(tp) : null,
      });
    }
  }

  private awaitReplication(outcomes: AppendOutcome[], timeoutMs: number): Promise<PartitionAppendResult[]> {
    const waiting = new Set(outcomes.filter((o) => o.partition !== null));
    const results = (): PartitionAppendResult[] => outcomes.map((o) => o.result);
    const check = (): boolean => {
      for (const outcome of [...waiting]) {
        const current = this.deps.hosted(outcome.result.tp);
        const code =
          current === outcome.partition
            ? (outcome.partition as Partition).checkEnoughReplicasReachOffset(outcome.requiredOffset)
            : ErrorCode.NOT_LEADER_OR_FOLLOWER;
        if (code === null) continue;
        waiting.delete(outcome);
        if (code !== ErrorCode.NONE)
          outcome.result = { ...outcome.result, errorCode: code, errorMessage: null };
      }
      return waiting.size === 0;
    };
    if (check()) return Promise.resolve(results());
    if (this.deps.isStopped()) {
      // A stopping broker can no longer see its followers catch up: never acknowledge what it
      // cannot prove replicated.
      for (const outcome of waiting)
        outcome.result = { ...outcome.result, errorCode: ErrorCode.REQUEST_TIMED_OUT, errorMessage: null };
      return Promise.resolve(results());
    }
    return new Promise((resolve) => {
      this.purgatory.watch(
        {
          tryComplete: () => {
            if (!check()) return false;
            resolve(results());
            return true;
          },
          expire: () => {
            check();
            for (const outcome of waiting) {
              outcome.result = {
                ...outcome.result,
                errorCode: ErrorCode.REQUEST_TIMED_OUT,
                errorMessage: null,
              };
            }
            resolve(results());
          },
        },
        [...waiting].map((o) => topicPartitionKey(o.result.tp)),
        Math.max(0, timeoutMs),
      );
    });
  }
}

function failedAppend(
  tp: TopicPartition,
  errorCode: ErrorCode,
  errorMessage: string | null,
  extra: Partial<PartitionAppendResult> = {},
): AppendOutcome {
  return {
    result: {
      tp,
      errorCode,
      errorMessage,
      baseOffset: -1,
      logAppendTime: -1,
      logStartOffset: -1,
      recordErrors: [],
      currentLeader: null,
      ...extra,
    },
    partition: null,
    requiredOffset: -1,
  };
}
