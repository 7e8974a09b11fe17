/**
 * One transactional id as its coordinator holds it (Kafka's TransactionMetadata): the producer id
 * and epoch it hands out, the transaction's state, its partitions and timestamps.
 *
 * Every change goes through the log: the coordinator builds the next value (`next`), marks the
 * id `pending` while the record is written, and adopts the value only once the write is
 * replicated (`adopt`); a failed write leaves the id as it was. While an id is pending, requests
 * that would change it answer CONCURRENT_TRANSACTIONS, as Kafka's pendingState makes them.
 */
import type { TopicPartition } from '../types.js';
import type { TransactionLogValue, TxnPartitions } from './records.js';
import { TxnState } from './state.js';

/** The highest producer epoch; an id whose epoch reaches it gets a new producer id. */
export const MAX_PRODUCER_EPOCH = 32_767;

export class TransactionMetadata {
  /**
   * The producer id and epoch before the last InitProducerId that named them (KIP-360), so its
   * retry is recognised; -1 after a bump that named none.
   */
  lastProducerId = -1n;
  lastProducerEpoch = -1;
  /** Set while a write of this id is in flight; the state it is moving to. */
  pending: TxnState | null = null;
  /** Partitions that still need their marker, while PrepareCommit/PrepareAbort. */
  readonly partitions = new Map<string, Set<number>>();

  constructor(
    readonly transactionalId: string,
    public producerId: bigint,
    public producerEpoch: number,
    public timeoutMs: number,
    public state: TxnState,
    public startTimestampMs: number,
    public lastUpdateTimestampMs: number,
  ) {}

  static fromLog(transactionalId: string, value: TransactionLogValue): TransactionMetadata {
    const txn = new TransactionMetadata(
      transactionalId,
      value.producerId,
      value.producerEpoch,
      value.transactionTimeoutMs,
      value.state,
      value.startTimestampMs,
      value.lastUpdateTimestampMs,
    );
    for (const { topic, partitions } of value.partitions) for (const p of partitions) txn.add(topic, p);
    return txn;
  }

  /** The record of this id as it is now, with `changes` applied. */
  next(
    changes: Partial<Omit<TransactionLogValue, 'partitions'>> & { partitions?: readonly TxnPartitions[] },
  ): TransactionLogValue {
    return { ...this.toValue(), ...changes };
  }

  toValue(): TransactionLogValue {
    return {
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
      transactionTimeoutMs: this.timeoutMs,
      state: this.state,
      partitions: this.partitionList(),
      lastUpdateTimestampMs: this.lastUpdateTimestampMs,
      startTimestampMs: this.startTimestampMs,
    };
  }

  /** Takes a written value as the id's state. */
  adopt(value: TransactionLogValue): void {
    this.producerId = value.producerId;
    this.producerEpoch = value.producerEpoch;
    this.timeoutMs = value.transactionTimeoutMs;
    this.state = value.state;
    this.startTimestampMs = value.startTimestampMs;
    this.lastUpdateTimestampMs = value.lastUpdateTimestampMs;
    this.partitions.clear();
    for (const { topic, partitions } of value.partitions) for (const p of partitions) this.add(topic, p);
  }

  has(tp: TopicPartition): boolean {
    return this.partitions.get(tp.topic)?.has(tp.partition) ?? false;
  }

  /** The partitions, sorted by topic then partition (as records and responses list them). */
  partitionList(): TxnPartitions[] {
    return sortedPartitions(this.partitions);
  }

  private add(topic: string, partition: number): void {
    let set = this.partitions.get(topic);
    if (set === undefined) this.partitions.set(topic, (set = new Set()));
    set.add(partition);
  }

  /** Removes a partition once its marker is written. */
  markerWritten(tp: TopicPartition): void {
    const set = this.partitions.get(tp.topic);
    set?.delete(tp.partition);
    if (set?.size === 0) this.partitions.delete(tp.topic);
  }

  get isPreparing(): boolean {
    return this.state === TxnState.PREPARE_COMMIT || this.state === TxnState.PREPARE_ABORT;
  }
}

/** `base` with `added` joined in, sorted by topic then partition. */
export function joinPartitions(
  base: readonly TxnPartitions[],
  added: readonly TopicPartition[],
): TxnPartitions[] {
  const byTopic = new Map<string, Set<number>>();
  const add = (topic: string, partition: number): void => {
    let set = byTopic.get(topic);
    if (set === undefined) byTopic.set(topic, (set = new Set()));
    set.add(partition);
  };
  for (const { topic, partitions } of base) for (const p of partitions) add(topic, p);
  for (const tp of added) add(tp.topic, tp.partition);
  return sortedPartitions(byTopic);
}

function sortedPartitions(byTopic: ReadonlyMap<string, ReadonlySet<number>>): TxnPartitions[] {
  return [...byTopic]
    .filter(([, set]) => set.size > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([topic, set]) => ({ topic, partitions: [...set].sort((a, b) => a - b) }));
}
