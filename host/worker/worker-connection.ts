/**
 * A connection running in its own worker thread (host-design point 2): the embedded engine and
 * the console operations next to it, or a remote cluster's client, so that a busy cluster never
 * stalls the host's event loop. The main thread talks to it over RPC on a dedicated port.
 */
import { MessageChannel, type Worker } from 'node:worker_threads';
import { ApiError, parseErrorEnvelope } from '../api/errors.js';
import type { Backend } from '../service/backend.js';
import type { ConnectionInfo } from './implementation.js';
import type { FromConnectionWorker, ToConnectionWorker, WorkerStartData } from './messages.js';
import { RpcClient } from './rpc.js';
import { siblingModule, spawnWorker } from './spawn.js';

export interface WorkerConnectionOptions {
  /** URL of the ConnectionModule the worker loads. */
  readonly module: URL;
  /** Passed to the module's open(); must be structured-cloneable. */
  readonly options: unknown;
  /** How long a graceful stop may take before the thread is terminated. */
  readonly stopTimeoutMs?: number;
}

export class WorkerConnection implements Backend {
  private stopping: Promise<void> | null = null;
  private readonly failureListeners: ((error: ApiError) => void)[] = [];
  private failed = false;
  private exited = false;

  private constructor(
    private readonly worker: Worker,
    private readonly rpc: RpcClient,
    readonly info: ConnectionInfo,
    private readonly stopTimeoutMs: number,
  ) {
    let lastError: Error | null = null;
    worker.on('error', (err) => (lastError = err));
    worker.on('exit', (code) => {
      this.exited = true;
      const reason = new ApiError(
        'UNAVAILABLE',
        this.stopping
          ? 'the connection was stopped'
          : `the connection's worker stopped unexpectedly (${lastError ? lastError.message : `exit code ${code}`})`,
      );
      rpc.close(reason);
      if (this.stopping || this.failed) return;
      this.failed = true;
      for (const listener of this.failureListeners) listener(reason);
    });
  }

  /** Starts the worker and resolves once the connection is open, or rejects with why it is not. */
  static start(options: WorkerConnectionOptions): Promise<WorkerConnection> {
    const channel = new MessageChannel();
    const data: WorkerStartData = {
      module: options.module.href,
      options: options.options,
      port: channel.port2,
    };
    const worker = spawnWorker(siblingModule(import.meta.url, 'entry'), {
      workerData: data,
      transferList: [channel.port2],
    });
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (message: FromConnectionWorker): void => {
        cleanup();
        if (message.t === 'ready') {
          const rpc = new RpcClient(channel.port1);
          resolve(new WorkerConnection(worker, rpc, message.info, options.stopTimeoutMs ?? 15_000));
        } else {
          channel.port1.close();
          void worker.terminate();
          reject(
            message.t === 'failed'
              ? parseErrorEnvelope(message.error)
              : new ApiError('INTERNAL', 'the worker stopped while starting'),
          );
        }
      };
      const onError = (err: Error): void => {
        cleanup();
        channel.port1.close();
        void worker.terminate();
        reject(new ApiError('UNAVAILABLE', `the connection's worker failed to start: ${err.message}`));
      };
      const onExit = (code: number): void => {
        cleanup();
        channel.port1.close();
        reject(
          new ApiError('UNAVAILABLE', `the connection's worker exited while starting (exit code ${code})`),
        );
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  call(name: string, input: unknown, signal?: AbortSignal): Promise<unknown> {
    return this.rpc.call(name, input, signal);
  }

  subscribe(
    name: string,
    args: unknown,
    onEvent: (event: unknown) => void,
    onError: (error: ApiError) => void,
    onEnd?: () => void,
  ): () => void {
    return this.rpc.subscribe(name, args, onEvent, onError, onEnd);
  }

  onFailure(listener: (error: ApiError) => void): void {
    this.failureListeners.push(listener);
  }

  /** Asks the connection to close gracefully; terminates the thread if that takes too long. */
  stop(): Promise<void> {
    if (this.exited) return Promise.resolve();
    this.stopping ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => void this.worker.terminate(), this.stopTimeoutMs);
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.worker.postMessage({ t: 'stop' } satisfies ToConnectionWorker);
    });
    return this.stopping;
  }
}
