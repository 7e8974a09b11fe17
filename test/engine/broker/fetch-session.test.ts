import { describe, expect, it } from 'vitest';
import {
  newFetchContext,
  shapeFetchResponse,
  type FetchPartitionOutcome,
  type FetchPartitionRequest,
  type FetchSessionRequest,
} from '../../../engine/broker/fetch-context.js';
import {
  FetchSessionCache,
  nextEpoch,
  SESSION_EVICTION_MS,
  type CachedPartition,
} from '../../../engine/broker/fetch-session-cache.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { ZERO_UUID } from '../../../engine/protocol/uuid.js';

const part = (partition: number, fetchOffset = 0): FetchPartitionRequest => ({
  topic: 'events',
  topicId: ZERO_UUID,
  partition,
  fetchOffset,
  currentLeaderEpoch: 0,
  lastFetchedEpoch: -1,
  logStartOffset: -1,
  maxBytes: 1024,
});

const request = (over: Partial<FetchSessionRequest>): FetchSessionRequest => ({
  sessionId: 0,
  sessionEpoch: 0,
  usesTopicIds: false,
  isFollower: false,
  partitions: [],
  forgotten: [],
  topicName: () => null,
  ...over,
});

const outcome = (over: Partial<FetchPartitionOutcome> = {}): FetchPartitionOutcome => ({
  errorCode: ErrorCode.NONE,
  highWatermark: 10,
  logStartOffset: 0,
  recordBytes: 0,
  hasPreferredReadReplica: false,
  hasDivergingEpoch: false,
  ...over,
});

const cached = (partition: number): CachedPartition => ({
  topic: 'events',
  topicId: ZERO_UUID,
  partition,
  fetchOffset: 0,
  maxBytes: 1,
  currentLeaderEpoch: -1,
  lastFetchedEpoch: -1,
  fetcherLogStartOffset: -1,
  highWatermark: -1,
  localLogStartOffset: -1,
});

/** Runs a full fetch of partitions 0..n-1 and returns the new session's id. */
function openSession(cache: FetchSessionCache, n: number, now = 0): number {
  const partitions = Array.from({ length: n }, (_, i) => part(i));
  const context = newFetchContext(cache, request({ partitions }), now);
  if (context.kind === 'error') throw new Error('unexpected error context');
  const shaped = shapeFetchResponse(
    context,
    cache,
    now,
    partitions.map((p) => ({ request: p, outcome: outcome() })),
  );
  return shaped.sessionId;
}

describe('fetch sessions', () => {
  it('wraps epochs from 2^31-1 to 1 and keeps FINAL final', () => {
    expect(nextEpoch(0)).toBe(1);
    expect(nextEpoch(0x7fffffff)).toBe(1);
    expect(nextEpoch(-1)).toBe(-1);
  });

  it('creates a session on a full fetch with epoch 0 and none with epoch -1', () => {
    const cache = new FetchSessionCache(10);
    const id = openSession(cache, 2);
    expect(id).toBeGreaterThan(0);
    expect(cache.get(id)?.epoch).toBe(1);
    const sessionless = newFetchContext(
      cache,
      request({ sessionId: id, sessionEpoch: -1, partitions: [part(0)] }),
      0,
    );
    expect(sessionless.kind).toBe('sessionless');
    expect(cache.get(id)).toBeUndefined();
  });

  it('answers an incremental fetch with the session partitions and only those with news', () => {
    const cache = new FetchSessionCache(10);
    const id = openSession(cache, 3);
    const context = newFetchContext(cache, request({ sessionId: id, sessionEpoch: 1 }), 1);
    expect(context.kind).toBe('incremental');
    if (context.kind !== 'incremental') return;
    expect(context.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    const shaped = shapeFetchResponse(context, cache, 1, [
      { request: part(0), outcome: outcome() },
      { request: part(1), outcome: outcome({ recordBytes: 100, highWatermark: 11 }) },
      { request: part(2), outcome: outcome({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER }) },
    ]);
    expect(shaped).toMatchObject({ errorCode: ErrorCode.NONE, sessionId: id });
    expect(shaped.partitions.map((p) => p.request.partition)).toEqual([1, 2]);
    // Partition 1 returned records: it moves to the end of the order, for fairness.
    expect([...cache.get(id)!.partitions.values()].map((p) => p.partition)).toEqual([0, 2, 1]);
    expect(cache.get(id)!.epoch).toBe(2);
  });

  it('adds, updates and forgets partitions, and closes a session left empty', () => {
    const cache = new FetchSessionCache(10);
    const id = openSession(cache, 1);
    const context = newFetchContext(
      cache,
      request({ sessionId: id, sessionEpoch: 1, partitions: [part(0, 42), part(5)] }),
      1,
    );
    if (context.kind !== 'incremental') throw new Error(context.kind);
    expect(context.partitions.map((p) => [p.partition, p.fetchOffset])).toEqual([
      [0, 42],
      [5, 0],
    ]);
    const emptied = newFetchContext(
      cache,
      request({ sessionId: id, sessionEpoch: 2, forgotten: [part(0), part(5)] }),
      2,
    );
    expect(emptied.kind).toBe('sessionless');
    expect(cache.size).toBe(0);
  });

  it('refuses an unknown session, a wrong epoch and a switch between names and topic ids', () => {
    const cache = new FetchSessionCache(10);
    const id = openSession(cache, 1);
    expect(newFetchContext(cache, request({ sessionId: id + 1, sessionEpoch: 1 }), 0)).toEqual({
      kind: 'error',
      errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND,
    });
    expect(newFetchContext(cache, request({ sessionId: id, sessionEpoch: 5 }), 0)).toEqual({
      kind: 'error',
      errorCode: ErrorCode.INVALID_FETCH_SESSION_EPOCH,
    });
    expect(
      newFetchContext(cache, request({ sessionId: id, sessionEpoch: 1, usesTopicIds: true }), 0),
    ).toEqual({
      kind: 'error',
      errorCode: ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR,
    });
  });

  it('answers INVALID_FETCH_SESSION_EPOCH when a duplicate request moved the epoch on meanwhile', () => {
    const cache = new FetchSessionCache(10);
    const id = openSession(cache, 1);
    const first = newFetchContext(cache, request({ sessionId: id, sessionEpoch: 1 }), 0);
    newFetchContext(cache, request({ sessionId: id, sessionEpoch: 2 }), 0);
    if (first.kind !== 'incremental') throw new Error(first.kind);
    expect(shapeFetchResponse(first, cache, 0, [])).toEqual({
      errorCode: ErrorCode.INVALID_FETCH_SESSION_EPOCH,
      sessionId: id,
      partitions: [],
    });
  });

  it('declines a new session (id 0) when the cache is full of young sessions', () => {
    const cache = new FetchSessionCache(2);
    openSession(cache, 5);
    openSession(cache, 5);
    expect(openSession(cache, 9)).toBe(0);
    expect(cache.evictions).toBe(0);
    expect(new FetchSessionCache(0).maybeCreateSession(0, false, false, [])).toBe(0);
  });

  it('evicts a stale session, else the smallest old one for a bigger new one, as Kafka does', () => {
    const cache = new FetchSessionCache(2);
    const stale = cache.maybeCreateSession(0, false, false, [cached(0)]);
    const busy = cache.maybeCreateSession(0, false, false, [cached(0), cached(1)]);
    cache.touch(cache.get(busy)!, SESSION_EVICTION_MS);
    // `stale` has not been used for longer than the eviction time: any newcomer may take its slot.
    const newcomer = cache.maybeCreateSession(SESSION_EVICTION_MS + 1, false, false, [cached(0)]);
    expect(newcomer).toBeGreaterThan(0);
    expect(cache.get(stale)).toBeUndefined();
    // Now both are in use; `busy` is old (created long ago) and smaller than a 3-partition session.
    cache.touch(cache.get(newcomer)!, SESSION_EVICTION_MS + 1);
    const bigger = cache.maybeCreateSession(SESSION_EVICTION_MS + 2, false, false, [
      cached(0),
      cached(1),
      cached(2),
    ]);
    expect(bigger).toBeGreaterThan(0);
    expect(cache.get(busy)).toBeUndefined();
    expect(cache.evictions).toBe(2);
  });

  it('lets a follower evict a young consumer session', () => {
    const cache = new FetchSessionCache(1);
    const consumer = cache.maybeCreateSession(0, false, false, [cached(0), cached(1)]);
    expect(cache.maybeCreateSession(1, false, false, [cached(0), cached(1), cached(2)])).toBe(0);
    const follower = cache.maybeCreateSession(1, true, false, [cached(0)]);
    expect(follower).toBeGreaterThan(0);
    expect(cache.get(consumer)).toBeUndefined();
  });
});
