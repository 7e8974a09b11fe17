/**
 * Errors in plain words for error states and toasts. The API's own message is already written
 * for people; this only adds what to do for the codes where that is not obvious, and turns
 * anything that is not an ApiError (a bug, a dropped connection) into a sentence too.
 */
import { ApiError } from '../../host/api/errors.js';

export interface ShownError {
  /** The sentence to show. */
  readonly message: string;
  /** A hint on what to do, when there is one. */
  readonly hint: string | null;
  readonly code: string;
}

const hints: Partial<Record<ApiError['code'], string>> = {
  UNAVAILABLE: 'The cluster may still be starting, or a broker is down. Retry in a moment.',
  TIMEOUT: 'The cluster did not answer in time. Check the Faults view for delays or isolated brokers.',
  LOCAL_ONLY: 'This works on the embedded cluster only. Switch to it with the connection menu.',
  UNAUTHORIZED: 'The page lost its launch token. Open the console with the URL `brokerlab serve` printed.',
  FORBIDDEN: 'The console refused this page. Open it with the URL `brokerlab serve` printed.',
  INTERNAL: 'This is a bug in Brokerlab. The console log has the details.',
};

export function showError(error: unknown): ShownError {
  if (error instanceof ApiError) {
    const kafka = error.kafka && !error.message.includes(error.kafka.name) ? ` (${error.kafka.name})` : '';
    return { message: `${error.message}${kafka}`, hint: hints[error.code] ?? null, code: error.code };
  }
  if (error instanceof Error) return { message: error.message, hint: null, code: 'INTERNAL' };
  return { message: String(error), hint: null, code: 'INTERNAL' };
}

export function isCancelled(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'CANCELLED';
}
