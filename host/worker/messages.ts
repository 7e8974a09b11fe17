/** Lifecycle messages between the host and a connection worker (RPC has its own port). */
import type { MessagePort } from 'node:worker_threads';
import type { ErrorEnvelope } from '../api/errors.js';
import type { ConnectionInfo } from './implementation.js';

export interface WorkerStartData {
  /** URL of the ConnectionModule to load. */
  readonly module: string;
  readonly options: unknown;
  /** The worker's end of the RPC channel. */
  readonly port: MessagePort;
}

export type ToConnectionWorker = { readonly t: 'stop' };

export type FromConnectionWorker =
  | { readonly t: 'ready'; readonly info: ConnectionInfo }
  | { readonly t: 'failed'; readonly error: ErrorEnvelope }
  | { readonly t: 'stopped' };
