/**
 * Errors the partition log reports, each with the Kafka error code a response carries for it.
 * Record-format errors (CORRUPT_MESSAGE, MESSAGE_TOO_LARGE, ...) live in engine/records/errors.ts.
 */
import { ErrorCode, KafkaError } from '../protocol/errors.js';

/** A read or lookup outside [logStartOffset, logEndOffset] (OFFSET_OUT_OF_RANGE). */
export class OffsetOutOfRangeError extends KafkaError {
  override readonly name = 'OffsetOutOfRangeError';
  constructor(message: string) {
    super(ErrorCode.OFFSET_OUT_OF_RANGE, message);
  }
}

/** The disk failed (full, I/O error) or the log is closed (KAFKA_STORAGE_ERROR). */
export class KafkaStorageError extends KafkaError {
  override readonly name = 'KafkaStorageError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(ErrorCode.KAFKA_STORAGE_ERROR, message);
  }
}

/** A follower append whose offsets do not continue the log (Kafka's UnexpectedAppendOffsetException). */
export class UnexpectedAppendOffsetError extends KafkaError {
  override readonly name = 'UnexpectedAppendOffsetError';
  constructor(message: string) {
    super(ErrorCode.UNKNOWN_SERVER_ERROR, message);
  }
}

/** An idempotent batch whose sequence does not follow the producer's last one. */
export class OutOfOrderSequenceError extends KafkaError {
  override readonly name = 'OutOfOrderSequenceError';
  constructor(message: string) {
    super(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message);
  }
}

/** A batch from an older epoch of a producer id than the log has seen (a fenced producer). */
export class InvalidProducerEpochError extends KafkaError {
  override readonly name = 'InvalidProducerEpochError';
  constructor(message: string) {
    super(ErrorCode.INVALID_PRODUCER_EPOCH, message);
  }
}

/** A transactional batch or marker that breaks the transaction's rules (INVALID_TXN_STATE). */
export class InvalidTxnStateError extends KafkaError {
  override readonly name = 'InvalidTxnStateError';
  constructor(message: string) {
    super(ErrorCode.INVALID_TXN_STATE, message);
  }
}

/** A transaction marker from a coordinator older than the last one seen (TRANSACTION_COORDINATOR_FENCED). */
export class TransactionCoordinatorFencedError extends KafkaError {
  override readonly name = 'TransactionCoordinatorFencedError';
  constructor(message: string) {
    super(ErrorCode.TRANSACTION_COORDINATOR_FENCED, message);
  }
}
