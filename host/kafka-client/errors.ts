/**
 * Errors of the Kafka client that are not Kafka error codes: the network, TLS, timeouts and
 * cancellation. They are ApiErrors (so they cross every boundary as the API's envelope with a
 * message a user can act on) that also say whether retrying may help. Kafka's own error codes
 * stay KafkaErrors (engine/protocol/errors.ts) with Kafka's retriable classification.
 */
import { KafkaError, isRetriable } from '../../engine/protocol/errors.js';
import { ApiError, type ApiErrorCode } from '../api/errors.js';

export class ClientError extends ApiError {
  constructor(
    code: ApiErrorCode,
    message: string,
    /** Whether the same request may succeed if tried again (after a reconnect or a new leader). */
    readonly retriable: boolean,
  ) {
    super(code, message);
  }
}

/** A broker could not be reached or the connection dropped: retriable. */
export function unavailable(message: string, retriable = true): ClientError {
  return new ClientError('UNAVAILABLE', message, retriable);
}

export function timedOut(message: string): ClientError {
  return new ClientError('TIMEOUT', message, true);
}

export function cancelled(): ClientError {
  return new ClientError('CANCELLED', 'cancelled', false);
}

/** Whether an error from a request may go away on retry. */
export function isRetriableError(error: unknown): boolean {
  if (error instanceof ClientError) return error.retriable;
  if (error instanceof KafkaError) return isRetriable(error.code);
  return false;
}

/** Throws CANCELLED if the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}

/** `5 s`, `250 ms`: durations in messages. */
export function formatDuration(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0
    ? `${ms / 1000} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(1)} s`
      : `${ms} ms`;
}
