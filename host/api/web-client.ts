/**
 * The console's transport in a browser (and in tests): calls over `fetch`, streams over one
 * WebSocket that is opened on the first subscription, reopened with backoff when it drops (live
 * subscriptions are sent again), and closed when the last subscription ends.
 */
import type { MethodName, StreamName } from './contract.js';
import { cancelledError, type Transport } from './client.js';
import { ApiError, parseErrorEnvelope } from './errors.js';
import { serverFrameSchema, tokenProtocolPrefix, webProtocol, type ClientFrame } from './web-protocol.js';

/** The part of the WebSocket API used here (browsers' WebSocket and the `ws` package both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}
export type WebSocketConstructor = new (url: string, protocols: string[]) => WebSocketLike;

export interface WebTransportOptions {
  /** The page's origin, e.g. http://127.0.0.1:5170. */
  readonly baseUrl: string;
  readonly token: string;
  /** Defaults to the global WebSocket. */
  readonly WebSocket?: WebSocketConstructor;
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

interface Subscription {
  readonly stream: StreamName;
  readonly args: unknown;
  readonly onEvent: (event: unknown) => void;
  readonly onError: (error: ApiError) => void;
}

const OPEN = 1;

export function webTransport(options: WebTransportOptions): Transport {
  const base = options.baseUrl.replace(/\/$/, '');
  const doFetch = options.fetch ?? fetch;
  const Socket =
    options.WebSocket ?? (globalThis as unknown as { WebSocket?: WebSocketConstructor }).WebSocket;
  const subscriptions = new Map<string, Subscription>();
  let socket: WebSocketLike | null = null;
  let nextId = 1;
  let retryMs = 250;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const send = (frame: ClientFrame): void => {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(frame));
  };

  const open = (): void => {
    if (socket || !Socket) return;
    const ws = new Socket(`${base.replace(/^http/, 'ws')}/api/ws`, [
      webProtocol,
      tokenProtocolPrefix + options.token,
    ]);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      for (const [id, sub] of subscriptions)
        send({ type: 'subscribe', id, stream: sub.stream, args: sub.args });
    };
    ws.onmessage = (message) => {
      const parsed = serverFrameSchema.safeParse(JSON.parse(String(message.data)));
      if (!parsed.success) return;
      const frame = parsed.data;
      const sub = subscriptions.get(frame.id);
      if (!sub) return;
      if (frame.type === 'event') sub.onEvent(frame.event);
      else {
        subscriptions.delete(frame.id);
        sub.onError(parseErrorEnvelope(frame.error));
      }
    };
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (subscriptions.size === 0) return;
      retryTimer = setTimeout(() => {
        retryTimer = null;
        open();
      }, retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    };
  };

  const closeIfIdle = (): void => {
    if (subscriptions.size > 0) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    const ws = socket;
    socket = null;
    ws?.close();
  };

  return {
    async call(method: MethodName, input: unknown, signal?: AbortSignal) {
      let response: Response;
      try {
        response = await doFetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
          body: input === undefined ? '' : JSON.stringify(input),
          ...(signal ? { signal } : {}),
        });
      } catch (err) {
        if (signal?.aborted) throw cancelledError();
        throw new ApiError('UNAVAILABLE', `the console host cannot be reached (${(err as Error).message})`);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw new ApiError('INTERNAL', `the console host answered ${response.status} without a JSON body`);
      }
      const answer = body as { ok?: boolean; value?: unknown; error?: unknown };
      if (answer.ok === true) return answer.value;
      throw parseErrorEnvelope(answer.error);
    },

    subscribe(stream, args, onEvent, onError) {
      if (!Socket) {
        queueMicrotask(() => onError(new ApiError('UNAVAILABLE', 'this environment has no WebSocket')));
        return () => {};
      }
      const id = String(nextId++);
      subscriptions.set(id, { stream, args, onEvent, onError });
      if (socket?.readyState === OPEN) send({ type: 'subscribe', id, stream, args });
      else open();
      return () => {
        if (!subscriptions.delete(id)) return;
        send({ type: 'unsubscribe', id });
        closeIfIdle();
      };
    },
  };
}
