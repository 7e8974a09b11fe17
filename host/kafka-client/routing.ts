/**
 * Routing with retries, over any ClusterAccess: per-partition work sent to each partition's
 * leader, and single requests retried on retriable failures. This is where a Kafka client earns
 * its keep during leader elections: a partition answered NOT_LEADER_OR_FOLLOWER (or any error
 * Kafka marks retriable), or whose leader cannot be reached, is sent again to the leader the
 * refreshed metadata names, after a backoff that doubles (100 ms up to 1 s), until it succeeds
 * or the deadline passes. Errors that retrying cannot fix end the item at once.
 *
 * A topic the metadata does not know fails at once with UNKNOWN_TOPIC_OR_PARTITION: the console
 * must say "no such topic", not spin.
 */
import { ErrorCode, KafkaError, errorName, isRetriable } from '../../engine/protocol/errors.js';
import type { ClusterAccess, TopicRoute } from '../cluster-access.js';
import { cancelled, isRetriableError, throwIfAborted } from './errors.js';

export interface RetryOptions {
  readonly signal?: AbortSignal;
  /** Give up retrying after this long. Default 30 s. */
  readonly deadlineMs?: number;
}

export interface PartitionRef {
  readonly topic: string;
  readonly partition: number;
}

/** What a leader answered for one item: an error code (0 for success) and, on success, a value. */
export interface ItemOutcome<T, R> {
  readonly item: T;
  readonly errorCode: number;
  readonly errorMessage?: string | null;
  readonly value?: R;
}

export type ItemResult<R> =
  { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: Error };

const INITIAL_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 1_000;
const DEFAULT_DEADLINE_MS = 30_000;

/** Waits `ms`, or rejects with CANCELLED when the signal aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The route of a partition, or the error that says why there is none. */
export function partitionRoute(
  topics: ReadonlyMap<string, TopicRoute>,
  ref: PartitionRef,
): { leader: number; leaderEpoch: number } | KafkaError {
  const topic = topics.get(ref.topic);
  if (!topic)
    return new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic "${ref.topic}" does not exist`);
  const partition = topic.partitions.find((p) => p.partition === ref.partition);
  if (!partition) {
    return new KafkaError(
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      `topic "${ref.topic}" has no partition ${ref.partition} (it has ${topic.partitions.length})`,
    );
  }
  return { leader: partition.leader, leaderEpoch: partition.leaderEpoch };
}

function itemError(ref: PartitionRef, code: number, message: string | null | undefined): KafkaError {
  const detail = message ? `: ${message}` : '';
  return new KafkaError(code as ErrorCode, `${ref.topic}[${ref.partition}]: ${errorName(code)}${detail}`);
}

/**
 * Sends items (one per partition, or several) to their partitions' leaders, one `send` per
 * leader, retrying as described above. Answers a result for every item.
 */
export async function forEachLeader<T extends PartitionRef, R>(
  access: ClusterAccess,
  items: readonly T[],
  send: (
    leader: number,
    items: readonly T[],
    leaderEpochs: ReadonlyMap<T, number>,
  ) => Promise<readonly ItemOutcome<T, R>[]>,
  options: RetryOptions = {},
): Promise<Map<T, ItemResult<R>>> {
  const results = new Map<T, ItemResult<R>>();
  const deadline = Date.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  let pending = [...items];
  let lastErrors = new Map<T, Error>();
  for (let attempt = 0; pending.length > 0; attempt++) {
    throwIfAborted(options.signal);
    const topicNames = [...new Set(pending.map((i) => i.topic))];
    let routes: ReadonlyMap<string, TopicRoute>;
    try {
      routes = (await access.metadata({ topics: topicNames, refresh: attempt > 0, signal: options.signal }))
        .topics;
    } catch (error) {
      if (!isRetriableError(error) || Date.now() >= deadline) {
        for (const item of pending) results.set(item, { ok: false, error: error as Error });
        return results;
      }
      await sleep(backoff(attempt), options.signal);
      continue;
    }
    const byLeader = new Map<number, T[]>();
    const epochs = new Map<T, number>();
    const retry: T[] = [];
    const nextErrors = new Map<T, Error>();
    for (const item of pending) {
      const route = partitionRoute(routes, item);
      if (route instanceof KafkaError) {
        results.set(item, { ok: false, error: route });
      } else if (route.leader < 0) {
        retry.push(item);
        nextErrors.set(item, itemError(item, ErrorCode.LEADER_NOT_AVAILABLE, 'the partition has no leader'));
      } else {
        epochs.set(item, route.leaderEpoch);
        const group = byLeader.get(route.leader) ?? [];
        group.push(item);
        byLeader.set(route.leader, group);
      }
    }
    await Promise.all(
      [...byLeader].map(async ([leader, group]) => {
        let outcomes: readonly ItemOutcome<T, R>[];
        try {
          outcomes = await send(leader, group, epochs);
        } catch (error) {
          for (const item of group) {
            if (isRetriableError(error)) {
              retry.push(item);
              nextErrors.set(item, error as Error);
            } else {
              results.set(item, { ok: false, error: error as Error });
            }
          }
          return;
        }
        for (const outcome of outcomes) {
          if (outcome.errorCode === ErrorCode.NONE) {
            results.set(outcome.item, { ok: true, value: outcome.value as R });
          } else if (isRetriable(outcome.errorCode)) {
            retry.push(outcome.item);
            nextErrors.set(outcome.item, itemError(outcome.item, outcome.errorCode, outcome.errorMessage));
          } else {
            results.set(outcome.item, {
              ok: false,
              error: itemError(outcome.item, outcome.errorCode, outcome.errorMessage),
            });
          }
        }
      }),
    );
    throwIfAborted(options.signal);
    lastErrors = nextErrors;
    pending = retry;
    if (pending.length === 0) break;
    if (Date.now() + backoff(attempt) >= deadline) break;
    access.invalidate({ topics: [...new Set(pending.map((i) => i.topic))] });
    await sleep(backoff(attempt), options.signal);
  }
  for (const item of pending) {
    results.set(item, {
      ok: false,
      error: lastErrors.get(item) ?? itemError(item, ErrorCode.REQUEST_TIMED_OUT, null),
    });
  }
  return results;
}

/**
 * Runs `attempt` until it does not throw a retriable error (a dropped connection, a retriable
 * Kafka error code thrown as KafkaError), or the deadline passes; then throws the last error.
 */
export async function withRetries<R>(
  attempt: (signal?: AbortSignal) => Promise<R>,
  options: RetryOptions = {},
): Promise<R> {
  const deadline = Date.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  for (let n = 0; ; n++) {
    throwIfAborted(options.signal);
    try {
      return await attempt(options.signal);
    } catch (error) {
      if (!isRetriableError(error) || Date.now() + backoff(n) >= deadline) throw error;
    }
    await sleep(backoff(n), options.signal);
  }
}

const coordinatorMoved: ReadonlySet<number> = new Set([
  ErrorCode.NOT_COORDINATOR,
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
]);

/**
 * Runs `attempt` against the coordinator of a group, retrying as `withRetries` does; when the
 * coordinator moved or could not be reached, the next attempt looks it up again. `attempt`
 * throws a KafkaError for an error code it was answered (see `throwIfError`).
 */
export function withCoordinator<R>(
  access: ClusterAccess,
  groupId: string,
  attempt: (coordinator: number, signal?: AbortSignal) => Promise<R>,
  options: RetryOptions = {},
): Promise<R> {
  return withRetries(async (signal) => {
    const coordinator = await access.coordinatorOf(groupId, { signal });
    try {
      return await attempt(coordinator, signal);
    } catch (error) {
      if ((error instanceof KafkaError && coordinatorMoved.has(error.code)) || isRetriableError(error)) {
        access.invalidate({ group: groupId });
      }
      throw error;
    }
  }, options);
}

/** Throws a KafkaError for a non-zero error code, naming what was being done. */
export function throwIfError(errorCode: number, what: string, message?: string | null): void {
  if (errorCode === ErrorCode.NONE) return;
  const detail = message ? `: ${message}` : '';
  throw new KafkaError(errorCode as ErrorCode, `${what}: ${errorName(errorCode)}${detail}`);
}

/** Throws the error of a failed item result, returns its value otherwise. */
export function unwrap<R>(result: ItemResult<R> | undefined): R {
  if (!result) throw new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, 'no result');
  if (!result.ok) throw result.error;
  return result.value;
}

function backoff(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** attempt);
}
