/**
 * The transaction coordinator as a broker's request handlers see it (BrokerServices.transactions):
 * one call per transaction API, version-agnostic. Handlers check what the broker's metadata can
 * answer (topics that do not exist) and map errors older request versions do not know; the
 * coordinator answers everything about transactional ids with Kafka's error codes:
 *
 *   INVALID_REQUEST                 an empty transactional id
 *   NOT_COORDINATOR                 this broker does not lead the id's __transaction_state partition
 *   COORDINATOR_LOAD_IN_PROGRESS    this broker is still loading that partition
 *   COORDINATOR_NOT_AVAILABLE       the coordinator is stopping, or a write found too few replicas
 *   INVALID_PRODUCER_ID_MAPPING     the producer id is not the id's
 *   PRODUCER_FENCED                 the producer epoch is not the id's (a newer producer took over)
 *   CONCURRENT_TRANSACTIONS         the id's last change (a write, or markers) is still in flight
 *   INVALID_TXN_STATE               the request does not fit the transaction's state
 */
import type { ErrorCode } from '../protocol/errors.js';
import type { TopicPartition } from '../types.js';

export interface InitProducerIdInput {
  readonly transactionalId: string;
  readonly transactionTimeoutMs: number;
  /** The producer's current id and epoch (InitProducerId v3+, KIP-360), or -1. */
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

export interface ProducerIdAndEpoch {
  readonly errorCode: ErrorCode;
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

export interface TxnProducer {
  readonly transactionalId: string;
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

export interface DescribedTransaction {
  readonly transactionalId: string;
  readonly errorCode: ErrorCode;
  /** Kafka's state name (Empty, Ongoing, PrepareCommit, ...), '' on error. */
  readonly state: string;
  readonly timeoutMs: number;
  /** When the open (or last) transaction started, -1 when none did. */
  readonly startTimeMs: number;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  /** The partitions in the transaction (while preparing, those still waiting for a marker). */
  readonly partitions: readonly TopicPartition[];
}

export interface ListTransactionsInput {
  /** Kafka's state names; empty for all. */
  readonly states: readonly string[];
  /** Empty for all. */
  readonly producerIds: readonly bigint[];
  /** Only transactions open at least this long; -1 for all. */
  readonly minDurationMs: number;
  /** A regular expression the whole id must match; null for all. */
  readonly transactionalIdPattern: string | null;
}

export interface ListedTransaction {
  readonly transactionalId: string;
  readonly producerId: bigint;
  readonly state: string;
}

export interface ListTransactionsResult {
  readonly errorCode: ErrorCode;
  readonly unknownStateFilters: readonly string[];
  readonly transactions: readonly ListedTransaction[];
}

export interface TransactionCoordinatorService {
  /** The partition of __transaction_state that holds the id. */
  txnPartitionFor(transactionalId: string): number;
  /** Creates __transaction_state if it does not exist yet (one creation at a time). */
  createStateTopic(): Promise<void>;
  initProducerId(input: InitProducerIdInput): Promise<ProducerIdAndEpoch>;
  /** Adds partitions to the producer's transaction, opening it; one error for all of them. */
  addPartitions(producer: TxnProducer, partitions: readonly TopicPartition[]): Promise<ErrorCode>;
  /**
   * Checks that the partitions are in the producer's open transaction (AddPartitionsToTxn v4+
   * with verifyOnly, KIP-890): per partition NONE or INVALID_TXN_STATE, or one error for all.
   */
  verifyPartitions(
    producer: TxnProducer,
    partitions: readonly TopicPartition[],
  ): Promise<ErrorCode | ReadonlyMap<string, ErrorCode>>;
  /** Adds the group's partition of __consumer_offsets (AddOffsetsToTxn). */
  addOffsets(producer: TxnProducer, groupId: string): Promise<ErrorCode>;
  endTransaction(producer: TxnProducer, commit: boolean): Promise<ErrorCode>;
  describeTransactions(transactionalIds: readonly string[]): Promise<DescribedTransaction[]>;
  listTransactions(input: ListTransactionsInput): Promise<ListTransactionsResult>;
}

/** The key verifyPartitions answers a partition under. */
export function partitionKey(tp: TopicPartition): string {
  return `${tp.topic}\u0000${tp.partition}`;
}
