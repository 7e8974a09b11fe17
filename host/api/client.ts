/**
 * Builds a `ConsoleApi` from a transport: one nested object with a function per method and an
 * `on<Stream>` per stream, all derived from the contract table. The transports: the Electron
 * bridge (`bridgeTransport`), HTTP + WebSocket (`web-client.ts`), and the service in-process
 * (host/service). Errors always arrive as `ApiError`.
 */
import { methodNames, streamNames, type MethodName, type StreamName } from './contract.js';
import { ApiError, parseErrorEnvelope, type ErrorEnvelope } from './errors.js';
import { apiPath, type BridgeApi, type ConsoleApi, type Unsubscribe } from './types.js';

export interface Transport {
  /** Resolves with the method's output; rejects with an ApiError. */
  call(method: MethodName, input: unknown, signal?: AbortSignal): Promise<unknown>;
  /** Events until unsubscribed or until onError, which ends the subscription. */
  subscribe(
    stream: StreamName,
    args: unknown,
    onEvent: (event: unknown) => void,
    onError: (error: ApiError) => void,
  ): Unsubscribe;
}

export function createConsoleApi(transport: Transport): ConsoleApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const name of methodNames) {
    const [domain, key] = apiPath(name, 'method');
    (api[domain] ??= {})[key] = (input?: unknown, options?: { signal?: AbortSignal }) =>
      transport.call(name, input, options?.signal);
  }
  for (const name of streamNames) {
    const [domain, key] = apiPath(name, 'stream');
    (api[domain] ??= {})[key] = (
      args: unknown,
      listener: (event: unknown) => void,
      onError: (error: ApiError) => void = () => {},
    ) => transport.subscribe(name, args, listener, onError);
  }
  return api as unknown as ConsoleApi;
}

export function cancelledError(): ApiError {
  return new ApiError('CANCELLED', 'cancelled');
}

/** The renderer's transport in Electron, over the preload's `window.brokerlab`. */
export function bridgeTransport(bridge: BridgeApi): Transport {
  const lookup = (name: string, kind: 'method' | 'stream'): ((...args: unknown[]) => unknown) => {
    const [domain, key] = apiPath(name, kind);
    const fn = (bridge as unknown as Record<string, Record<string, unknown>>)[domain]?.[key];
    if (typeof fn !== 'function') throw new ApiError('UNKNOWN_METHOD', `the desktop bridge has no ${name}`);
    return fn as (...args: unknown[]) => unknown;
  };
  return {
    async call(method, input, signal) {
      if (signal?.aborted) throw cancelledError();
      const fn = lookup(method, 'method');
      const abort = signal
        ? (onAbort: () => void) => signal.addEventListener('abort', () => onAbort(), { once: true })
        : undefined;
      const result = (await fn(input, abort)) as
        { ok: true; value: unknown } | { ok: false; error: ErrorEnvelope };
      if (!result.ok) throw parseErrorEnvelope(result.error);
      return result.value;
    },
    subscribe(stream, args, onEvent, onError) {
      const fn = lookup(stream, 'stream');
      return fn(args, onEvent, (envelope: unknown) => onError(parseErrorEnvelope(envelope))) as Unsubscribe;
    },
  };
}
