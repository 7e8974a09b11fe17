/**
 * Types derived from the contract table: the `ConsoleApi` the renderer and the CLI call, the
 * shape of the Electron bridge (`window.brokerlab`), and the names that tie the two together.
 *
 * ConsoleApi is nested by domain: `topics.create` is `api.topics.create(input)`, the stream
 * `messages.tail` is `api.messages.onTail(args, listener, onError?)` returning an unsubscribe.
 */
import type { z } from 'zod';
import type { MethodName, Methods, StreamName, Streams } from './contract.js';
import type { ApiError, ErrorEnvelope } from './errors.js';

/** What a caller passes (defaults may be left out). */
export type MethodInput<N extends MethodName> = z.input<Methods[N]['input']>;
/** What an implementation receives: parsed, defaults filled. */
export type MethodParsedInput<N extends MethodName> = z.output<Methods[N]['input']>;
/** What an implementation returns (before the output schema strips unlisted keys). */
export type MethodResult<N extends MethodName> = z.input<Methods[N]['output']>;
/** What a caller receives. */
export type MethodOutput<N extends MethodName> = z.output<Methods[N]['output']>;

export type StreamArgs<N extends StreamName> = z.input<Streams[N]['args']>;
export type StreamParsedArgs<N extends StreamName> = z.output<Streams[N]['args']>;
export type StreamEvent<N extends StreamName> = z.output<Streams[N]['event']>;
export type StreamEventInput<N extends StreamName> = z.input<Streams[N]['event']>;

type DomainOf<N extends string> = N extends `${infer D}.${string}` ? D : never;
type VerbOf<N extends string> = N extends `${string}.${infer V}` ? V : never;
export type Domain = DomainOf<MethodName | StreamName>;

export interface CallOptions {
  /** Aborting rejects the call with a CANCELLED ApiError and tells the other side to stop. */
  readonly signal?: AbortSignal;
}
export type Unsubscribe = () => void;

type MethodFn<N extends MethodName> =
  undefined extends MethodInput<N>
    ? (input?: MethodInput<N>, options?: CallOptions) => Promise<MethodOutput<N>>
    : (input: MethodInput<N>, options?: CallOptions) => Promise<MethodOutput<N>>;

/** After `onError` the subscription is over; the listener gets no more events. */
type StreamFn<N extends StreamName> = (
  args: StreamArgs<N>,
  listener: (event: StreamEvent<N>) => void,
  onError?: (error: ApiError) => void,
) => Unsubscribe;

export type ConsoleApi = {
  readonly [D in Domain]: {
    readonly [N in MethodName as DomainOf<N> extends D ? VerbOf<N> : never]: MethodFn<N>;
  } & {
    readonly [N in StreamName as DomainOf<N> extends D ? `on${Capitalize<VerbOf<N>>}` : never]: StreamFn<N>;
  };
};

/** The answer of a bridged call: a value or an error envelope, never a thrown object. */
export type CallResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: ErrorEnvelope };

/** Lets the bridge learn of an abort: it is called once with the function to run on abort. */
export type AbortRegistrar = (onAbort: () => void) => void;

/**
 * `window.brokerlab` in Electron: exactly the table's methods and streams, with values passed
 * through untouched (validation happens in the main process) and errors as envelopes.
 */
export type BridgeApi = {
  readonly [D in Domain]: {
    readonly [N in MethodName as DomainOf<N> extends D ? VerbOf<N> : never]: (
      input: unknown,
      abort?: AbortRegistrar,
    ) => Promise<CallResult>;
  } & {
    readonly [N in StreamName as DomainOf<N> extends D ? `on${Capitalize<VerbOf<N>>}` : never]: (
      args: unknown,
      listener: (event: unknown) => void,
      onError: (error: ErrorEnvelope) => void,
    ) => Unsubscribe;
  };
};

/** Where a method or stream sits in the nested objects: `messages.tail` → ["messages", "onTail"]. */
export function apiPath(name: string, kind: 'method' | 'stream'): readonly [string, string] {
  const dot = name.indexOf('.');
  const domain = name.slice(0, dot);
  const verb = name.slice(dot + 1);
  return [domain, kind === 'method' ? verb : `on${verb[0]!.toUpperCase()}${verb.slice(1)}`];
}
