/**
 * A running connection as the console service sees it: calls and streams by contract name (and
 * `task.*` streams for jobs), its info, a graceful stop, and word if it dies by itself.
 * The worker connection implements it (host/worker/worker-connection.ts).
 */
import type { ApiError } from '../api/errors.js';
import type { ConnectionInfo } from '../worker/implementation.js';

export interface Backend {
  readonly info: ConnectionInfo;
  call(name: string, input: unknown, signal?: AbortSignal): Promise<unknown>;
  subscribe(
    name: string,
    args: unknown,
    onEvent: (event: unknown) => void,
    onError: (error: ApiError) => void,
    onEnd?: () => void,
  ): () => void;
  stop(): Promise<void>;
  /** Runs once if the backend dies by itself (a crash), never after stop(). */
  onFailure(listener: (error: ApiError) => void): void;
}
