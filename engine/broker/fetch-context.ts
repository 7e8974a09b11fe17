/**
 * What one fetch request means with respect to fetch sessions (Kafka's FetchManager.newContext
 * and its FetchContext kinds), and how its response is shaped by it:
 *
 *   session id, epoch      context        partitions fetched          response
 *   any, -1 (FINAL)        sessionless    the request's               all, session id 0 (closes the id named)
 *   any, 0 (INITIAL)       full           the request's               all, and a new session's id if a slot is free
 *   id, n > 0              incremental    the session's, updated      only partitions with news, session id
 *
 * An incremental request whose session is unknown gets FETCH_SESSION_ID_NOT_FOUND, one with the
 * wrong epoch INVALID_FETCH_SESSION_EPOCH, one that mixes topic ids with a session by names (or
 * the reverse) FETCH_SESSION_TOPIC_ID_ERROR; all with no partitions and session id 0. A session
 * left with no partitions after the forgotten ones are removed is closed.
 */
import {
  FINAL_EPOCH,
  INITIAL_EPOCH,
  INVALID_SESSION_ID,
  nextEpoch,
  partitionKey,
  type CachedPartition,
  type FetchSession,
  type FetchSessionCache,
} from './fetch-session-cache.js';
import { ErrorCode } from '../protocol/errors.js';

/** One partition a fetch reads, from the request or from the session. */
export interface FetchPartitionRequest {
  /** Null when named by a topic id this broker does not know. */
  readonly topic: string | null;
  readonly topicId: string;
  readonly partition: number;
  readonly fetchOffset: number;
  readonly currentLeaderEpoch: number;
  readonly lastFetchedEpoch: number;
  readonly logStartOffset: number;
  readonly maxBytes: number;
}

/** The parts of a partition's answer that decide whether an incremental response includes it. */
export interface FetchPartitionOutcome {
  readonly errorCode: number;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly recordBytes: number;
  readonly hasPreferredReadReplica: boolean;
  readonly hasDivergingEpoch: boolean;
}

export type FetchContext =
  | { readonly kind: 'error'; readonly errorCode: ErrorCode }
  | { readonly kind: 'sessionless'; readonly partitions: readonly FetchPartitionRequest[] }
  | {
      readonly kind: 'full';
      readonly partitions: readonly FetchPartitionRequest[];
      readonly privileged: boolean;
      readonly usesTopicIds: boolean;
    }
  | {
      readonly kind: 'incremental';
      readonly partitions: readonly FetchPartitionRequest[];
      readonly session: FetchSession;
      readonly requestEpoch: number;
    };

export interface FetchSessionRequest {
  readonly sessionId: number;
  readonly sessionEpoch: number;
  readonly usesTopicIds: boolean;
  /** A follower's fetch: its session is privileged in the cache. */
  readonly isFollower: boolean;
  readonly partitions: readonly FetchPartitionRequest[];
  readonly forgotten: readonly Pick<FetchPartitionRequest, 'topic' | 'topicId' | 'partition'>[];
  /** Names topic ids, for session partitions added before their topic was known. */
  readonly topicName: (topicId: string) => string | null;
}

export function newFetchContext(
  cache: FetchSessionCache,
  request: FetchSessionRequest,
  now: number,
): FetchContext {
  const { sessionId, sessionEpoch } = request;
  if (sessionEpoch === INITIAL_EPOCH || sessionEpoch === FINAL_EPOCH) {
    // A full request closes any session it names.
    if (sessionId !== INVALID_SESSION_ID) cache.remove(sessionId);
    return sessionEpoch === FINAL_EPOCH
      ? { kind: 'sessionless', partitions: request.partitions }
      : {
          kind: 'full',
          partitions: request.partitions,
          privileged: request.isFollower,
          usesTopicIds: request.usesTopicIds,
        };
  }
  const session = cache.get(sessionId);
  if (session === undefined) return { kind: 'error', errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND };
  if (session.epoch !== sessionEpoch)
    return { kind: 'error', errorCode: ErrorCode.INVALID_FETCH_SESSION_EPOCH };
  if (session.usesTopicIds !== request.usesTopicIds) {
    return { kind: 'error', errorCode: ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR };
  }
  updateSession(session, request);
  if (session.partitions.size === 0) {
    cache.remove(session.id);
    return { kind: 'sessionless', partitions: request.partitions };
  }
  cache.touch(session, now);
  session.epoch = nextEpoch(session.epoch);
  const partitions: FetchPartitionRequest[] = [];
  for (const cached of session.partitions.values()) {
    if (cached.topic === null) cached.topic = request.topicName(cached.topicId);
    partitions.push({
      topic: cached.topic,
      topicId: cached.topicId,
      partition: cached.partition,
      fetchOffset: cached.fetchOffset,
      currentLeaderEpoch: cached.currentLeaderEpoch,
      lastFetchedEpoch: cached.lastFetchedEpoch,
      logStartOffset: cached.fetcherLogStartOffset,
      maxBytes: cached.maxBytes,
    });
  }
  return { kind: 'incremental', partitions, session, requestEpoch: sessionEpoch };
}

/** Adds or updates the request's partitions in the session and drops the forgotten ones. */
function updateSession(session: FetchSession, request: FetchSessionRequest): void {
  for (const p of request.partitions) {
    const key = session.keyOf(p);
    const cached = session.partitions.get(key);
    if (cached === undefined) {
      session.partitions.set(key, cachedPartition(p, -1, -1));
    } else {
      cached.fetchOffset = p.fetchOffset;
      cached.maxBytes = p.maxBytes;
      cached.currentLeaderEpoch = p.currentLeaderEpoch;
      cached.lastFetchedEpoch = p.lastFetchedEpoch;
      cached.fetcherLogStartOffset = p.logStartOffset;
    }
  }
  for (const p of request.forgotten) session.partitions.delete(session.keyOf(p));
}

function cachedPartition(
  p: FetchPartitionRequest,
  highWatermark: number,
  localLogStartOffset: number,
): CachedPartition {
  return {
    topic: p.topic,
    topicId: p.topicId,
    partition: p.partition,
    fetchOffset: p.fetchOffset,
    maxBytes: p.maxBytes,
    currentLeaderEpoch: p.currentLeaderEpoch,
    lastFetchedEpoch: p.lastFetchedEpoch,
    fetcherLogStartOffset: p.logStartOffset,
    highWatermark,
    localLogStartOffset,
  };
}

/**
 * The response's session id, top-level error and partitions for a context, updating the session:
 * a full context creates one holding every answered partition; an incremental one keeps only
 * partitions with news and moves those that returned records to the end of the session's order.
 */
export function shapeFetchResponse<
  T extends { readonly request: FetchPartitionRequest; readonly outcome: FetchPartitionOutcome },
>(
  context: Exclude<FetchContext, { kind: 'error' }>,
  cache: FetchSessionCache,
  now: number,
  answered: readonly T[],
): { errorCode: ErrorCode; sessionId: number; partitions: readonly T[] } {
  switch (context.kind) {
    case 'sessionless':
      return { errorCode: ErrorCode.NONE, sessionId: INVALID_SESSION_ID, partitions: answered };
    case 'full': {
      const cached = answered.map(({ request, outcome }) =>
        cachedPartition(request, outcome.highWatermark, outcome.logStartOffset),
      );
      const sessionId = cache.maybeCreateSession(now, context.privileged, context.usesTopicIds, cached);
      return { errorCode: ErrorCode.NONE, sessionId, partitions: answered };
    }
    case 'incremental': {
      const { session } = context;
      // Another request of the same session may have moved the epoch on meanwhile (a duplicate).
      if (session.epoch !== nextEpoch(context.requestEpoch)) {
        return { errorCode: ErrorCode.INVALID_FETCH_SESSION_EPOCH, sessionId: session.id, partitions: [] };
      }
      const included = answered.filter(({ request, outcome }) => {
        const key = partitionKey(session.usesTopicIds, request.topic, request.topicId, request.partition);
        const cached = session.partitions.get(key);
        if (cached === undefined) return true;
        const mustRespond = updateCachedOutcome(cached, outcome);
        if (mustRespond && outcome.recordBytes > 0) session.moveToEnd(key);
        return mustRespond;
      });
      return { errorCode: ErrorCode.NONE, sessionId: session.id, partitions: included };
    }
  }
}

/** Kafka's CachedPartition.maybeUpdateResponseData: whether the fetcher must hear of this partition. */
function updateCachedOutcome(cached: CachedPartition, outcome: FetchPartitionOutcome): boolean {
  let mustRespond = outcome.recordBytes > 0 || outcome.hasPreferredReadReplica || outcome.hasDivergingEpoch;
  if (cached.highWatermark !== outcome.highWatermark) {
    mustRespond = true;
    cached.highWatermark = outcome.highWatermark;
  }
  if (cached.localLogStartOffset !== outcome.logStartOffset) {
    mustRespond = true;
    cached.localLogStartOffset = outcome.logStartOffset;
  }
  if (outcome.errorCode !== ErrorCode.NONE) {
    // Forget the high watermark so that the partition is sent again once the error clears.
    cached.highWatermark = -1;
    mustRespond = true;
  }
  return mustRespond;
}
