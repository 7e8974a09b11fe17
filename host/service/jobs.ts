/**
 * The registry of long-running jobs (filtered scans, produce runs; export and import later).
 * A job runs an async function with an AbortSignal and reports raw counters; the registry turns
 * them into the contract's progress (percent, rates over the last few seconds, ETA), tells
 * listeners at most every `publishEveryMs` (and at once when the state changes), and keeps
 * finished jobs for a while so their results can still be read.
 */
import type { ApiError } from '../api/errors.js';
import type { JobProgress, JobResult, JobStatus } from '../api/schemas/jobs.js';
import { toApiError } from './errors.js';

export type JobKind = JobStatus['kind'];

/** Counters a job reports; totals may stay null when unknown. */
export interface TaskProgress {
  readonly records: number;
  readonly bytes: number;
  readonly totalRecords: number | null;
  readonly totalBytes: number | null;
  readonly matched: number | null;
}

export interface JobContext {
  readonly signal: AbortSignal;
  progress(update: Partial<TaskProgress>): void;
}

export interface JobRegistryOptions {
  readonly now?: () => number;
  readonly publishEveryMs?: number;
  /** Finished jobs are forgotten after this long, or when more than `keepFinished` are kept. */
  readonly keepFinishedMs?: number;
  readonly keepFinished?: number;
  /** Called when a finished job is forgotten (to free what was kept for it). */
  readonly onForget?: (id: string) => void;
}

interface Sample {
  readonly at: number;
  readonly records: number;
  readonly bytes: number;
}

interface Job {
  readonly id: string;
  readonly kind: JobKind;
  readonly title: string;
  readonly startedAt: number;
  readonly controller: AbortController;
  state: JobStatus['state'];
  finishedAt: number | null;
  counters: TaskProgress;
  samples: Sample[];
  result: JobResult | null;
  error: ApiError | null;
  lastPublished: number;
  publishTimer: ReturnType<typeof setTimeout> | null;
}

const RATE_WINDOW_MS = 5_000;

export class JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private readonly listeners = new Set<(status: JobStatus) => void>();
  private nextId = 1;
  private readonly now: () => number;
  private readonly publishEveryMs: number;
  private readonly keepFinishedMs: number;
  private readonly keepFinished: number;

  constructor(private readonly options: JobRegistryOptions = {}) {
    this.now = options.now ?? Date.now;
    this.publishEveryMs = options.publishEveryMs ?? 250;
    this.keepFinishedMs = options.keepFinishedMs ?? 15 * 60_000;
    this.keepFinished = options.keepFinished ?? 100;
  }

  /** Starts `run` as a job; its result (or error, or the abort) ends the job. */
  start(kind: JobKind, title: string, run: (context: JobContext) => Promise<JobResult>): JobStatus {
    const now = this.now();
    const job: Job = {
      id: `${kind}-${this.nextId++}`,
      kind,
      title,
      startedAt: now,
      controller: new AbortController(),
      state: 'running',
      finishedAt: null,
      counters: { records: 0, bytes: 0, totalRecords: null, totalBytes: null, matched: null },
      samples: [{ at: now, records: 0, bytes: 0 }],
      result: null,
      error: null,
      lastPublished: 0,
      publishTimer: null,
    };
    this.jobs.set(job.id, job);
    const context: JobContext = {
      signal: job.controller.signal,
      progress: (update) => {
        if (job.state !== 'running') return;
        job.counters = { ...job.counters, ...update };
        this.sample(job);
        this.schedulePublish(job);
      },
    };
    void Promise.resolve()
      .then(() => run(context))
      .then(
        (result) => this.finish(job, job.controller.signal.aborted ? 'cancelled' : 'done', result, null),
        (err: unknown) =>
          this.finish(job, job.controller.signal.aborted ? 'cancelled' : 'failed', null, toApiError(err)),
      );
    this.publish(job);
    return this.status(job);
  }

  get(id: string): JobStatus | undefined {
    const job = this.jobs.get(id);
    return job && this.status(job);
  }

  list(): JobStatus[] {
    this.evict();
    return [...this.jobs.values()].map((job) => this.status(job));
  }

  /** Cancels a running job (it ends as `cancelled`); a finished job is left as it is. */
  cancel(id: string): JobStatus | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    if (job.state === 'running') {
      job.controller.abort();
      this.finish(job, 'cancelled', null, null);
    }
    return this.status(job);
  }

  onChange(listener: (status: JobStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cancels every running job. */
  close(): void {
    for (const job of this.jobs.values()) if (job.state === 'running') this.cancel(job.id);
  }

  private finish(
    job: Job,
    state: JobStatus['state'],
    result: JobResult | null,
    error: ApiError | null,
  ): void {
    if (job.state !== 'running') return;
    job.state = state;
    job.finishedAt = this.now();
    job.result = state === 'done' ? result : null;
    job.error = state === 'failed' ? error : null;
    if (job.publishTimer) clearTimeout(job.publishTimer);
    job.publishTimer = null;
    this.publish(job);
    this.evict();
  }

  private sample(job: Job): void {
    const at = this.now();
    job.samples.push({ at, records: job.counters.records, bytes: job.counters.bytes });
    while (job.samples.length > 2 && at - job.samples[1]!.at >= RATE_WINDOW_MS) job.samples.shift();
  }

  private schedulePublish(job: Job): void {
    if (job.publishTimer) return;
    const wait = Math.max(0, job.lastPublished + this.publishEveryMs - this.now());
    if (wait === 0) return this.publish(job);
    job.publishTimer = setTimeout(() => {
      job.publishTimer = null;
      if (job.state === 'running') this.publish(job);
    }, wait);
  }

  private publish(job: Job): void {
    job.lastPublished = this.now();
    const status = this.status(job);
    for (const listener of [...this.listeners]) listener(status);
  }

  private evict(): void {
    const now = this.now();
    const finished = [...this.jobs.values()].filter((j) => j.state !== 'running');
    const excess = finished.length - this.keepFinished;
    finished.forEach((job, i) => {
      if (i < excess || now - (job.finishedAt ?? now) > this.keepFinishedMs) {
        this.jobs.delete(job.id);
        this.options.onForget?.(job.id);
      }
    });
  }

  private status(job: Job): JobStatus {
    return {
      id: job.id,
      kind: job.kind,
      title: job.title,
      state: job.state,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      progress: progressOf(job, this.now()),
      result: job.result,
      error: job.error ? job.error.toEnvelope() : null,
    };
  }
}

function progressOf(job: Job, now: number): JobProgress {
  const { records, bytes, totalRecords, totalBytes, matched } = job.counters;
  const first = job.samples[0]!;
  const end = job.finishedAt ?? now;
  const seconds = (end - first.at) / 1000;
  const recordsPerSecond = seconds > 0 ? (records - first.records) / seconds : 0;
  const bytesPerSecond = seconds > 0 ? (bytes - first.bytes) / seconds : 0;
  let percent: number | null = null;
  let etaMs: number | null = null;
  if (totalRecords !== null && totalRecords > 0) {
    percent = Math.min(100, (records / totalRecords) * 100);
    if (recordsPerSecond > 0) etaMs = Math.max(0, ((totalRecords - records) / recordsPerSecond) * 1000);
  } else if (totalBytes !== null && totalBytes > 0) {
    percent = Math.min(100, (bytes / totalBytes) * 100);
    if (bytesPerSecond > 0) etaMs = Math.max(0, ((totalBytes - bytes) / bytesPerSecond) * 1000);
  }
  if (job.state === 'done') {
    percent = 100;
    etaMs = 0;
  } else if (job.state !== 'running') etaMs = null;
  return {
    records,
    bytes,
    totalRecords,
    totalBytes,
    matched,
    percent,
    recordsPerSecond,
    bytesPerSecond,
    etaMs,
  };
}
