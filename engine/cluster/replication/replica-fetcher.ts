/**
 * Followers pull from leaders (Kafka's ReplicaFetcherThread, one per leader broker): one fetch in
 * flight per leader, for every partition this broker follows there, sent over the links.
 *
 * Per partition, by the leader's answer:
 * - records: appended as they came (offsets and epochs assigned by the leader), then the high
 *   watermark follows the leader's (capped at the local log end) and the log start follows too;
 * - a diverging epoch: the local log went further in that epoch than the leader's did (or has an
 *   epoch the leader never had): truncate (see `truncateOnDivergence`), then fetch again;
 * - out of range below the leader's log start: start over, empty, at the leader's log start;
 * - a fenced or unknown epoch, or "not leader": metadata is about to change; retry after
 *   `replica.fetch.backoff.ms` (a metadata update replaces the fetch state meanwhile).
 * A lost request (a cut link) times out after `replica.socket.timeout.ms` and is retried.
 * A slow disk delays the next fetch by its latency after each append.
 */
import type { FetchInput, PartitionFetchResult } from '../../broker/services.js';
import { ErrorCode, KafkaError } from '../../protocol/errors.js';
import {
  asLeaderEpoch,
  asOffset,
  topicPartitionKey,
  type BrokerId,
  type TopicPartition,
} from '../../types.js';
import type { Clock } from '../../util/clock.js';
import { invariant } from '../../util/invariant.js';
import { Alarm } from '../alarm.js';
import type { ClusterSettings } from '../config.js';
import type { Sender } from '../links.js';
import type { Partition } from './partition.js';
import type { ReplicaMessages } from './messages.js';

export interface FetcherDeps {
  readonly brokerId: BrokerId;
  readonly settings: ClusterSettings;
  readonly clock: Clock;
  readonly send: Sender<ReplicaMessages>;
  readonly brokerEpoch: () => number;
  /** Extra latency of this broker's disk per append (a slow-disk fault). */
  readonly diskLatencyMs: () => number;
}

interface FetchState {
  readonly partition: Partition;
  /** No fetch for this partition before this time (after an error). */
  delayedUntil: number;
}

/**
 * Kafka's follower truncation on a diverging epoch: where the local log holds the leader's
 * diverging epoch, keep it up to where the leader's copy ends; where it does not, cut back to
 * the end of the newest local epoch before it (the next fetch compares again).
 *
 *   leader epochs (3 → 0..9) (5 → 10..14), end 15; follower (3 → 0..11), fetches at 12 with
 *   last epoch 3 → leader: epoch 3 ends at 10 → follower truncates to min(12, 10) = 10.
 */
export function truncateOnDivergence(
  partition: Partition,
  diverging: { epoch: number; endOffset: number },
): void {
  const log = partition.log;
  const local = log.endOffsetForEpoch(asLeaderEpoch(diverging.epoch));
  const offset =
    local.epoch === -1 || local.endOffset === -1
      ? Math.min(diverging.endOffset, log.logEndOffset)
      : local.epoch === diverging.epoch
        ? Math.min(local.endOffset, diverging.endOffset, log.logEndOffset)
        : Math.min(local.endOffset, log.logEndOffset);
  log.truncateTo(asOffset(Math.max(offset, log.logStartOffset)));
}

export class ReplicaFetcher {
  private readonly states = new Map<string, FetchState>();
  private running = true;
  /** Rung when a partition is added or the fetcher stops. */
  private readonly alarm = new Alarm();

  constructor(
    private readonly deps: FetcherDeps,
    readonly leaderId: BrokerId,
  ) {
    void this.run();
  }

  get isEmpty(): boolean {
    return this.states.size === 0;
  }

  add(partition: Partition): void {
    this.states.set(topicPartitionKey(partition.tp), { partition, delayedUntil: 0 });
    this.alarm.ring();
  }

  remove(tp: TopicPartition): void {
    this.states.delete(topicPartitionKey(tp));
  }

  stop(): void {
    this.running = false;
    this.states.clear();
    this.alarm.ring();
  }

  private async run(): Promise<void> {
    const { settings } = this.deps;
    while (this.running) {
      const now = this.deps.clock.now();
      const ready = [...this.states.values()].filter((s) => s.delayedUntil <= now);
      if (ready.length === 0) {
        const next = Math.min(...[...this.states.values()].map((s) => s.delayedUntil));
        await this.alarm.sleep(Number.isFinite(next) ? next - now : null);
        continue;
      }
      const epochs = new Map(ready.map((s) => [s.partition, s.partition.leaderEpoch]));
      const request: FetchInput = {
        replicaId: this.deps.brokerId,
        replicaEpoch: this.deps.brokerEpoch(),
        maxWaitMs: settings.replicaFetchWaitMaxMs,
        minBytes: settings.replicaFetchMinBytes,
        maxBytes: settings.replicaFetchResponseMaxBytes,
        isolationLevel: 0,
        partitions: ready.map(({ partition }) => ({
          tp: partition.tp,
          fetchOffset: partition.log.logEndOffset,
          currentLeaderEpoch: partition.leaderEpoch,
          lastFetchedEpoch: partition.log.latestEpoch(),
          logStartOffset: partition.log.logStartOffset,
          partitionMaxBytes: settings.replicaFetchMaxBytes,
        })),
      };
      const offsets = new Map(request.partitions.map((p) => [topicPartitionKey(p.tp), p.fetchOffset]));
      let results: PartitionFetchResult[];
      try {
        results = await this.deps.send(
          this.leaderId,
          'replica.fetch',
          request,
          settings.replicaFetchWaitMaxMs + settings.replicaSocketTimeoutMs,
        );
      } catch (err) {
        if (err instanceof Error && err.name === 'InvariantError') throw err;
        for (const state of ready) this.backOff(state);
        continue;
      }
      if (!this.running) return;
      let appended = false;
      for (const result of results) {
        const state = this.states.get(topicPartitionKey(result.tp));
        // Ignore answers for partitions whose fetch state changed while the request was out.
        if (!state || epochs.get(state.partition) !== state.partition.leaderEpoch) continue;
        const fetchOffset = offsets.get(topicPartitionKey(result.tp)) ?? -1;
        appended = this.handle(state, result, fetchOffset) || appended;
      }
      const latency = this.deps.diskLatencyMs();
      if (appended && latency > 0) await this.alarm.sleep(latency);
    }
  }

  /** Applies one partition's answer; returns whether records were appended. */
  private handle(state: FetchState, result: PartitionFetchResult, fetchOffset: number): boolean {
    const { partition } = state;
    const log = partition.log;
    try {
      switch (result.errorCode) {
        case ErrorCode.NONE: {
          if (result.divergingEpoch) {
            truncateOnDivergence(partition, result.divergingEpoch);
            return false;
          }
          for (const records of result.records) log.appendAsFollower(records);
          if (result.highWatermark >= 0)
            log.updateHighWatermark(asOffset(Math.min(result.highWatermark, log.logEndOffset)));
          const leaderStart = Math.min(result.logStartOffset, log.highWatermark);
          if (leaderStart > log.logStartOffset) log.deleteRecordsBefore(asOffset(leaderStart));
          invariant(
            log.logStartOffset <= log.highWatermark && log.highWatermark <= log.logEndOffset,
            () =>
              `follower ${partition.tp.topic}-${partition.tp.partition}: ${log.logStartOffset} ≤ ${log.highWatermark} ≤ ${log.logEndOffset}`,
          );
          return result.records.length > 0;
        }
        case ErrorCode.OFFSET_OUT_OF_RANGE:
          if (result.logStartOffset >= 0 && fetchOffset < result.logStartOffset) {
            log.truncateFullyAndStartAt(asOffset(result.logStartOffset));
          } else if (result.highWatermark >= 0 && fetchOffset > result.highWatermark) {
            log.truncateTo(asOffset(Math.max(result.highWatermark, log.logStartOffset)));
          } else {
            this.backOff(state);
          }
          return false;
        default:
          this.backOff(state);
          return false;
      }
    } catch (err) {
      // A full disk (KAFKA_STORAGE_ERROR) or a refused batch: try again later.
      if (err instanceof KafkaError) {
        this.backOff(state);
        return false;
      }
      throw err;
    }
  }

  private backOff(state: FetchState): void {
    state.delayedUntil = this.deps.clock.now() + this.deps.settings.replicaFetchBackoffMs;
  }
}

/** The fetchers of one broker, one per leader it follows partitions of. */
export class ReplicaFetcherManager {
  private readonly fetchers = new Map<BrokerId, ReplicaFetcher>();
  private readonly leaders = new Map<string, BrokerId>();

  constructor(private readonly deps: FetcherDeps) {}

  /** Fetches `partition` from `leaderId` from now on (restarting its fetch state). */
  addPartition(partition: Partition, leaderId: BrokerId): void {
    this.removePartition(partition.tp);
    let fetcher = this.fetchers.get(leaderId);
    if (!fetcher) this.fetchers.set(leaderId, (fetcher = new ReplicaFetcher(this.deps, leaderId)));
    fetcher.add(partition);
    this.leaders.set(topicPartitionKey(partition.tp), leaderId);
  }

  removePartition(tp: TopicPartition): void {
    const key = topicPartitionKey(tp);
    const leaderId = this.leaders.get(key);
    if (leaderId === undefined) return;
    this.leaders.delete(key);
    const fetcher = this.fetchers.get(leaderId);
    fetcher?.remove(tp);
    if (fetcher?.isEmpty) {
      fetcher.stop();
      this.fetchers.delete(leaderId);
    }
  }

  leaderOf(tp: TopicPartition): BrokerId | undefined {
    return this.leaders.get(topicPartitionKey(tp));
  }

  shutdown(): void {
    for (const fetcher of this.fetchers.values()) fetcher.stop();
    this.fetchers.clear();
    this.leaders.clear();
  }
}
