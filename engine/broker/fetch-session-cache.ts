/**
 * Incremental fetch sessions (KIP-227), as Kafka's FetchSession.scala keeps them. A fetcher that
 * sends a full fetch with epoch 0 may get a session id back; its later fetches name only the
 * partitions that changed (and those to forget), and the broker answers only partitions with
 * news: records, a moved high watermark or log start offset, an error, a diverging epoch.
 *
 * Session epochs: a new session starts at epoch 1, the epoch the fetcher must send next; each
 * incremental fetch must carry the session's current epoch and moves it on by one (wrapping from
 * 2^31-1 to 1). Epoch 0 asks for a new session, -1 for none (and closes the one named).
 *
 * The cache holds at most `max.incremental.fetch.session.cache.slots` sessions. When it is full a
 * new session may take the slot of (Kafka's rules, in order):
 *   1. a session unused for longer than the eviction time (2 minutes);
 *   2. else the "least valuable" evictable session, ordered by (privileged, size, id), if the new
 *      one is worth more: sessions older than the eviction time are evictable by anyone; a
 *      follower's (privileged) session can also evict any young consumer session.
 * Otherwise the fetch is answered without a session (session id 0) and the fetcher keeps sending
 * full fetches, which is how Kafka declines.
 *
 * Lookups are by id; eviction scans the sessions, which only happens when the cache is full.
 */
import { randomInt } from 'node:crypto';

/** FetchMetadata's special values. */
export const INVALID_SESSION_ID = 0;
export const INITIAL_EPOCH = 0;
export const FINAL_EPOCH = -1;

/** The epoch that follows `epoch` (FINAL stays FINAL; wraps past 2^31-1 to 1). */
export function nextEpoch(epoch: number): number {
  if (epoch < 0) return FINAL_EPOCH;
  return epoch === 0x7fffffff ? 1 : epoch + 1;
}

/** Kafka's default idle time after which any session may be evicted. */
export const SESSION_EVICTION_MS = 120_000;

/** One partition of a session: the fetcher's last request parameters and what it was last told. */
export interface CachedPartition {
  /** Null while a partition named by topic id has no known topic (it may be created later). */
  topic: string | null;
  readonly topicId: string;
  readonly partition: number;
  fetchOffset: number;
  maxBytes: number;
  currentLeaderEpoch: number;
  lastFetchedEpoch: number;
  /** The fetcher's own log start offset (followers), -1 for consumers. */
  fetcherLogStartOffset: number;
  /** Last high watermark sent; -1 after an error so the partition is sent again once healthy. */
  highWatermark: number;
  /** Last log start offset sent. */
  localLogStartOffset: number;
}

/** A session's partition key: by topic id when the session uses ids, else by name. */
export function partitionKey(
  usesTopicIds: boolean,
  topic: string | null,
  topicId: string,
  partition: number,
): string {
  return usesTopicIds ? `${topicId}:${partition}` : `${topic}:${partition}`;
}

export class FetchSession {
  /** The epoch the next incremental request must carry. */
  epoch = nextEpoch(INITIAL_EPOCH);
  lastUsedMs: number;
  /** Partitions in fetch order; a partition that returned data moves to the end, for fairness. */
  readonly partitions = new Map<string, CachedPartition>();

  constructor(
    readonly id: number,
    /** Created by a follower. */
    readonly privileged: boolean,
    readonly usesTopicIds: boolean,
    readonly creationMs: number,
  ) {
    this.lastUsedMs = creationMs;
  }

  keyOf(p: Pick<CachedPartition, 'topic' | 'topicId' | 'partition'>): string {
    return partitionKey(this.usesTopicIds, p.topic, p.topicId, p.partition);
  }

  /** Moves a partition to the end of the fetch order. */
  moveToEnd(key: string): void {
    const p = this.partitions.get(key);
    if (p === undefined) return;
    this.partitions.delete(key);
    this.partitions.set(key, p);
  }
}

/** Orders sessions by eviction value: (privileged, size, id), the smallest goes first. */
function compareEvictable(
  a: { privileged: boolean; size: number; id: number },
  b: { privileged: boolean; size: number; id: number },
): number {
  if (a.privileged !== b.privileged) return a.privileged ? 1 : -1;
  if (a.size !== b.size) return a.size - b.size;
  return a.id - b.id;
}

export class FetchSessionCache {
  private readonly sessions = new Map<number, FetchSession>();
  /** Evictions so far, for tests and metrics. */
  evictions = 0;

  constructor(
    /** `max.incremental.fetch.session.cache.slots`. */
    private readonly maxEntries: number,
    private readonly evictionMs = SESSION_EVICTION_MS,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  get(id: number): FetchSession | undefined {
    return this.sessions.get(id);
  }

  remove(id: number): boolean {
    return this.sessions.delete(id);
  }

  /** Marks a session used now. */
  touch(session: FetchSession, now: number): void {
    session.lastUsedMs = now;
  }

  /**
   * Creates a session holding `partitions` if there is a free slot or one can be evicted;
   * returns its id, or INVALID_SESSION_ID when the fetch must go on without a session.
   */
  maybeCreateSession(
    now: number,
    privileged: boolean,
    usesTopicIds: boolean,
    partitions: readonly CachedPartition[],
  ): number {
    if (this.maxEntries <= 0) return INVALID_SESSION_ID;
    if (this.sessions.size >= this.maxEntries && !this.tryEvict(privileged, partitions.length, now)) {
      return INVALID_SESSION_ID;
    }
    const session = new FetchSession(this.newSessionId(), privileged, usesTopicIds, now);
    for (const p of partitions) session.partitions.set(session.keyOf(p), p);
    this.sessions.set(session.id, session);
    return session.id;
  }

  private tryEvict(privileged: boolean, size: number, now: number): boolean {
    let leastRecent: FetchSession | undefined;
    let leastValuable: FetchSession | undefined;
    for (const s of this.sessions.values()) {
      if (leastRecent === undefined || s.lastUsedMs < leastRecent.lastUsedMs) leastRecent = s;
      const old = now - s.creationMs > this.evictionMs;
      const evictable = old || (privileged && !s.privileged);
      if (
        evictable &&
        (leastValuable === undefined || compareEvictable(this.keyOf(s), this.keyOf(leastValuable)) < 0)
      ) {
        leastValuable = s;
      }
    }
    if (leastRecent !== undefined && now - leastRecent.lastUsedMs > this.evictionMs) {
      return this.evict(leastRecent);
    }
    if (leastValuable === undefined) return false;
    if (compareEvictable({ privileged, size, id: 0 }, this.keyOf(leastValuable)) < 0) return false;
    return this.evict(leastValuable);
  }

  private keyOf(s: FetchSession): { privileged: boolean; size: number; id: number } {
    return { privileged: s.privileged, size: s.partitions.size, id: s.id };
  }

  private evict(session: FetchSession): true {
    this.sessions.delete(session.id);
    this.evictions += 1;
    return true;
  }

  private newSessionId(): number {
    for (;;) {
      const id = randomInt(1, 0x7fffffff);
      if (!this.sessions.has(id)) return id;
    }
  }
}
