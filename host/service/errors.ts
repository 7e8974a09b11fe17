/**
 * Any thrown value → the API's error envelope. Kafka error codes keep their number and name; an
 * aborted call is CANCELLED; anything else is INTERNAL with its message (never its stack).
 */
import { KafkaError, errorName } from '../../engine/protocol/errors.js';
import { ApiError, type ErrorEnvelope } from '../api/errors.js';

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof KafkaError) {
    const name = errorName(err.code);
    const message = err.message && err.message !== name ? `${err.message} (${name})` : name;
    return new ApiError('KAFKA', message, { kafka: { code: err.code, name } });
  }
  if (err instanceof Error && err.name === 'AbortError') return new ApiError('CANCELLED', 'cancelled');
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError('INTERNAL', message || 'unexpected error');
}

export function toErrorEnvelope(err: unknown): ErrorEnvelope {
  return toApiError(err).toEnvelope();
}
