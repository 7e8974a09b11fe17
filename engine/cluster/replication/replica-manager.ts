/**
 * The partitions one broker hosts (Kafka's ReplicaManager): it turns committed metadata into
 * leader and follower replicas, serves produce and fetch for them, and keeps acks=all produces
 * and long-poll fetches waiting in purgatories until the high watermark or the data they need
 * arrives.
 *
 * - Produce: appends happen synchronously in call order (pipelined requests keep their order);
 *   acks 0 and 1 answer after the leader's append, acks=all once every in-sync replica has the
 *   records (the high watermark passed them) — or with NOT_ENOUGH_REPLICAS before the append
 *   when the ISR is below `min.insync.replicas`, NOT_ENOUGH_REPLICAS_AFTER_APPEND when it fell
 *   below after, REQUEST_TIMED_OUT at the request's timeout.
 * - Fetch: answers when `minBytes` are there or an error is due, else when data arrives (a leader
 *   append for followers, a high watermark move for consumers) or `maxWaitMs` passes.
 * - Metadata: a partition this broker leads becomes a leader replica at the new epoch; one it
 *   follows is fetched from its leader; one no longer assigned here is deleted. A log whose
 *   `partition.metadata` names another topic id is stale (its topic was re-created) and goes.
 * - Periodically: ISR shrink (every replica.lag.time.max.ms / 2) and retention/compaction
 *   (`log.retention.check.interval.ms`).
 */
import { statfsSync } from 'node:fs';
import type {
  AppendInput,
  FetchInput,
  IsolationLevel,
  ListOffsetsResult,
  LogDirDescription,
  PartitionAppendResult,
  PartitionFetchResult,
  PartitionProducers,
  ReplicaManager as ReplicaManagerApi,
} from '../../broker/services.js';
import { IsolationLevel as Isolation, ListOffsetsTimestamp } from '../../broker/services.js';
import { ErrorCode, KafkaError } from '../../protocol/errors.js';
import type { DiskHooks } from '../../storage/disk-hooks.js';
import type { TopicManager } from '../../storage/topic-manager.js';
import {
  asLeaderEpoch,
  asOffset,
  topicPartitionKey,
  type BrokerId,
  type LeaderEpoch,
  type Offset,
  type TopicPartition,
} from '../../types.js';
import type { Clock } from '../../util/clock.js';
import { InvariantError } from '../../util/invariant.js';
import type { ClusterSettings } from '../config.js';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../controller/messages.js';
import type { MetadataChange, MetadataImage, PartitionRegistration } from '../metadata/image.js';
import { effectiveTopicConfig } from '../metadata/topic-config.js';
import type { Sender } from '../links.js';
import { checkLeaderEpoch, errorResult, leaderEndOffsetForEpoch, readPartition } from './local-read.js';
import type { ReplicaMessages } from './messages.js';
import { Partition, type PartitionContext } from './partition.js';
import { readPartitionTopicId, writePartitionTopicId } from './partition-metadata-file.js';
import { Purgatory } from './purgatory.js';
import { ReplicaFetcherManager } from './replica-fetcher.js';

export interface ReplicaManagerDeps {
  readonly brokerId: BrokerId;
  readonly logs: TopicManager;
  readonly dataDir: string;
  readonly settings: ClusterSettings;
  readonly clock: Clock;
  readonly disk: DiskHooks;
  /** The broker's committed metadata image. */
  readonly image: () => MetadataImage;
  readonly send: Sender<ReplicaMessages>;
  readonly brokerEpoch: () => number;
  /** Sends an AlterPartition to the active controller. */
  readonly alterPartition: (request: AlterPartitionRequest) => Promise<AlterPartitionResponse>;
}

type Lookup =
  { partition: Partition; errorCode?: undefined } | { partition?: undefined; errorCode: ErrorCode };

interface AppendOutcome {
  result: PartitionAppendResult;
  partition: Partition | null;
  requiredOffset: number;
}

export class ReplicaManager implements ReplicaManagerApi {
  private readonly partitions = new Map<string, Partition>();
  private readonly producePurgatory = new Purgatory();
  private readonly fetchPurgatory = new Purgatory();
  private readonly fetchers: ReplicaFetcherManager;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly pendingWakes = new Set<string>();
  private readonly context: PartitionContext;
  private maintenanceRunning = false;
  private stopped = false;

  constructor(private readonly deps: ReplicaManagerDeps) {
    this.fetchers = new ReplicaFetcherManager({
      brokerId: deps.brokerId,
      settings: deps.settings,
      clock: deps.clock,
      send: deps.send,
      brokerEpoch: deps.brokerEpoch,
      diskLatencyMs: () => deps.disk.latencyMs(),
    });
    this.context = {
      localBrokerId: deps.brokerId,
      clock: deps.clock,
      replicaLagTimeMaxMs: deps.settings.replicaLagTimeMaxMs,
      isBrokerUsable: (id) => deps.image().isUsable(id),
      alterPartition: (request) =>
        deps.alterPartition({ ...request, brokerId: deps.brokerId, brokerEpoch: deps.brokerEpoch() }),
      onStateChange: (partition) => this.wake(partition.tp),
    };
    const isrCheckMs = Math.max(1, Math.floor(deps.settings.replicaLagTimeMaxMs / 2));
    this.timers.push(setInterval(() => this.forEachLeader((p) => p.maybeShrinkIsr()), isrCheckMs));
    this.timers.push(setInterval(() => void this.cleanLogs(), deps.settings.logRetentionCheckIntervalMs));
  }

  /** The link handlers this broker answers other brokers with. */
  readonly handlers = {
    'replica.fetch': (_from: BrokerId, input: FetchInput): Promise<PartitionFetchResult[]> =>
      this.fetch(input),
  };

  partition(tp: TopicPartition): Partition | undefined {
    return this.partitions.get(topicPartitionKey(tp));
  }

  allPartitions(): readonly Partition[] {
    return [...this.partitions.values()];
  }

  /** Stops timers, fetchers and waiting requests. Logs stay open: their owner closes them. */
  shutdown(): void {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.fetchers.shutdown();
    this.producePurgatory.expireAll();
    this.fetchPurgatory.expireAll();
  }

  // ---------------------------------------------------------------------------------------------
  // Metadata.

  /**
   * Applies committed metadata: `changes` since the last call, or null to reconcile with the
   * whole image (at start, after loading a snapshot).
   */
  applyMetadata(image: MetadataImage, changes: readonly MetadataChange[] | null): void {
    if (this.stopped) return;
    if (changes === null) {
      const wanted = new Set<string>();
      for (const topic of image.topics()) {
        for (const [partition, registration] of topic.partitions) {
          wanted.add(topicPartitionKey({ topic: topic.name, partition }));
          this.reconcile(image, topic.name, topic.topicId, partition, registration);
        }
      }
      for (const [key, partition] of [...this.partitions])
        if (!wanted.has(key)) this.removePartition(partition);
      // Logs on disk that no topic claims (deleted while this broker was down).
      for (const log of this.deps.logs.allLogs()) {
        if (!wanted.has(topicPartitionKey(log.tp))) this.deps.logs.removePartition(log.tp);
      }
      this.updateConfigs(image, null);
      return;
    }
    for (const change of changes) {
      if (change.kind === 'partition') {
        this.reconcile(image, change.topic, change.topicId, change.partition, change.after);
      } else if (change.kind === 'topic-removed') {
        for (const partition of [...this.partitions.values()]) {
          if (partition.topicId === change.topic.topicId) this.removePartition(partition);
        }
      } else if (change.kind === 'config') {
        this.updateConfigs(image, change.resourceType === 'topic' ? change.resourceName : null);
      }
    }
  }

  private reconcile(
    image: MetadataImage,
    topic: string,
    topicId: string,
    index: number,
    registration: PartitionRegistration,
  ): void {
    const tp = { topic, partition: index };
    const key = topicPartitionKey(tp);
    let partition = this.partitions.get(key);
    if (partition && partition.topicId !== topicId) {
      this.removePartition(partition);
      partition = undefined;
    }
    if (!registration.replicas.includes(this.deps.brokerId)) {
      if (partition) this.removePartition(partition);
      return;
    }
    if (!partition) {
      partition = this.createPartition(image, tp, topicId);
      this.partitions.set(key, partition);
    }
    if (registration.leader === this.deps.brokerId) {
      if (partition.makeLeader(registration)) this.fetchers.removePartition(tp);
    } else if (partition.makeFollower(registration) || this.fetchers.leaderOf(tp) !== registration.leader) {
      this.fetchers.removePartition(tp);
      if (registration.leader !== -1) this.fetchers.addPartition(partition, registration.leader);
    }
    this.wake(tp);
  }

  private createPartition(image: MetadataImage, tp: TopicPartition, topicId: string): Partition {
    const existing = this.deps.logs.log(tp);
    if (existing) {
      const owner = readPartitionTopicId(existing.dir);
      if (owner !== null && owner !== topicId) this.deps.logs.removePartition(tp);
    }
    const log = this.deps.logs.ensurePartition(tp);
    writePartitionTopicId(log.dir, topicId);
    log.updateConfig(effectiveTopicConfig(image, this.deps.settings, tp.topic, this.deps.brokerId));
    return new Partition(tp, topicId, log, this.context);
  }

  private removePartition(partition: Partition): void {
    this.fetchers.removePartition(partition.tp);
    this.partitions.delete(topicPartitionKey(partition.tp));
    this.deps.logs.removePartition(partition.tp);
    this.wake(partition.tp);
  }

  private updateConfigs(image: MetadataImage, topic: string | null): void {
    for (const partition of this.partitions.values()) {
      if (topic !== null && partition.tp.topic !== topic) continue;
      partition.log.updateConfig(
        effectiveTopicConfig(image, this.deps.settings, partition.tp.topic, this.deps.brokerId),
      );
      this.wake(partition.tp);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Produce.

  appendRecords(input: AppendInput): Promise<PartitionAppendResult[]> {
    const outcomes = input.entries.map((entry) => this.appendToLocalLog(entry.tp, entry.records, input.acks));
    const latency = this.deps.disk.latencyMs();
    const afterDisk =
      latency > 0 ? new Promise<void>((resolve) => setTimeout(resolve, latency)) : Promise.resolve();
    if (input.acks !== -1) return afterDisk.then(() => outcomes.map((o) => o.result));
    return afterDisk.then(() => this.awaitReplication(outcomes, input.timeoutMs));
  }

  private appendToLocalLog(tp: TopicPartition, records: Buffer, acks: -1 | 0 | 1): AppendOutcome {
    const failed = (
      errorCode: ErrorCode,
      errorMessage: string | null,
      extra: Partial<PartitionAppendResult> = {},
    ) => ({
      result: {
        tp,
        errorCode,
        errorMessage,
        baseOffset: -1 as const,
        logAppendTime: -1,
        logStartOffset: -1 as const,
        recordErrors: [],
        currentLeader: null,
        ...extra,
      },
      partition: null,
      requiredOffset: -1,
    });
    const lookup = this.lookup(tp);
    if (!lookup.partition) return failed(lookup.errorCode, null, { currentLeader: this.currentLeader(tp) });
    const partition = lookup.partition;
    try {
      const info = partition.appendRecordsToLeader(records, acks);
      this.wake(tp);
      return {
        result: {
          tp,
          errorCode: ErrorCode.NONE,
          errorMessage: null,
          baseOffset: info.firstOffset,
          logAppendTime: info.logAppendTime,
          logStartOffset: info.logStartOffset,
          recordErrors: [],
          currentLeader: null,
        },
        partition,
        requiredOffset: info.lastOffset + 1,
      };
    } catch (err) {
      if (!(err instanceof KafkaError)) throw err;
      const batchIndex = (err as { batchIndex?: number }).batchIndex ?? -1;
      return failed(err.code, err.message, {
        recordErrors: batchIndex >= 0 ? [{ batchIndex, message: err.message }] : [],
        currentLeader: err.code === ErrorCode.NOT_LEADER_OR_FOLLOWER ? this.currentLeader(tp) : null,
      });
    }
  }

  private awaitReplication(outcomes: AppendOutcome[], timeoutMs: number): Promise<PartitionAppendResult[]> {
    const waiting = new Set(outcomes.filter((o) => o.partition !== null));
    const results = (): PartitionAppendResult[] => outcomes.map((o) => o.result);
    const check = (): boolean => {
      for (const outcome of [...waiting]) {
        const current = this.partitions.get(topicPartitionKey(outcome.result.tp));
        const code =
          current === outcome.partition
            ? (outcome.partition as Partition).checkEnoughReplicasReachOffset(outcome.requiredOffset)
            : ErrorCode.NOT_LEADER_OR_FOLLOWER;
        if (code === null) continue;
        waiting.delete(outcome);
        if (code !== ErrorCode.NONE)
          outcome.result = { ...outcome.result, errorCode: code, errorMessage: null };
      }
      return waiting.size === 0;
    };
    if (check() || this.stopped) return Promise.resolve(results());
    return new Promise((resolve) => {
      this.producePurgatory.watch(
        {
          tryComplete: () => {
            if (!check()) return false;
            resolve(results());
            return true;
          },
          expire: () => {
            check();
            for (const outcome of waiting) {
              outcome.result = {
                ...outcome.result,
                errorCode: ErrorCode.REQUEST_TIMED_OUT,
                errorMessage: null,
              };
            }
            resolve(results());
          },
        },
        [...waiting].map((o) => topicPartitionKey(o.result.tp)),
        Math.max(0, timeoutMs),
      );
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Fetch.

  fetch(input: FetchInput): Promise<PartitionFetchResult[]> {
    const first = this.readAll(input);
    if (
      input.maxWaitMs <= 0 ||
      first.bytes >= input.minBytes ||
      first.hasError ||
      input.partitions.length === 0 ||
      this.stopped ||
      input.signal?.aborted
    ) {
      return Promise.resolve(first.results);
    }
    return new Promise((resolve) => {
      let done = false;
      const finish = (results: PartitionFetchResult[]): void => {
        if (done) return;
        done = true;
        input.signal?.removeEventListener('abort', onAbort);
        resolve(results);
      };
      const onAbort = (): void => finish(this.readAll(input).results);
      input.signal?.addEventListener('abort', onAbort);
      this.fetchPurgatory.watch(
        {
          tryComplete: () => {
            if (done) return true;
            const read = this.readAll(input);
            if (read.bytes < input.minBytes && !read.hasError) return false;
            finish(read.results);
            return true;
          },
          expire: () => finish(this.readAll(input).results),
        },
        input.partitions.map((p) => topicPartitionKey(p.tp)),
        input.maxWaitMs,
      );
    });
  }

  private readAll(input: FetchInput): { results: PartitionFetchResult[]; bytes: number; hasError: boolean } {
    let remaining = input.maxBytes;
    let bytes = 0;
    let hasError = false;
    const results = input.partitions.map((p) => {
      const lookup = this.lookup(p.tp);
      if (!lookup.partition) {
        hasError = true;
        return errorResult(p, lookup.errorCode, this.currentLeader(p.tp));
      }
      // The first partition with data may exceed the limits, so that one large batch never
      // blocks the fetcher (Fetch v3+).
      const read = readPartition(lookup.partition, input, p, remaining, bytes === 0);
      bytes += read.bytes;
      remaining = Math.max(0, remaining - read.bytes);
      if (read.result.errorCode !== ErrorCode.NONE || read.result.divergingEpoch) hasError = true;
      return read.result;
    });
    return { results, bytes, hasError };
  }

  // ---------------------------------------------------------------------------------------------
  // Offsets and descriptions.

  async listOffsets(
    partitions: readonly {
      readonly tp: TopicPartition;
      readonly timestamp: number;
      readonly currentLeaderEpoch: number;
    }[],
    options: { isolationLevel: IsolationLevel; replicaId: BrokerId | -1 },
  ): Promise<ListOffsetsResult[]> {
    const results: ListOffsetsResult[] = [];
    for (const request of partitions) {
      const failed = (errorCode: ErrorCode): ListOffsetsResult => ({
        tp: request.tp,
        errorCode,
        timestamp: -1,
        offset: -1,
        leaderEpoch: -1,
      });
      const lookup = this.leaderFor(request.tp, request.currentLeaderEpoch);
      if (!lookup.partition) {
        results.push(failed(lookup.errorCode));
        continue;
      }
      const partition = lookup.partition;
      const log = partition.log;
      const fetchable =
        options.isolationLevel === Isolation.READ_COMMITTED ? log.lastStableOffset : log.highWatermark;
      const at = (
        offset: number,
        timestamp = -1,
        leaderEpoch: number = partition.leaderEpoch,
      ): ListOffsetsResult => ({
        tp: request.tp,
        errorCode: ErrorCode.NONE,
        timestamp,
        offset: asOffset(offset),
        leaderEpoch: leaderEpoch as LeaderEpoch,
      });
      switch (request.timestamp) {
        case ListOffsetsTimestamp.LATEST:
          results.push(at(fetchable));
          continue;
        case ListOffsetsTimestamp.EARLIEST:
        case ListOffsetsTimestamp.EARLIEST_LOCAL:
          results.push(at(log.logStartOffset));
          continue;
        case ListOffsetsTimestamp.LATEST_TIERED:
          results.push({ ...failed(ErrorCode.NONE), offset: -1 });
          continue;
      }
      try {
        const found = await log.fetchOffsetByTimestamp(request.timestamp);
        if (!found || found.offset >= fetchable) results.push({ ...failed(ErrorCode.NONE) });
        else results.push(at(found.offset, found.timestamp, found.leaderEpoch));
      } catch (err) {
        if (!(err instanceof KafkaError)) throw err;
        results.push(failed(err.code));
      }
    }
    return results;
  }

  async offsetForLeaderEpoch(
    partitions: readonly {
      readonly tp: TopicPartition;
      readonly leaderEpoch: number;
      readonly currentLeaderEpoch: number;
    }[],
  ): Promise<
    (TopicPartition & { errorCode: ErrorCode; leaderEpoch: LeaderEpoch | -1; endOffset: Offset | -1 })[]
  > {
    return partitions.map((request) => {
      const lookup = this.leaderFor(request.tp, request.currentLeaderEpoch);
      if (!lookup.partition)
        return { ...request.tp, errorCode: lookup.errorCode, leaderEpoch: -1, endOffset: -1 };
      const end = leaderEndOffsetForEpoch(lookup.partition, request.leaderEpoch);
      return { ...request.tp, errorCode: ErrorCode.NONE, leaderEpoch: end.epoch, endOffset: end.endOffset };
    });
  }

  /**
   * DeleteRecords: moves the leader's log start (followers follow on their next fetch). An offset
   * of -1 means the high watermark. Answers with the leader's new log start.
   */
  async deleteRecords(
    partitions: readonly { readonly tp: TopicPartition; readonly offset: number }[],
  ): Promise<(TopicPartition & { errorCode: ErrorCode; lowWatermark: Offset | -1 })[]> {
    return partitions.map(({ tp, offset }) => {
      const lookup = this.leaderFor(tp, -1);
      if (!lookup.partition) return { ...tp, errorCode: lookup.errorCode, lowWatermark: -1 };
      const log = lookup.partition.log;
      const target = offset === -1 ? log.highWatermark : offset;
      if (target < 0 || target > log.highWatermark)
        return { ...tp, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, lowWatermark: -1 };
      try {
        log.deleteRecordsBefore(asOffset(target));
        this.wake(tp);
        return { ...tp, errorCode: ErrorCode.NONE, lowWatermark: log.logStartOffset };
      } catch (err) {
        if (!(err instanceof KafkaError)) throw err;
        return { ...tp, errorCode: err.code, lowWatermark: -1 };
      }
    });
  }

  async describeLogDirs(partitions: readonly TopicPartition[] | null): Promise<LogDirDescription[]> {
    const wanted = partitions ? new Set(partitions.map(topicPartitionKey)) : null;
    let totalBytes = -1;
    let usableBytes = -1;
    try {
      const stats = statfsSync(this.deps.dataDir);
      totalBytes = stats.blocks * stats.bsize;
      usableBytes = stats.bavail * stats.bsize;
    } catch {
      // Sizes stay unknown.
    }
    return [
      {
        path: this.deps.dataDir,
        errorCode: ErrorCode.NONE,
        totalBytes,
        usableBytes,
        partitions: [...this.partitions.values()]
          .filter((p) => !wanted || wanted.has(topicPartitionKey(p.tp)))
          .map((p) => ({
            tp: p.tp,
            sizeInBytes: p.log.size,
            offsetLag: Math.max(0, p.log.highWatermark - p.log.logEndOffset),
          })),
      },
    ];
  }

  async describeProducers(partitions: readonly TopicPartition[]): Promise<PartitionProducers[]> {
    return partitions.map((tp) => {
      const lookup = this.leaderFor(tp, -1);
      if (!lookup.partition) return { tp, errorCode: lookup.errorCode, producers: [] };
      return {
        tp,
        errorCode: ErrorCode.NONE,
        producers: lookup.partition.log.producers().map((p) => ({
          ...p,
          currentTxnStartOffset: p.currentTxnStartOffset >= 0 ? asOffset(p.currentTxnStartOffset) : -1,
        })),
      };
    });
  }

  // ---------------------------------------------------------------------------------------------

  private lookup(tp: TopicPartition): Lookup {
    const partition = this.partitions.get(topicPartitionKey(tp));
    if (partition) return { partition };
    const topic = this.deps.image().topicByName(tp.topic);
    if (!topic || !topic.partitions.has(tp.partition))
      return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
    return { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER };
  }

  /** The partition when this broker leads it at the request's epoch, else the error to answer. */
  private leaderFor(tp: TopicPartition, currentLeaderEpoch: number): Lookup {
    const lookup = this.lookup(tp);
    if (!lookup.partition) return lookup;
    const epochError = checkLeaderEpoch(lookup.partition, currentLeaderEpoch);
    if (epochError !== ErrorCode.NONE) return { errorCode: epochError };
    if (!lookup.partition.isLeader) return { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER };
    return lookup;
  }

  private currentLeader(tp: TopicPartition): PartitionFetchResult['currentLeader'] {
    const registration = this.deps.image().topicByName(tp.topic)?.partitions.get(tp.partition);
    return registration
      ? { leaderId: registration.leader, leaderEpoch: asLeaderEpoch(registration.leaderEpoch) }
      : null;
  }

  /** Re-checks waiting produces and fetches on `tp`, once per tick however many events. */
  private wake(tp: TopicPartition): void {
    const key = topicPartitionKey(tp);
    if (this.pendingWakes.has(key)) return;
    this.pendingWakes.add(key);
    if (this.pendingWakes.size > 1) return;
    queueMicrotask(() => {
      const keys = [...this.pendingWakes];
      this.pendingWakes.clear();
      for (const k of keys) {
        this.producePurgatory.checkAndComplete(k);
        this.fetchPurgatory.checkAndComplete(k);
      }
    });
  }

  private forEachLeader(fn: (partition: Partition) => void): void {
    for (const partition of this.partitions.values()) if (partition.isLeader) fn(partition);
  }

  /** Retention and compaction of every hosted log, one log at a time. */
  private async cleanLogs(): Promise<void> {
    if (this.maintenanceRunning || this.stopped) return;
    this.maintenanceRunning = true;
    try {
      for (const partition of [...this.partitions.values()]) {
        if (this.stopped || this.partitions.get(topicPartitionKey(partition.tp)) !== partition) continue;
        try {
          if (partition.log.applyRetention() > 0) this.wake(partition.tp);
          if (partition.log.config.cleanupPolicy.compact) await partition.log.compact();
        } catch (err) {
          if (err instanceof InvariantError) throw err;
          // A failing disk or a closed log: the next pass tries again.
        }
      }
    } finally {
      this.maintenanceRunning = false;
    }
  }
}
