/**
 * Kafka's answers turned into the API's errors: "no such topic" and "no such group" are
 * NOT_FOUND, "already exists" is ALREADY_EXISTS (both keep Kafka's code beside), anything else
 * stays a KafkaError (code KAFKA) with the broker's own message when it gave one.
 */
import { ErrorCode, KafkaError, errorName } from '../../engine/protocol/errors.js';
import { ApiError } from '../api/errors.js';

const notFound = new Set<number>([
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.UNKNOWN_TOPIC_ID,
  ErrorCode.GROUP_ID_NOT_FOUND,
]);
const exists = new Set<number>([ErrorCode.TOPIC_ALREADY_EXISTS]);

/** The error for a non-zero code answered about `what` (e.g. `topic "orders"`). */
export function kafkaFailure(code: number, what: string, brokerMessage?: string | null): Error {
  const kafka = { code, name: errorName(code) };
  if (notFound.has(code)) return new ApiError('NOT_FOUND', `there is no ${what}`, { kafka });
  if (exists.has(code)) return new ApiError('ALREADY_EXISTS', `${what} already exists`, { kafka });
  const detail = brokerMessage && brokerMessage !== kafka.name ? `: ${brokerMessage}` : '';
  return new KafkaError(code as ErrorCode, `${what}: ${kafka.name}${detail}`);
}

/** Throws `kafkaFailure` for a non-zero code. */
export function check(code: number, what: string, brokerMessage?: string | null): void {
  if (code !== ErrorCode.NONE) throw kafkaFailure(code, what, brokerMessage);
}

/** An error from the routing helpers, with unknown topics and partitions as NOT_FOUND (same words). */
export function asNotFound(error: unknown): unknown {
  if (error instanceof KafkaError && notFound.has(error.code)) {
    return new ApiError('NOT_FOUND', error.message, {
      kafka: { code: error.code, name: errorName(error.code) },
    });
  }
  return error;
}
