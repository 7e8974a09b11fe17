/**
 * The transaction coordinator's settings, by Kafka's broker config names (parsed and checked
 * with the other broker configs in engine/cluster/config.ts, where the defaults live):
 *
 *   transaction.state.log.num.partitions     partitions of __transaction_state (10 here, 50 in
 *                                            Kafka, as for __consumer_offsets)
 *   transaction.state.log.replication.factor its replication factor (min(3, brokers))
 *   transaction.state.log.segment.bytes      its segment size
 *   transaction.state.log.load.buffer.size   bytes read at a time while loading a partition
 *   transaction.max.timeout.ms               the longest transaction.timeout.ms a producer may ask
 *                                            for (INVALID_TRANSACTION_TIMEOUT beyond it)
 *   transaction.abort.timed.out.transaction.cleanup.interval.ms
 *                                            how often open transactions are checked against
 *                                            their timeout
 *   transactional.id.expiration.ms           how long an id without an open transaction is kept
 *                                            after its last change (7 days)
 *   transaction.remove.expired.transaction.cleanup.interval.ms
 *                                            how often expired ids are removed (1 hour)
 *
 * Writes to __transaction_state wait for their replicas as long as offset commits do
 * (`offsets.commit.timeout.ms`, Kafka's transaction.state.log's own timeout has the same
 * default); a WriteTxnMarkers request to a partition leader waits `request.timeout.ms`.
 */
import type { ClusterSettings } from '../cluster/config.js';

export interface TransactionConfig {
  readonly stateLogNumPartitions: number;
  readonly stateLogReplicationFactor: number;
  readonly stateLogSegmentBytes: number;
  readonly stateLogLoadBufferSize: number;
  readonly stateLogWriteTimeoutMs: number;
  readonly maxTimeoutMs: number;
  readonly abortTimedOutCheckIntervalMs: number;
  readonly idExpirationMs: number;
  readonly removeExpiredCheckIntervalMs: number;
  readonly markerRequestTimeoutMs: number;
  /** Pause before markers that could not be written yet are tried again (Kafka's retry backoff). */
  readonly markerRetryBackoffMs: number;
  /** Partitions of __consumer_offsets, where AddOffsetsToTxn adds a group's partition. */
  readonly offsetsTopicNumPartitions: number;
}

export function transactionConfigOf(settings: ClusterSettings): TransactionConfig {
  return {
    stateLogNumPartitions: settings.transactionStateLogNumPartitions,
    stateLogReplicationFactor: settings.transactionStateLogReplicationFactor,
    stateLogSegmentBytes: settings.transactionStateLogSegmentBytes,
    stateLogLoadBufferSize: settings.transactionStateLogLoadBufferSize,
    stateLogWriteTimeoutMs: settings.offsetsCommitTimeoutMs,
    maxTimeoutMs: settings.transactionMaxTimeoutMs,
    abortTimedOutCheckIntervalMs: settings.transactionAbortTimedOutTransactionCleanupIntervalMs,
    idExpirationMs: settings.transactionalIdExpirationMs,
    removeExpiredCheckIntervalMs: settings.transactionRemoveExpiredTransactionCleanupIntervalMs,
    markerRequestTimeoutMs: settings.controllerRequestTimeoutMs,
    markerRetryBackoffMs: 100,
    offsetsTopicNumPartitions: settings.offsetsTopicNumPartitions,
  };
}
