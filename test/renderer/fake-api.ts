/**
 * A test double of the console API for component and store tests: a real `ConsoleApi` built by
 * `createConsoleApi` over an in-memory transport, so stores call it exactly as they call the
 * product's. Tests answer methods with `answer(name, fn)` and push stream events with `emit`.
 */
import {
  ApiError,
  createConsoleApi,
  type MethodName,
  type StreamName,
  type Transport,
} from '../../host/api/index.js';
import type { ConsoleApi, MethodInput, MethodOutput, StreamArgs, StreamEvent } from '../../host/api/types.js';

type Handler<N extends MethodName> = (input: MethodInput<N>) => MethodOutput<N> | Promise<MethodOutput<N>>;

interface Subscription {
  readonly stream: StreamName;
  readonly args: unknown;
  readonly onEvent: (event: unknown) => void;
  readonly onError: (error: ApiError) => void;
  open: boolean;
}

export interface FakeApi {
  readonly api: ConsoleApi;
  /** Every call made, in order. */
  readonly calls: { method: MethodName; input: unknown }[];
  answer<N extends MethodName>(method: N, handler: Handler<N>): void;
  /** Open subscriptions of a stream. */
  subscriptions<N extends StreamName>(stream: N): { args: StreamArgs<N>; open: boolean }[];
  emit<N extends StreamName>(stream: N, event: StreamEvent<N>): void;
  fail(stream: StreamName, error: ApiError): void;
  callsOf<N extends MethodName>(method: N): MethodInput<N>[];
}

export function fakeApi(): FakeApi {
  const handlers = new Map<MethodName, (input: unknown) => unknown>();
  const calls: { method: MethodName; input: unknown }[] = [];
  const subs: Subscription[] = [];

  const transport: Transport = {
    async call(method, input, signal) {
      calls.push({ method, input });
      const handler = handlers.get(method);
      if (!handler) throw new ApiError('UNKNOWN_METHOD', `the test did not answer ${method}`);
      if (signal?.aborted) throw new ApiError('CANCELLED', 'cancelled');
      return await handler(input);
    },
    subscribe(stream, args, onEvent, onError) {
      const sub: Subscription = { stream, args, onEvent, onError, open: true };
      subs.push(sub);
      return () => {
        sub.open = false;
      };
    },
  };

  return {
    api: createConsoleApi(transport),
    calls,
    answer(method, handler) {
      handlers.set(method, handler as (input: unknown) => unknown);
    },
    subscriptions(stream) {
      return subs.filter((s) => s.stream === stream).map((s) => ({ args: s.args as never, open: s.open }));
    },
    emit(stream, event) {
      for (const s of subs) if (s.stream === stream && s.open) s.onEvent(event);
    },
    fail(stream, error) {
      for (const s of subs)
        if (s.stream === stream && s.open) {
          s.open = false;
          s.onError(error);
        }
    },
    callsOf(method) {
      return calls.filter((c) => c.method === method).map((c) => c.input as never);
    },
  };
}

/** Resolves after pending promise callbacks (the stores' awaits) have run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}
