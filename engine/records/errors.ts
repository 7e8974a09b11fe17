/**
 * Errors for record sets that cannot be accepted, each carrying the Kafka error code a produce
 * response reports for it. Messages name the cause precisely (which batch, which field), because
 * they travel back to the producer as the per-batch error message.
 */
import { ErrorCode, KafkaError } from '../protocol/errors.js';

/** Bytes that are not a valid RecordBatch v2: bad CRC, a length past the buffer, wrong magic, ... */
export class CorruptRecordError extends KafkaError {
  override readonly name = 'CorruptRecordError';
  constructor(
    message: string,
    /** Index of the offending batch in its record set, when known. */
    readonly batchIndex = -1,
  ) {
    super(ErrorCode.CORRUPT_MESSAGE, message);
  }
}

/** A batch larger than the topic's `max.message.bytes` (MESSAGE_TOO_LARGE). */
export class RecordTooLargeError extends KafkaError {
  override readonly name = 'RecordTooLargeError';
  constructor(
    message: string,
    readonly batchIndex = -1,
  ) {
    super(ErrorCode.MESSAGE_TOO_LARGE, message);
  }
}

/** A record set larger than a whole segment (RECORD_LIST_TOO_LARGE). */
export class RecordListTooLargeError extends KafkaError {
  override readonly name = 'RecordListTooLargeError';
  constructor(message: string) {
    super(ErrorCode.RECORD_LIST_TOO_LARGE, message);
  }
}

/** A well-formed batch that breaks a rule of the log (control batch from a client, ...). */
export class InvalidRecordError extends KafkaError {
  override readonly name = 'InvalidRecordError';
  constructor(
    message: string,
    readonly batchIndex = -1,
  ) {
    super(ErrorCode.INVALID_RECORD, message);
  }
}

/** A timestamp outside `message.timestamp.before.max.ms` / `after.max.ms` (INVALID_TIMESTAMP). */
export class InvalidTimestampError extends KafkaError {
  override readonly name = 'InvalidTimestampError';
  constructor(
    message: string,
    readonly batchIndex = -1,
  ) {
    super(ErrorCode.INVALID_TIMESTAMP, message);
  }
}

/** A compression codec id this broker does not know (UNSUPPORTED_COMPRESSION_TYPE). */
export class UnsupportedCompressionError extends KafkaError {
  override readonly name = 'UnsupportedCompressionError';
  constructor(message: string) {
    super(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, message);
  }
}
