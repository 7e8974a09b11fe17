/**
 * The console service (host-design point 2): one `dispatch(method, rawInput)` and one
 * `subscribe(stream, rawArgs, ...)` that every transport calls — Electron IPC, the web host, the
 * control endpoint, in-process callers. Input is parsed with the contract's schema (bad input →
 * INVALID_INPUT naming each field), the call goes to the service's own handlers (connections,
 * jobs, job-starting methods) or to the active connection's worker, and the output is checked
 * against the contract before it leaves. Every failure becomes the error envelope.
 */
import type { Transport } from '../api/client.js';
import {
  isMethodName,
  isStreamName,
  methods,
  streams,
  type MethodName,
  type StreamName,
} from '../api/contract.js';
import { ApiError, invalidInput } from '../api/errors.js';
import type {
  CallResult,
  MethodOutput,
  MethodParsedInput,
  MethodResult,
  StreamEventInput,
  StreamParsedArgs,
} from '../api/types.js';
import { TerminalManager, type TerminalManagerOptions } from '../terminal/manager.js';
import { taskStream, type ServiceMethod, type ServiceStream } from '../worker/implementation.js';
import { SavedConnections, type SavedConnectionsOptions } from '../connections/saved-connections.js';
import { ConnectionRegistry } from './connections.js';
import { FileGrants } from './file-grants.js';
import { transferMethods, type FileDialogs } from './transfer.js';
import { toApiError } from './errors.js';
import { JobRegistry, type JobRegistryOptions } from './jobs.js';
import { ScanStore } from './scan-store.js';
import { runTask } from './tasks.js';
import { endpointKey, RegistryRestClient, type RegistryEndpoint } from '../schema-registry/rest-client.js';
import { schemaMethods } from './schemas.js';
import { terminalMethods, terminalOutput } from './terminals.js';
import { describeFilter } from './titles.js';

export interface ConsoleServiceOptions {
  readonly jobs?: JobRegistryOptions;
  /** Byte budget of each scan's kept matches. */
  readonly scanBudgetBytes?: number;
  /** Where uploads and exports to download are kept (a fresh directory under it). */
  readonly transferBaseDir?: string;
  /** How shells are started in terminals (the user's shell by default). */
  readonly terminals?: TerminalManagerOptions;
}

export type Unsubscribe = () => void;

type LocalMethods = {
  [N in ServiceMethod]: (
    input: MethodParsedInput<N>,
    signal: AbortSignal | undefined,
  ) => Promise<MethodResult<N>>;
};
type LocalStreams = {
  [N in ServiceStream]: (
    args: StreamParsedArgs<N>,
    emit: (event: StreamEventInput<N>) => void,
    onError: (error: ApiError) => void,
  ) => Unsubscribe;
};

/** The calls whose filters match decoded keys and values (../console/decoded-filter.ts). */
const DECODING_FILTERS = new Set(['messages.browse', 'messages.scan', 'messages.tail']);

export class ConsoleService {
  readonly connections = new ConnectionRegistry();
  readonly jobs: JobRegistry;
  /** Files granted to export and import (dialogs, uploads) and finished downloads. */
  readonly files: FileGrants;
  /** Shells in pseudo-terminals, ended when the service closes. */
  readonly terminals: TerminalManager;
  private dialogs: FileDialogs | null = null;
  /** The embedded cluster's schema registry, once it listens. */
  private registry: RegistryRestClient | null = null;
  /** The client of the last remote registry used, kept while its settings stay the same. */
  private remoteRegistry: { key: string; client: RegistryRestClient } | null = null;
  /** The user's saved remote clusters, once useSavedConnections() has read them. */
  private saved: SavedConnections | null = null;
  private readonly scans = new Map<string, ScanStore>();
  /** Forwarded subscriptions, ended when the active connection changes. */
  private readonly forwarded = new Set<{ connectionId: string; end(error: ApiError): void }>();
  private readonly local: LocalMethods;
  private readonly localStreams: LocalStreams;

  constructor(private readonly options: ConsoleServiceOptions = {}) {
    this.jobs = new JobRegistry({
      ...options.jobs,
      onForget: (id) => {
        this.scans.delete(id);
        void this.files.removeDownloadsOf(id);
      },
    });
    this.files = new FileGrants(options.transferBaseDir);
    this.terminals = new TerminalManager(options.terminals);
    this.local = this.localMethods();
    this.localStreams = this.localStreamHandlers();
    this.connections.onChange((active) => {
      for (const sub of [...this.forwarded]) {
        if (sub.connectionId !== active.id)
          sub.end(new ApiError('UNAVAILABLE', 'the active connection changed'));
      }
    });
  }

  /** Where the embedded cluster's schema registry listens (set by the embedded host once it does). */
  setSchemaRegistry(url: string): void {
    this.registry = new RegistryRestClient(url);
  }

  /** The active connection's registry: the embedded cluster's, or the one saved with a remote cluster. */
  private activeRegistry(): RegistryEndpoint | undefined {
    const active = this.connections.active();
    if (active.kind === 'embedded') return this.registry?.endpoint;
    return this.saved?.registryOf(active.id) ?? undefined;
  }

  /** A client of the active connection's registry, or why there is none. */
  private schemaRegistry(): RegistryRestClient {
    const active = this.connections.active();
    if (active.kind === 'embedded') {
      if (!this.registry) throw new ApiError('UNAVAILABLE', 'the schema registry is still starting');
      return this.registry;
    }
    const endpoint = this.activeRegistry();
    if (!endpoint) {
      throw new ApiError(
        'UNAVAILABLE',
        `connection "${active.name}" has no schema registry: add its URL in the connection's settings`,
      );
    }
    const key = endpointKey(endpoint);
    if (this.remoteRegistry?.key !== key)
      this.remoteRegistry = { key, client: new RegistryRestClient(endpoint) };
    return this.remoteRegistry.client;
  }

  /**
   * A browse, scan or tail input with the active connection's registry added, so its filter
   * matches schema-registry framed keys and values as their decoded JSON (../console/decoded-filter.ts).
   */
  private withSchemaRegistry<T>(name: string, input: T): T {
    if (!DECODING_FILTERS.has(name)) return input;
    const filter = (input as { filter?: { key?: unknown; value?: unknown } }).filter;
    const schemaRegistry = filter && (filter.key || filter.value) ? this.activeRegistry() : undefined;
    return schemaRegistry ? { ...input, schemaRegistry } : input;
  }

  /** Parses, runs and checks one call; never throws: the answer is a value or an error envelope. */
  async dispatch(
    name: string,
    rawInput: unknown,
    options: { signal?: AbortSignal } = {},
  ): Promise<CallResult> {
    try {
      return { ok: true, value: await this.invoke(name, rawInput, options.signal) };
    } catch (err) {
      return { ok: false, error: toApiError(err).toEnvelope() };
    }
  }

  /** Typed call for in-process callers (control endpoint, CLI): throws ApiError. */
  call<N extends MethodName>(name: N, input: unknown, signal?: AbortSignal): Promise<MethodOutput<N>> {
    return this.invoke(name, input, signal) as Promise<MethodOutput<N>>;
  }

  /** Subscribes to a stream; bad args or a stream that fails end it through onError. */
  subscribe(
    name: string,
    rawArgs: unknown,
    onEvent: (event: unknown) => void,
    onError: (error: ApiError) => void,
  ): Unsubscribe {
    if (!isStreamName(name)) {
      queueMicrotask(() => onError(new ApiError('UNKNOWN_METHOD', `there is no stream ${name}`)));
      return () => {};
    }
    const spec = streams[name];
    const parsed = spec.args.safeParse(rawArgs);
    if (!parsed.success) {
      const error = invalidInput(name, parsed.error.issues);
      queueMicrotask(() => onError(error));
      return () => {};
    }
    let open = true;
    let stop: Unsubscribe = () => {};
    // Nothing is delivered before subscribe() has returned, so a listener can always unsubscribe.
    let held: (() => void)[] | null = [];
    const deliver = (fn: () => void): void => (held ? void held.push(fn) : fn());
    const fail = (error: ApiError): void =>
      deliver(() => {
        if (!open) return;
        open = false;
        stop();
        onError(error);
      });
    const emit = (event: unknown): void =>
      deliver(() => {
        if (!open) return;
        const checked = spec.event.safeParse(event);
        if (checked.success) onEvent(checked.data);
        else fail(malformed(name, checked.error.issues));
      });
    stop = this.isLocalStream(name)
      ? (
          this.localStreams[name] as (
            a: unknown,
            e: (x: unknown) => void,
            f: (e: ApiError) => void,
          ) => Unsubscribe
        )(parsed.data, emit, fail)
      : this.forwardStream(name, this.withSchemaRegistry(name, parsed.data), emit, fail);
    queueMicrotask(() => {
      const pending = held ?? [];
      held = null;
      for (const fn of pending) fn();
    });
    return () => {
      if (!open) return;
      open = false;
      stop();
    };
  }

  /** The service as a Transport, so `createConsoleApi(service.transport())` works in-process. */
  transport(): Transport {
    return {
      call: (method, input, signal) => this.invoke(method, input, signal),
      subscribe: (stream, args, onEvent, onError) => this.subscribe(stream, args, onEvent, onError),
    };
  }

  /** Reads the saved remote clusters from the settings folder and offers them after the embedded cluster. */
  async useSavedConnections(options: Omit<SavedConnectionsOptions, 'registry'>): Promise<void> {
    this.saved = await SavedConnections.open({ ...options, registry: this.connections });
  }

  /** The desktop's save and open dialogs, behind export.chooseFile and import.chooseFile. */
  setFileDialogs(dialogs: FileDialogs | null): void {
    this.dialogs = dialogs;
  }

  /** Ends terminals, cancels jobs, stops every connection gracefully, removes uploads and downloads. */
  async close(): Promise<void> {
    await this.terminals.closeAll();
    this.jobs.close();
    await this.connections.stopAll();
    await this.files.close();
  }

  private async invoke(name: string, rawInput: unknown, signal?: AbortSignal): Promise<unknown> {
    if (!isMethodName(name)) throw new ApiError('UNKNOWN_METHOD', `there is no method ${name}`);
    const spec = methods[name];
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) throw invalidInput(name, parsed.error.issues);
    if (signal?.aborted) throw new ApiError('CANCELLED', 'cancelled');
    const result = this.isLocalMethod(name)
      ? await (this.local[name] as (i: unknown, s: AbortSignal | undefined) => Promise<unknown>)(
          parsed.data,
          signal,
        )
      : await (
          await this.connections.backend(signal)
        ).call(name, this.withSchemaRegistry(name, parsed.data), signal);
    const checked = spec.output.safeParse(result);
    if (!checked.success) throw malformed(name, checked.error.issues);
    return checked.data;
  }

  private savedConnections(): SavedConnections {
    if (!this.saved)
      throw new ApiError('UNAVAILABLE', 'saved connections are not offered here (no settings folder)');
    return this.saved;
  }

  private isLocalMethod(name: MethodName): name is ServiceMethod {
    return Object.hasOwn(this.local, name);
  }

  private isLocalStream(name: StreamName): name is ServiceStream {
    return Object.hasOwn(this.localStreams, name);
  }

  private forwardStream(
    name: StreamName,
    args: unknown,
    emit: (event: unknown) => void,
    fail: (error: ApiError) => void,
  ): Unsubscribe {
    let stop: Unsubscribe | null = null;
    let ended = false;
    let connectionId: string;
    try {
      connectionId = this.connections.active().id;
    } catch (err) {
      queueMicrotask(() => fail(toApiError(err)));
      return () => {};
    }
    const sub = { connectionId, end: (error: ApiError) => fail(error) };
    this.forwarded.add(sub);
    this.connections.backend().then(
      (backend) => {
        if (ended) return;
        stop = backend.subscribe(name, args, emit, fail, () =>
          fail(new ApiError('UNAVAILABLE', `${name} ended`)),
        );
      },
      (err: unknown) => fail(toApiError(err)),
    );
    return () => {
      ended = true;
      this.forwarded.delete(sub);
      stop?.();
    };
  }

  private localMethods(): LocalMethods {
    const jobOrNotFound = (jobId: string) => {
      const status = this.jobs.get(jobId);
      if (!status)
        throw new ApiError('NOT_FOUND', `there is no job ${jobId} (finished jobs are kept for a while only)`);
      return status;
    };
    return {
      'connections.list': async () => this.connections.list(),
      'connections.active': async () => this.connections.active(),
      'connections.select': async ({ id }) => this.connections.select(id),
      'connections.capabilities': async () => this.connections.active().capabilities,
      'connections.add': async (settings) => this.savedConnections().add(settings),
      'connections.get': async ({ id }) => this.savedConnections().get(id),
      'connections.update': async ({ id, settings }) => this.savedConnections().update(id, settings),
      'connections.test': async (input) => this.savedConnections().test(input),
      'connections.remove': async ({ id }) => {
        await this.savedConnections().remove(id);
        return { id };
      },
      'connections.storage': async () => this.savedConnections().storage(),
      'messages.scan': async (input, signal) => {
        const backend = await this.connections.backend(signal);
        const store = new ScanStore(this.options.scanBudgetBytes);
        let scanned = 0;
        const title = `scan ${input.topic} for ${describeFilter(input.filter)}`;
        const status = this.jobs.start('scan', title, (context) =>
          runTask(
            backend,
            taskStream.scan,
            this.withSchemaRegistry('messages.scan', input),
            {
              signal: context.signal,
              progress: (update) => {
                scanned = update.records ?? scanned;
                context.progress(update);
              },
            },
            {
              onMatches: (records) => {
                const keep = store.add(records);
                context.progress({ matched: store.size });
                return keep;
              },
              early: () => ({ kind: 'scan', scanned, matched: store.size, limitReached: true }),
            },
          ),
        );
        this.scans.set(status.id, store);
        return { jobId: status.id };
      },
      'messages.scanResults': async ({ jobId, from, limit }) => {
        const status = jobOrNotFound(jobId);
        const store = this.scans.get(jobId);
        if (!store) throw new ApiError('NOT_FOUND', `job ${jobId} is not a scan`);
        return {
          records: store.slice(from, from + limit),
          total: store.size,
          done: status.state !== 'running',
        };
      },
      'messages.produceTemplate': async (input, signal) => {
        const backend = await this.connections.backend(signal);
        const title = `produce ${input.count} record${input.count === 1 ? '' : 's'} to ${input.topic}`;
        const status = this.jobs.start('produce', title, (context) => {
          context.progress({ totalRecords: input.count });
          return runTask(backend, taskStream.produceTemplate, input, context);
        });
        return { jobId: status.id };
      },
      ...transferMethods({
        backend: (signal) => this.connections.backend(signal),
        jobs: this.jobs,
        files: this.files,
        dialogs: () => this.dialogs,
        schemaRegistry: async () => this.activeRegistry(),
      }),
      ...terminalMethods(this.terminals, () => this.connections.active().bootstrap),
      ...schemaMethods(() => this.schemaRegistry()),
      'jobs.list': async () => this.jobs.list(),
      'jobs.status': async ({ jobId }) => jobOrNotFound(jobId),
      'jobs.cancel': async ({ jobId }) => {
        jobOrNotFound(jobId);
        return this.jobs.cancel(jobId)!;
      },
    };
  }

  private localStreamHandlers(): LocalStreams {
    return {
      'connections.changes': (_args, emit) => {
        emit(this.connections.active());
        return this.connections.onChange(emit);
      },
      'terminals.output': terminalOutput(this.terminals),
      'jobs.progress': ({ jobId }, emit, onError) => {
        if (jobId !== undefined) {
          const status = this.jobs.get(jobId);
          if (!status) {
            queueMicrotask(() => onError(new ApiError('NOT_FOUND', `there is no job ${jobId}`)));
            return () => {};
          }
          emit(status);
        }
        return this.jobs.onChange((status) => {
          if (jobId === undefined || status.id === jobId) emit(status);
        });
      },
    };
  }
}

function malformed(
  name: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): ApiError {
  const detail = issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  return new ApiError('INTERNAL', `${name} produced a result outside the contract (${detail})`);
}
