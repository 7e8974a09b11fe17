/**
 * RPC between the host's main thread and a connection's worker, over a MessagePort.
 *
 * Calls: `call` → `result` | `error`, cancellable (`cancel` aborts the handler's AbortSignal).
 * Streams: `sub` → any number of `event` → `end` | `error`; `unsub` aborts the handler's signal.
 * Errors cross as the API's error envelope. Handlers are looked up by name; an unknown name is
 * answered UNKNOWN_METHOD. Either side may close; the client then fails everything in flight.
 */
import type { MessagePort } from 'node:worker_threads';
import { ApiError, parseErrorEnvelope, type ErrorEnvelope } from '../api/errors.js';
import { toErrorEnvelope } from '../service/errors.js';

type ToWorker =
  | { readonly t: 'call'; readonly id: number; readonly name: string; readonly input: unknown }
  | { readonly t: 'cancel'; readonly id: number }
  | { readonly t: 'sub'; readonly id: number; readonly name: string; readonly args: unknown }
  | { readonly t: 'unsub'; readonly id: number };

type FromWorker =
  | { readonly t: 'result'; readonly id: number; readonly value: unknown }
  | { readonly t: 'error'; readonly id: number; readonly error: ErrorEnvelope }
  | { readonly t: 'event'; readonly id: number; readonly event: unknown }
  | { readonly t: 'end'; readonly id: number };

export type CallHandler = (input: unknown, signal: AbortSignal) => Promise<unknown>;
/** Emits until its signal aborts; a returned promise that settles ends the stream by itself. */
export type StreamHandler = (
  args: unknown,
  emit: (event: unknown) => void,
  signal: AbortSignal,
) => Promise<void> | void;

export interface RpcHandlers {
  readonly calls: Readonly<Record<string, CallHandler>>;
  readonly streams: Readonly<Record<string, StreamHandler>>;
}

/** Serves handlers on a port until the returned function is called (which aborts everything). */
export function serveRpc(port: MessagePort, handlers: RpcHandlers): () => void {
  const running = new Map<number, AbortController>();
  const send = (message: FromWorker): void => port.postMessage(message);

  const onMessage = (message: ToWorker): void => {
    switch (message.t) {
      case 'call':
        return void runCall(message.id, message.name, message.input);
      case 'sub':
        return void runStream(message.id, message.name, message.args);
      case 'cancel':
      case 'unsub':
        running.get(message.id)?.abort();
        running.delete(message.id);
        return;
    }
  };

  const runCall = async (id: number, name: string, input: unknown): Promise<void> => {
    const handler = Object.hasOwn(handlers.calls, name) ? handlers.calls[name] : undefined;
    if (!handler) return send({ t: 'error', id, error: unknownName(name) });
    const controller = new AbortController();
    running.set(id, controller);
    try {
      const value = await handler(input, controller.signal);
      if (running.delete(id)) send({ t: 'result', id, value });
    } catch (err) {
      if (running.delete(id)) send({ t: 'error', id, error: toErrorEnvelope(err) });
    }
  };

  const runStream = async (id: number, name: string, args: unknown): Promise<void> => {
    const handler = Object.hasOwn(handlers.streams, name) ? handlers.streams[name] : undefined;
    if (!handler) return send({ t: 'error', id, error: unknownName(name) });
    const controller = new AbortController();
    running.set(id, controller);
    const emit = (event: unknown): void => {
      if (!controller.signal.aborted) send({ t: 'event', id, event });
    };
    try {
      const done = handler(args, emit, controller.signal);
      if (done === undefined) return;
      await done;
      if (running.delete(id)) send({ t: 'end', id });
    } catch (err) {
      if (running.delete(id)) send({ t: 'error', id, error: toErrorEnvelope(err) });
    }
  };

  port.on('message', onMessage);
  return () => {
    port.off('message', onMessage);
    for (const controller of running.values()) controller.abort();
    running.clear();
  };
}

function unknownName(name: string): ErrorEnvelope {
  return new ApiError('UNKNOWN_METHOD', `the connection has no ${name}`).toEnvelope();
}

interface PendingCall {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: ApiError) => void;
}

interface OpenStream {
  readonly onEvent: (event: unknown) => void;
  readonly onError: (error: ApiError) => void;
  readonly onEnd: () => void;
}

export class RpcClient {
  private nextId = 1;
  private readonly calls = new Map<number, PendingCall>();
  private readonly streams = new Map<number, OpenStream>();
  private closedWith: ApiError | null = null;

  constructor(private readonly port: MessagePort) {
    port.on('message', (message: FromWorker) => this.receive(message));
  }

  call(name: string, input: unknown, signal?: AbortSignal): Promise<unknown> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (signal?.aborted) return Promise.reject(new ApiError('CANCELLED', 'cancelled'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.calls.delete(id)) return;
        this.post({ t: 'cancel', id });
        reject(new ApiError('CANCELLED', 'cancelled'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.calls.set(id, {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      this.post({ t: 'call', id, name, input });
    });
  }

  /** `onEnd` runs when the worker ends the stream by itself; `onError` when it fails. */
  subscribe(
    name: string,
    args: unknown,
    onEvent: (event: unknown) => void,
    onError: (error: ApiError) => void,
    onEnd: () => void = () => {},
  ): () => void {
    const id = this.nextId++;
    if (this.closedWith) {
      const error = this.closedWith;
      queueMicrotask(() => onError(error));
      return () => {};
    }
    this.streams.set(id, { onEvent, onError, onEnd });
    this.post({ t: 'sub', id, name, args });
    return () => {
      if (this.streams.delete(id)) this.post({ t: 'unsub', id });
    };
  }

  /** Fails every call and stream in flight (the worker exited or is being shut down). */
  close(reason: ApiError): void {
    if (this.closedWith) return;
    this.closedWith = reason;
    for (const call of this.calls.values()) call.reject(reason);
    for (const stream of this.streams.values()) stream.onError(reason);
    this.calls.clear();
    this.streams.clear();
  }

  private post(message: ToWorker): void {
    if (!this.closedWith) this.port.postMessage(message);
  }

  private receive(message: FromWorker): void {
    switch (message.t) {
      case 'result': {
        const call = this.calls.get(message.id);
        this.calls.delete(message.id);
        return call?.resolve(message.value);
      }
      case 'error': {
        const error = parseErrorEnvelope(message.error);
        const call = this.calls.get(message.id);
        if (call) {
          this.calls.delete(message.id);
          return call.reject(error);
        }
        const stream = this.streams.get(message.id);
        this.streams.delete(message.id);
        return stream?.onError(error);
      }
      case 'event':
        return this.streams.get(message.id)?.onEvent(message.event);
      case 'end': {
        const stream = this.streams.get(message.id);
        this.streams.delete(message.id);
        return stream?.onEnd();
      }
    }
  }
}
