/**
 * Runs a connection's task (`task.scan`, `task.produceTemplate`) as the body of a job: progress
 * counters go to the job, matches to the caller, the final result ends it, and cancelling the
 * job unsubscribes, which aborts the task in the worker.
 */
import { ApiError } from '../api/errors.js';
import type { JobResult } from '../api/schemas/jobs.js';
import type { RecordInput, TaskEvent } from '../worker/implementation.js';
import type { Backend } from './backend.js';
import type { JobContext } from './jobs.js';

export interface TaskHooks {
  /** Returns false to stop the task early; the job then ends with `early()` as its result. */
  onMatches?(records: readonly RecordInput[]): boolean;
  early?(): JobResult;
}

export function runTask(
  backend: Backend,
  name: string,
  input: unknown,
  context: JobContext,
  hooks: TaskHooks = {},
): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    let result: JobResult | null = null;
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      context.signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      unsubscribe();
      settle(() => reject(new ApiError('CANCELLED', 'cancelled')));
    };
    const unsubscribe = backend.subscribe(
      name,
      input,
      (raw) => {
        const event = raw as TaskEvent;
        if (event.type === 'progress') context.progress(event.counters);
        else if (event.type === 'result') result = event.result;
        else if (hooks.onMatches && !hooks.onMatches(event.records) && hooks.early) {
          unsubscribe();
          const early = hooks.early();
          settle(() => resolve(early));
        }
      },
      (error) => settle(() => reject(error)),
      () =>
        settle(() =>
          result ? resolve(result) : reject(new ApiError('INTERNAL', `${name} ended without a result`)),
        ),
    );
    if (context.signal.aborted) onAbort();
    else context.signal.addEventListener('abort', onAbort, { once: true });
  });
}
