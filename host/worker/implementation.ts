/**
 * What a connection (the embedded cluster, or a remote one) implements inside its worker: every
 * contract method and stream that the console service forwards, plus the tasks behind jobs.
 * The service itself answers connections.*, jobs.* and the job-starting methods; the rest come
 * here, with input already parsed (defaults filled) and output checked by the service.
 *
 * A remote connection may leave out the local-only entries (faults, the event stream): they then
 * answer LOCAL_ONLY. Everything else is required, so a missing method is a compile error.
 */
import { ApiError } from '../api/errors.js';
import {
  methods as methodSpecs,
  streams as streamSpecs,
  type MethodName,
  type Methods,
  type StreamName,
  type Streams,
} from '../api/contract.js';
import type { Capabilities } from '../api/schemas/connections.js';
import type { JobResult } from '../api/schemas/jobs.js';
import type { messageRecordSchema, ScanInput } from '../api/schemas/messages.js';
import type { MethodParsedInput, MethodResult, StreamEventInput, StreamParsedArgs } from '../api/types.js';
import type { ExportTaskInput } from '../console/export/export-topic.js';
import type { ImportTaskInput } from '../console/import/import-topic.js';
import type { CallHandler, RpcHandlers, StreamHandler } from './rpc.js';
import type { z } from 'zod';

/** Answered by the console service, never forwarded to a connection. */
export const serviceMethods = [
  'connections.list',
  'connections.active',
  'connections.select',
  'connections.capabilities',
  'connections.add',
  'connections.get',
  'connections.update',
  'connections.test',
  'connections.remove',
  'connections.storage',
  'messages.scan',
  'messages.scanResults',
  'messages.produceTemplate',
  'export.chooseFile',
  'export.start',
  'import.chooseFile',
  'import.preview',
  'import.start',
  'terminals.open',
  'terminals.list',
  'terminals.write',
  'terminals.resize',
  'terminals.ack',
  'terminals.close',
  'jobs.list',
  'jobs.status',
  'jobs.cancel',
  'schemas.list',
  'schemas.get',
  'schemas.check',
  'schemas.register',
  'schemas.delete',
  'schemas.decode',
  'schemas.encode',
] as const satisfies readonly MethodName[];
export const serviceStreams = [
  'connections.changes',
  'terminals.output',
  'jobs.progress',
] as const satisfies readonly StreamName[];

export type ServiceMethod = (typeof serviceMethods)[number];
export type ServiceStream = (typeof serviceStreams)[number];
export type ForwardedMethod = Exclude<MethodName, ServiceMethod>;
export type ForwardedStream = Exclude<StreamName, ServiceStream>;

type LocalOnly<T> = {
  [N in keyof T]: T[N] extends { localOnly: true } ? N : never;
}[keyof T];
export type LocalOnlyMethod = LocalOnly<Methods> & MethodName;
export type LocalOnlyStream = LocalOnly<Streams> & StreamName;

export type MethodImpl<N extends MethodName> = (
  input: MethodParsedInput<N>,
  signal: AbortSignal,
) => Promise<MethodResult<N>>;

export type StreamImpl<N extends StreamName> = (
  args: StreamParsedArgs<N>,
  emit: (event: StreamEventInput<N>) => void,
  signal: AbortSignal,
) => Promise<void> | void;

export type MethodImpls = { [N in Exclude<ForwardedMethod, LocalOnlyMethod>]: MethodImpl<N> } & {
  [N in LocalOnlyMethod]?: MethodImpl<N>;
};
export type StreamImpls = { [N in Exclude<ForwardedStream, LocalOnlyStream>]: StreamImpl<N> } & {
  [N in LocalOnlyStream]?: StreamImpl<N>;
};

/** What a record looks like before the output schema checks it (same shape, input side). */
export type RecordInput = z.input<typeof messageRecordSchema>;
export type ProduceTemplateInput = MethodParsedInput<'messages.produceTemplate'>;

/** Counters a task reports (the service derives rates, percent and ETA). */
export interface TaskCounters {
  readonly records?: number;
  readonly bytes?: number;
  readonly totalRecords?: number | null;
  readonly totalBytes?: number | null;
  readonly matched?: number | null;
}

export interface TaskReport {
  progress(counters: TaskCounters): void;
}

export interface ScanReport extends TaskReport {
  /** Matching records, in the order found; the service keeps them for messages.scanResults. */
  matches(records: readonly RecordInput[]): void;
}

export interface TaskImpls {
  scan(
    input: ScanInput,
    report: ScanReport,
    signal: AbortSignal,
  ): Promise<Extract<JobResult, { kind: 'scan' }>>;
  produceTemplate(
    input: ProduceTemplateInput,
    report: TaskReport,
    signal: AbortSignal,
  ): Promise<Extract<JobResult, { kind: 'produce' }>>;
  /** Writes the file at input.path (granted by the service); progress as records and bytes. */
  export(
    input: ExportTaskInput,
    report: TaskReport,
    signal: AbortSignal,
  ): Promise<Extract<JobResult, { kind: 'export' }>>;
  import(
    input: ImportTaskInput,
    report: TaskReport,
    signal: AbortSignal,
  ): Promise<Extract<JobResult, { kind: 'import' }>>;
}

export interface ConnectionInfo {
  readonly clusterId: string | null;
  /** host:port,host:port,... */
  readonly bootstrap: string;
  readonly capabilities: Capabilities;
}

export interface ConnectionImplementation {
  readonly info: ConnectionInfo;
  readonly methods: MethodImpls;
  readonly streams: StreamImpls;
  readonly tasks: TaskImpls;
  /** Stops what the connection runs (the embedded cluster, its clients), gracefully. */
  close(): Promise<void>;
}

/** A module a connection worker loads: `open(options)` resolves once the connection is usable. */
export interface ConnectionModule {
  open(options: unknown): Promise<ConnectionImplementation>;
}

/** Task events on the RPC stream `task.<name>`; the stream ends after `result`. */
export type TaskEvent =
  | { readonly type: 'progress'; readonly counters: TaskCounters }
  | { readonly type: 'matches'; readonly records: readonly RecordInput[] }
  | { readonly type: 'result'; readonly result: JobResult };

export const taskStream = {
  scan: 'task.scan',
  produceTemplate: 'task.produceTemplate',
  export: 'task.export',
  import: 'task.import',
} as const;

function localOnly(name: string): ApiError {
  return new ApiError('LOCAL_ONLY', `${name} is only available on the embedded cluster`);
}

/** The RPC handler table of a connection: contract names for methods and streams, task.* for tasks. */
export function implementationHandlers(impl: ConnectionImplementation): RpcHandlers {
  const calls: Record<string, CallHandler> = {};
  const streams: Record<string, StreamHandler> = {};
  const methodTable = impl.methods as Record<string, CallHandler | undefined>;
  const streamTable = impl.streams as Record<string, StreamHandler | undefined>;
  for (const name of Object.keys(methodSpecs)) {
    if ((serviceMethods as readonly string[]).includes(name)) continue;
    calls[name] =
      methodTable[name] ??
      (async () => {
        throw localOnly(name);
      });
  }
  for (const name of Object.keys(streamSpecs)) {
    if ((serviceStreams as readonly string[]).includes(name)) continue;
    streams[name] =
      streamTable[name] ??
      (async () => {
        throw localOnly(name);
      });
  }
  streams[taskStream.scan] = async (input, emit, signal) => {
    const report: ScanReport = {
      progress: (counters) => emit({ type: 'progress', counters } satisfies TaskEvent),
      matches: (records) => emit({ type: 'matches', records } satisfies TaskEvent),
    };
    const result = await impl.tasks.scan(input as ScanInput, report, signal);
    emit({ type: 'result', result } satisfies TaskEvent);
  };
  const progressOnly = <I>(
    task: (input: I, report: TaskReport, signal: AbortSignal) => Promise<JobResult>,
  ): StreamHandler => {
    return async (input, emit, signal) => {
      const report: TaskReport = {
        progress: (counters) => emit({ type: 'progress', counters } satisfies TaskEvent),
      };
      const result = await task(input as I, report, signal);
      emit({ type: 'result', result } satisfies TaskEvent);
    };
  };
  streams[taskStream.produceTemplate] = progressOnly<ProduceTemplateInput>((i, r, s) =>
    impl.tasks.produceTemplate(i, r, s),
  );
  streams[taskStream.export] = progressOnly<ExportTaskInput>((i, r, s) => impl.tasks.export(i, r, s));
  streams[taskStream.import] = progressOnly<ImportTaskInput>((i, r, s) => impl.tasks.import(i, r, s));
  return { calls, streams };
}
