/**
 * One broker's transaction coordinator (Kafka's TransactionCoordinator, transaction protocol
 * version 0): it serves the transactional ids of the __transaction_state partitions this broker
 * leads, one shard per partition, loaded and unloaded by `reconcile` as leadership moves (the
 * group coordinator's pattern). A shard that loads an id in PrepareCommit or PrepareAbort sends
 * its markers again and completes it: that is how a decided transaction survives the loss of
 * its coordinator.
 *
 * A transaction's life: InitProducerId (Empty, epoch bumped) → AddPartitionsToTxn /
 * AddOffsetsToTxn (Ongoing) → EndTxn (PrepareCommit or PrepareAbort written; the producer is
 * answered) → markers written to every partition → CompleteCommit or CompleteAbort written. An
 * InitProducerId while a transaction is Ongoing fences it: the epoch is bumped, the transaction
 * aborted with the new epoch, and the caller told CONCURRENT_TRANSACTIONS until the abort is
 * complete (it retries and gets the epoch after). A transaction open longer than its timeout is
 * aborted the same way, so its producer finds itself fenced. An id without an open transaction
 * that has not changed for transactional.id.expiration.ms is removed (a tombstone in the log).
 */
import type { BrokerLogger } from '../broker/logger.js';
import type { OffsetsPartitions } from '../groups/coordinator.js';
import { offsetsPartitionFor } from '../groups/partitioner.js';
import type { Cancel, Scheduler } from '../groups/scheduler.js';
import { ErrorCode } from '../protocol/errors.js';
import type { BrokerId, TopicPartition } from '../types.js';
import { GROUP_METADATA_TOPIC_NAME } from '../broker/internal-topics.js';
import {
  partitionKey,
  type DescribedTransaction,
  type InitProducerIdInput,
  type ListTransactionsInput,
  type ListTransactionsResult,
  type ProducerIdAndEpoch,
  type TransactionCoordinatorService,
  type TxnProducer,
} from './api.js';
import type { TransactionConfig } from './config.js';
import { type LeaderLookup, type MarkerSender, writeMarkers } from './markers.js';
import { joinPartitions, MAX_PRODUCER_EPOCH, TransactionMetadata } from './metadata.js';
import type { TransactionLogValue } from './records.js';
import { TransactionShard } from './shard.js';
import { TxnState, txnStateName, txnStateNamed } from './state.js';

export interface TransactionCoordinatorDeps {
  readonly brokerId: BrokerId;
  readonly config: TransactionConfig;
  readonly scheduler: Scheduler;
  /** The partitions of __transaction_state this broker leads, and their logs. */
  readonly partitions: OffsetsPartitions;
  /** Asks the controller to create __transaction_state. */
  readonly createStateTopic: () => Promise<void>;
  /** A new producer id from the cluster's blocks (the idempotent producer's allocator). */
  readonly allocateProducerId: () => Promise<ProducerIdAndEpoch>;
  readonly sendMarkers: MarkerSender;
  readonly leaderOf: LeaderLookup;
  readonly logger: BrokerLogger;
}

/** A transactional id as the engine's own views show it (the console). */
export interface LocalTransaction extends DescribedTransaction {
  readonly txnPartition: number;
  readonly coordinatorEpoch: number;
}

export class TransactionCoordinator implements TransactionCoordinatorService {
  private readonly shards = new Map<number, TransactionShard>();
  private creatingTopic: Promise<void> | null = null;
  private timeoutTimer: Cancel | null = null;
  private expiryTimer: Cancel | null = null;
  private stopped = false;

  constructor(private readonly deps: TransactionCoordinatorDeps) {
    this.scheduleTimeoutCheck();
    this.scheduleExpiry();
  }

  // --- leadership ----------------------------------------------------------------------------

  /** Loads and unloads shards to match the __transaction_state partitions this broker leads. */
  reconcile(): void {
    if (this.stopped) return;
    const led = this.deps.partitions.led();
    for (const [partition, shard] of [...this.shards]) {
      if (led.get(partition) !== shard.epoch) this.unload(partition);
    }
    for (const [partition, epoch] of led) {
      if (!this.shards.has(partition)) this.load(partition, epoch);
    }
  }

  private load(partition: number, epoch: number): void {
    const shard = new TransactionShard(partition, epoch, this.deps.partitions.log(partition, epoch));
    this.shards.set(partition, shard);
    shard.load().then(
      () => {
        if (this.shards.get(partition) !== shard || shard.state !== 'active') return;
        // A decided transaction whose markers the previous coordinator may not have finished.
        for (const txn of shard.transactions.values()) {
          if (txn.isPreparing) this.completeTransaction(shard, txn);
        }
      },
      (error: unknown) => {
        this.deps.logger.error(`loading the transactions of __transaction_state-${partition} failed`, error);
        shard.close();
      },
    );
  }

  private unload(partition: number): void {
    const shard = this.shards.get(partition);
    if (shard === undefined) return;
    this.shards.delete(partition);
    shard.close();
  }

  /** Unloads everything; later requests answer COORDINATOR_NOT_AVAILABLE. */
  shutdown(): void {
    this.stopped = true;
    this.timeoutTimer?.();
    this.timeoutTimer = null;
    this.expiryTimer?.();
    this.expiryTimer = null;
    for (const partition of [...this.shards.keys()]) this.unload(partition);
  }

  private scheduleTimeoutCheck(): void {
    this.timeoutTimer = this.deps.scheduler.schedule(this.deps.config.abortTimedOutCheckIntervalMs, () => {
      this.abortTimedOutTransactions();
      if (!this.stopped) this.scheduleTimeoutCheck();
    });
  }

  /** Aborts, with a bumped epoch, every open transaction older than its timeout. */
  abortTimedOutTransactions(): void {
    const now = this.deps.scheduler.now();
    for (const shard of this.shards.values()) {
      if (shard.state !== 'active') continue;
      for (const txn of shard.transactions.values()) {
        if (txn.state !== TxnState.ONGOING || txn.pending !== null) continue;
        if (txn.startTimestampMs + txn.timeoutMs >= now) continue;
        this.deps.logger.warn(
          `aborting the transaction of ${txn.transactionalId} (producer ${txn.producerId}, epoch ` +
            `${txn.producerEpoch}): open longer than its timeout of ${txn.timeoutMs} ms`,
        );
        void this.fenceAndAbort(shard, txn);
      }
    }
  }

  private scheduleExpiry(): void {
    this.expiryTimer = this.deps.scheduler.schedule(this.deps.config.removeExpiredCheckIntervalMs, () => {
      void this.removeExpiredIds().finally(() => {
        if (!this.stopped) this.scheduleExpiry();
      });
    });
  }

  /**
   * Removes every id that has no open transaction and has not changed for
   * transactional.id.expiration.ms: its tombstone is written, then it is forgotten (a producer
   * that comes back later starts afresh with a new producer id).
   */
  async removeExpiredIds(): Promise<void> {
    const now = this.deps.scheduler.now();
    const settled = new Set<number>([TxnState.EMPTY, TxnState.COMPLETE_COMMIT, TxnState.COMPLETE_ABORT]);
    for (const shard of [...this.shards.values()]) {
      if (shard.state !== 'active') continue;
      for (const txn of [...shard.transactions.values()]) {
        if (txn.pending !== null || !settled.has(txn.state)) continue;
        if (txn.lastUpdateTimestampMs + this.deps.config.idExpirationMs > now) continue;
        txn.pending = TxnState.DEAD;
        const code = await shard.write(txn.transactionalId, null);
        txn.pending = null;
        if (code === ErrorCode.NONE && shard.transactions.get(txn.transactionalId) === txn) {
          txn.state = TxnState.DEAD;
          shard.transactions.delete(txn.transactionalId);
        }
      }
    }
  }

  // --- routing -------------------------------------------------------------------------------

  txnPartitionFor(transactionalId: string): number {
    return offsetsPartitionFor(transactionalId, this.deps.config.stateLogNumPartitions);
  }

  createStateTopic(): Promise<void> {
    this.creatingTopic ??= this.deps.createStateTopic().finally(() => {
      this.creatingTopic = null;
    });
    return this.creatingTopic;
  }

  /** The shard serving an id, or the error to answer (Kafka's getTransactionState checks). */
  private route(transactionalId: string): TransactionShard | ErrorCode {
    if (transactionalId === '') return ErrorCode.INVALID_REQUEST;
    if (this.stopped) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const shard = this.shards.get(this.txnPartitionFor(transactionalId));
    if (shard === undefined || shard.state === 'closed') return ErrorCode.NOT_COORDINATOR;
    if (shard.state === 'loading') return ErrorCode.COORDINATOR_LOAD_IN_PROGRESS;
    return shard;
  }

  /** The id's metadata for a request naming its producer, or the error to answer. */
  private producerTxn(
    producer: TxnProducer,
  ): { shard: TransactionShard; txn: TransactionMetadata } | ErrorCode {
    const shard = this.route(producer.transactionalId);
    if (typeof shard === 'number') return shard;
    const txn = shard.transactions.get(producer.transactionalId);
    if (txn === undefined || txn.producerId !== producer.producerId)
      return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (txn.producerEpoch !== producer.producerEpoch) return ErrorCode.PRODUCER_FENCED;
    if (txn.pending !== null) return ErrorCode.CONCURRENT_TRANSACTIONS;
    return { shard, txn };
  }

  /**
   * Writes the id's next state and adopts it once replicated. While the write is in flight the
   * id is pending; if the shard changed meanwhile the answer is NOT_COORDINATOR.
   */
  private async transition(
    shard: TransactionShard,
    txn: TransactionMetadata,
    value: TransactionLogValue,
  ): Promise<ErrorCode> {
    txn.pending = value.state;
    const code = await shard.write(txn.transactionalId, value);
    txn.pending = null;
    if (shard.state !== 'active' || shard.transactions.get(txn.transactionalId) !== txn)
      return ErrorCode.NOT_COORDINATOR;
    if (code === ErrorCode.NONE) txn.adopt(value);
    return code;
  }

  // --- the transaction APIs ------------------------------------------------------------------

  async initProducerId(input: InitProducerIdInput): Promise<ProducerIdAndEpoch> {
    const failed = (errorCode: ErrorCode): ProducerIdAndEpoch => ({
      errorCode,
      producerId: -1n,
      producerEpoch: -1,
    });
    if (input.transactionalId === '') return failed(ErrorCode.INVALID_REQUEST);
    if (input.transactionTimeoutMs <= 0 || input.transactionTimeoutMs > this.deps.config.maxTimeoutMs)
      return failed(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    const routed = this.route(input.transactionalId);
    if (typeof routed === 'number') return failed(routed);
    if (!routed.transactions.has(input.transactionalId)) {
      const allocated = await this.deps.allocateProducerId();
      if (allocated.errorCode !== ErrorCode.NONE) return failed(allocated.errorCode);
      const shard = this.route(input.transactionalId);
      if (typeof shard === 'number') return failed(shard);
      if (!shard.transactions.has(input.transactionalId)) {
        const now = this.deps.scheduler.now();
        shard.transactions.set(
          input.transactionalId,
          new TransactionMetadata(
            input.transactionalId,
            allocated.producerId,
            -1,
            input.transactionTimeoutMs,
            TxnState.EMPTY,
            -1,
            now,
          ),
        );
      }
    }
    const shard = this.route(input.transactionalId);
    if (typeof shard === 'number') return failed(shard);
    const txn = shard.transactions.get(input.transactionalId)!;
    if (txn.pending !== null) return failed(ErrorCode.CONCURRENT_TRANSACTIONS);
    if (input.producerId !== -1n && !isExpectedProducer(txn, input)) return failed(ErrorCode.PRODUCER_FENCED);
    switch (txn.state) {
      case TxnState.PREPARE_COMMIT:
      case TxnState.PREPARE_ABORT:
      case TxnState.PREPARE_EPOCH_FENCE:
      case TxnState.DEAD:
        return failed(ErrorCode.CONCURRENT_TRANSACTIONS);
      case TxnState.ONGOING:
        // Fence the producer of the open transaction and abort it; the caller retries once done.
        void this.fenceAndAbort(shard, txn);
        return failed(ErrorCode.CONCURRENT_TRANSACTIONS);
      default:
        return this.bumpEpoch(shard, txn, input);
    }
  }

  /** Empty or complete: the next epoch (or, when exhausted, a new producer id at epoch 0). */
  private async bumpEpoch(
    shard: TransactionShard,
    txn: TransactionMetadata,
    input: InitProducerIdInput,
  ): Promise<ProducerIdAndEpoch> {
    let producerId = txn.producerId;
    let producerEpoch: number;
    const current = {
      errorCode: ErrorCode.NONE,
      producerId: txn.producerId,
      producerEpoch: txn.producerEpoch,
    };
    const named = input.producerId !== -1n;
    // A retry after a producer id rotation whose answer was lost gets the new id.
    if (named && txn.producerEpoch !== -1 && input.producerId !== txn.producerId) return current;
    if (named && txn.producerEpoch !== -1 && input.producerEpoch !== txn.producerEpoch) {
      // A retry of the bump it named: the producer gets what it was given.
      if (input.producerEpoch === txn.lastProducerEpoch) return current;
      return { errorCode: ErrorCode.PRODUCER_FENCED, producerId: -1n, producerEpoch: -1 };
    }
    const previous = { producerId: txn.producerId, producerEpoch: named ? txn.producerEpoch : -1 };
    if (txn.producerEpoch >= MAX_PRODUCER_EPOCH - 1) {
      const allocated = await this.deps.allocateProducerId();
      if (allocated.errorCode !== ErrorCode.NONE) return { ...allocated, producerId: -1n, producerEpoch: -1 };
      if (txn.pending !== null)
        return { errorCode: ErrorCode.CONCURRENT_TRANSACTIONS, producerId: -1n, producerEpoch: -1 };
      producerId = allocated.producerId;
      producerEpoch = 0;
    } else {
      producerEpoch = txn.producerEpoch + 1;
    }
    const code = await this.transition(
      shard,
      txn,
      txn.next({
        producerId,
        producerEpoch,
        transactionTimeoutMs: input.transactionTimeoutMs,
        state: TxnState.EMPTY,
        partitions: [],
        startTimestampMs: -1,
        lastUpdateTimestampMs: this.deps.scheduler.now(),
      }),
    );
    if (code !== ErrorCode.NONE) return { errorCode: code, producerId: -1n, producerEpoch: -1 };
    txn.lastProducerId = previous.producerId;
    txn.lastProducerEpoch = previous.producerEpoch;
    return { errorCode: code, producerId, producerEpoch };
  }

  async addPartitions(producer: TxnProducer, partitions: readonly TopicPartition[]): Promise<ErrorCode> {
    const found = this.producerTxn(producer);
    if (typeof found === 'number') return found;
    const { shard, txn } = found;
    if (txn.isPreparing || txn.state === TxnState.PREPARE_EPOCH_FENCE)
      return ErrorCode.CONCURRENT_TRANSACTIONS;
    if (txn.state === TxnState.DEAD) return ErrorCode.INVALID_TXN_STATE;
    if (txn.state === TxnState.ONGOING && partitions.every((tp) => txn.has(tp))) return ErrorCode.NONE;
    const now = this.deps.scheduler.now();
    const opening = txn.state !== TxnState.ONGOING;
    return this.transition(
      shard,
      txn,
      txn.next({
        state: TxnState.ONGOING,
        // A transaction that just opened starts with these partitions only.
        partitions: joinPartitions(opening ? [] : txn.partitionList(), partitions),
        startTimestampMs: opening ? now : txn.startTimestampMs,
        lastUpdateTimestampMs: now,
      }),
    );
  }

  async verifyPartitions(
    producer: TxnProducer,
    partitions: readonly TopicPartition[],
  ): Promise<ErrorCode | ReadonlyMap<string, ErrorCode>> {
    const shard = this.route(producer.transactionalId);
    if (typeof shard === 'number') return shard;
    const txn = shard.transactions.get(producer.transactionalId);
    if (txn === undefined || txn.producerId !== producer.producerId)
      return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (txn.producerEpoch !== producer.producerEpoch) return ErrorCode.PRODUCER_FENCED;
    const open = txn.state === TxnState.ONGOING;
    return new Map(
      partitions.map((tp) => [
        partitionKey(tp),
        open && txn.has(tp) ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE,
      ]),
    );
  }

  addOffsets(producer: TxnProducer, groupId: string): Promise<ErrorCode> {
    const partition = offsetsPartitionFor(groupId, this.deps.config.offsetsTopicNumPartitions);
    return this.addPartitions(producer, [{ topic: GROUP_METADATA_TOPIC_NAME, partition }]);
  }

  async endTransaction(producer: TxnProducer, commit: boolean): Promise<ErrorCode> {
    const found = this.producerTxn(producer);
    if (typeof found === 'number') return found;
    const { shard, txn } = found;
    switch (txn.state) {
      case TxnState.ONGOING:
        return this.prepare(shard, txn, commit, txn.producerEpoch);
      case TxnState.COMPLETE_COMMIT:
        // A retry of the EndTxn that completed it.
        return commit ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
      case TxnState.COMPLETE_ABORT:
        return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE;
      case TxnState.PREPARE_COMMIT:
        return commit ? ErrorCode.CONCURRENT_TRANSACTIONS : ErrorCode.INVALID_TXN_STATE;
      case TxnState.PREPARE_ABORT:
        return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.CONCURRENT_TRANSACTIONS;
      default:
        return ErrorCode.INVALID_TXN_STATE;
    }
  }

  /** Writes PrepareCommit or PrepareAbort (at `epoch`), then completes in the background. */
  private async prepare(
    shard: TransactionShard,
    txn: TransactionMetadata,
    commit: boolean,
    epoch: number,
  ): Promise<ErrorCode> {
    const code = await this.transition(
      shard,
      txn,
      txn.next({
        producerEpoch: epoch,
        state: commit ? TxnState.PREPARE_COMMIT : TxnState.PREPARE_ABORT,
        lastUpdateTimestampMs: this.deps.scheduler.now(),
      }),
    );
    if (code === ErrorCode.NONE) this.completeTransaction(shard, txn);
    return code;
  }

  /** Bumps the epoch of an open transaction's producer and aborts it with the new epoch. */
  private fenceAndAbort(shard: TransactionShard, txn: TransactionMetadata): Promise<ErrorCode> {
    const epoch = txn.producerEpoch < MAX_PRODUCER_EPOCH ? txn.producerEpoch + 1 : txn.producerEpoch;
    return this.prepare(shard, txn, false, epoch);
  }

  /** Writes the markers of a prepared transaction, then its Complete state. */
  private completeTransaction(shard: TransactionShard, txn: TransactionMetadata): void {
    const commit = txn.state === TxnState.PREPARE_COMMIT;
    const owned = () => shard.state === 'active' && shard.transactions.get(txn.transactionalId) === txn;
    // Another request would see the id as busy until the transaction is complete.
    txn.pending = txn.state;
    const partitions = txn
      .partitionList()
      .flatMap(({ topic, partitions }) => partitions.map((partition) => ({ topic, partition })));
    void writeMarkers(
      {
        transactionalId: txn.transactionalId,
        producerId: txn.producerId,
        producerEpoch: txn.producerEpoch,
        commit,
        coordinatorEpoch: shard.epoch,
        partitions,
        stillOwned: owned,
        written: (tp) => txn.markerWritten(tp),
      },
      {
        send: this.deps.sendMarkers,
        leaderOf: this.deps.leaderOf,
        scheduler: this.deps.scheduler,
        requestTimeoutMs: this.deps.config.markerRequestTimeoutMs,
        retryBackoffMs: this.deps.config.markerRetryBackoffMs,
        logger: this.deps.logger,
      },
    )
      .then(async (done) => {
        if (!done) return;
        txn.pending = null;
        const complete = txn.next({
          state: commit ? TxnState.COMPLETE_COMMIT : TxnState.COMPLETE_ABORT,
          partitions: [],
          lastUpdateTimestampMs: this.deps.scheduler.now(),
        });
        // The outcome is already decided and marked: keep writing until it sticks or the id moves.
        while (owned()) {
          const code = await this.transition(shard, txn, complete);
          if (code === ErrorCode.NONE || code === ErrorCode.NOT_COORDINATOR) return;
          txn.pending = complete.state;
          await new Promise<void>((resolve) =>
            this.deps.scheduler.schedule(this.deps.config.markerRetryBackoffMs, resolve),
          );
          txn.pending = null;
        }
      })
      .catch((error: unknown) => {
        this.deps.logger.error(`completing the transaction of ${txn.transactionalId} failed`, error);
      });
  }

  async describeTransactions(transactionalIds: readonly string[]): Promise<DescribedTransaction[]> {
    return transactionalIds.map((transactionalId) => {
      const shard = this.route(transactionalId);
      const txn = typeof shard === 'number' ? undefined : shard.transactions.get(transactionalId);
      if (typeof shard === 'number' || txn === undefined) {
        const errorCode = typeof shard === 'number' ? shard : ErrorCode.TRANSACTIONAL_ID_NOT_FOUND;
        return {
          transactionalId,
          errorCode,
          state: '',
          timeoutMs: -1,
          startTimeMs: -1,
          producerId: -1n,
          producerEpoch: -1,
          partitions: [],
        };
      }
      return describe(txn);
    });
  }

  async listTransactions(input: ListTransactionsInput): Promise<ListTransactionsResult> {
    const unknownStateFilters = input.states.filter((name) => txnStateNamed(name) === undefined);
    const states = new Set(input.states.flatMap((name) => txnStateNamed(name) ?? []));
    const producerIds = new Set(input.producerIds);
    let pattern: RegExp | null = null;
    if (input.transactionalIdPattern !== null && input.transactionalIdPattern !== '') {
      try {
        pattern = new RegExp(`^(?:${input.transactionalIdPattern})$`);
      } catch {
        return { errorCode: ErrorCode.INVALID_REQUEST, unknownStateFilters, transactions: [] };
      }
    }
    const now = this.deps.scheduler.now();
    const shards = [...this.shards.values()];
    if (shards.some((shard) => shard.state === 'loading'))
      return { errorCode: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, unknownStateFilters, transactions: [] };
    // Filters naming only unknown states match nothing, as in Kafka.
    if (input.states.length > 0 && states.size === 0)
      return { errorCode: ErrorCode.NONE, unknownStateFilters, transactions: [] };
    const transactions = shards
      .filter((shard) => shard.state === 'active')
      .flatMap((shard) => [...shard.transactions.values()])
      .filter(
        (txn) =>
          (states.size === 0 || states.has(txn.state)) &&
          (producerIds.size === 0 || producerIds.has(txn.producerId)) &&
          (input.minDurationMs < 0 ||
            (txn.startTimestampMs >= 0 && now - txn.startTimestampMs >= input.minDurationMs)) &&
          (pattern === null || pattern.test(txn.transactionalId)),
      )
      .map((txn) => ({
        transactionalId: txn.transactionalId,
        producerId: txn.producerId,
        state: txnStateName(txn.state),
      }));
    return { errorCode: ErrorCode.NONE, unknownStateFilters, transactions };
  }

  // --- the engine's own views ----------------------------------------------------------------

  /** The transactional ids this broker coordinates right now (loaded partitions only). */
  localTransactions(): LocalTransaction[] {
    return [...this.shards.values()]
      .filter((shard) => shard.state === 'active')
      .flatMap((shard) =>
        [...shard.transactions.values()].map((txn) => ({
          ...describe(txn),
          txnPartition: shard.partition,
          coordinatorEpoch: shard.epoch,
        })),
      );
  }

  /** The __transaction_state partitions with a shard here, and whether each is loaded. */
  shardStates(): Map<number, TransactionShard['state']> {
    return new Map([...this.shards].map(([partition, shard]) => [partition, shard.state]));
  }
}

/**
 * Whether the producer an InitProducerId names may take the id over (Kafka's isValidProducerId):
 * the id was just created, or it names the id's producer, or its previous one at an exhausted
 * epoch (a retry after a producer id rotation whose answer was lost).
 */
function isExpectedProducer(txn: TransactionMetadata, input: InitProducerIdInput): boolean {
  return (
    txn.producerEpoch === -1 ||
    input.producerId === txn.producerId ||
    (input.producerId === txn.lastProducerId && input.producerEpoch >= MAX_PRODUCER_EPOCH - 1)
  );
}

function describe(txn: TransactionMetadata): DescribedTransaction {
  return {
    transactionalId: txn.transactionalId,
    errorCode: ErrorCode.NONE,
    state: txnStateName(txn.state),
    timeoutMs: txn.timeoutMs,
    startTimeMs: txn.startTimestampMs,
    producerId: txn.producerId,
    producerEpoch: txn.producerEpoch,
    partitions: txn
      .partitionList()
      .flatMap(({ topic, partitions }) => partitions.map((partition) => ({ topic, partition }))),
  };
}
