/**
 * The partitions one broker hosts (Kafka's ReplicaManager): it turns committed metadata into
 * leader and follower replicas, serves produce and fetch for them, and keeps acks=all produces
 * and long-poll fetches waiting in purgatories until the high watermark or the data they need
 * arrives.
 *
 * - Produce: appends happen in call order (pipelined requests keep their order), synchronously
 *   unless the topic's compression.type makes the batches be recompressed first or the disk is
 *   slow (see append-queue.ts); acks 0 and 1 answer after the leader's append, acks=all once
 *   every in-sync replica has the records (the high watermark passed them) — or with
 *   NOT_ENOUGH_REPLICAS before the append when the ISR is below `min.insync.replicas`,
 *   NOT_ENOUGH_REPLICAS_AFTER_APPEND when it fell below after, REQUEST_TIMED_OUT at the
 *   request's timeout. A full disk fails the append with KAFKA_STORAGE_ERROR and writes nothing.
 * - Fetch: answers when `minBytes` are there or an error is due, else when data arrives (a leader
 *   append for followers, a high watermark move for consumers) or `maxWaitMs` passes. A slow
 *   disk delays every answer that carries records by its latency.
 * - Metadata: a partition this broker leads becomes a leader replica at the new epoch; one it
 *   follows is fetched from its leader; one no longer assigned here is deleted. A log whose
 *   `partition.metadata` names another topic id is stale (its topic was re-created) and goes.
 * - Periodic work (ISR shrink, retention, checkpoints, producer expiry): log-maintenance.ts.
 */
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
import { ErrorCode } from '../../protocol/errors.js';
import type { DiskHooks } from '../../storage/disk-hooks.js';
import type { TopicManager } from '../../storage/topic-manager.js';
import {
  asLeaderEpoch,
  topicPartitionKey,
  type BrokerId,
  type LeaderEpoch,
  type Offset,
  type TopicPartition,
} from '../../types.js';
import type { Clock } from '../../util/clock.js';
import type { ClusterSettings } from '../config.js';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../controller/messages.js';
import type { MetadataChange, MetadataImage, PartitionRegistration } from '../metadata/image.js';
import { effectiveTopicConfig } from '../metadata/topic-config.js';
import type { Sender } from '../links.js';
import { diskDelay } from './append-queue.js';
import { LeaderAppends } from './leader-appends.js';
import { checkLeaderEpoch, errorResult, readPartition } from './local-read.js';
import { LogMaintenance } from './log-maintenance.js';
import type { ReplicaMessages } from './messages.js';
import { Partition, type PartitionContext } from './partition.js';
import { readPartitionTopicId, writePartitionTopicId } from './partition-metadata-file.js';
import * as queries from './partition-queries.js';
import type { Lookup, QueryContext } from './partition-queries.js';
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

export class ReplicaManager implements ReplicaManagerApi {
  private readonly partitions = new Map<string, Partition>();
  private readonly appends: LeaderAppends;
  private readonly fetchPurgatory = new Purgatory();
  private readonly fetchers: ReplicaFetcherManager;
  private readonly maintenance: LogMaintenance;
  private readonly pendingWakes = new Set<string>();
  private readonly context: PartitionContext;
  private readonly queries: QueryContext;
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
    this.maintenance = new LogMaintenance({
      settings: deps.settings,
      partitions: () => [...this.partitions.values()],
      isHosted: (partition) => this.partitions.get(topicPartitionKey(partition.tp)) === partition,
      wake: (tp) => this.wake(tp),
    });
    this.appends = new LeaderAppends({
      disk: deps.disk,
      hosted: (tp) => this.partitions.get(topicPartitionKey(tp)),
      lookup: (tp) => this.lookup(tp),
      currentLeader: (tp) => this.currentLeader(tp),
      wake: (tp) => this.wake(tp),
      isStopped: () => this.stopped,
    });
    this.queries = {
      leaderFor: (tp, epoch) => this.leaderFor(tp, epoch),
      partitions: () => this.partitions.values(),
      wake: (tp) => this.wake(tp),
      dataDir: deps.dataDir,
    };
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
    this.maintenance.stop();
    this.fetchers.shutdown();
    this.appends.purgatory.expireAll();
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
  // Produce (leader-appends.ts).

  appendRecords(input: AppendInput): Promise<PartitionAppendResult[]> {
    return this.appends.appendRecords(input);
  }

  // ---------------------------------------------------------------------------------------------
  // Fetch.

  fetch(input: FetchInput): Promise<PartitionFetchResult[]> {
    const answer = this.fetchWhenReady(input);
    const latency = this.deps.disk.latencyMs();
    if (latency === 0) return answer;
    return answer.then(async (results) => {
      if (results.some((r) => r.records.length > 0)) await diskDelay(latency);
      return results;
    });
  }

  private fetchWhenReady(input: FetchInput): Promise<PartitionFetchResult[]> {
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
    partitions: Parameters<ReplicaManagerApi['listOffsets']>[0],
    options: { isolationLevel: IsolationLevel; replicaId: BrokerId | -1 },
  ): Promise<ListOffsetsResult[]> {
    return queries.listOffsets(this.queries, partitions, options);
  }

  async offsetForLeaderEpoch(
    partitions: Parameters<ReplicaManagerApi['offsetForLeaderEpoch']>[0],
  ): Promise<
    (TopicPartition & { errorCode: ErrorCode; leaderEpoch: LeaderEpoch | -1; endOffset: Offset | -1 })[]
  > {
    return queries.offsetForLeaderEpoch(this.queries, partitions);
  }

  async deleteRecords(
    partitions: readonly { readonly tp: TopicPartition; readonly offset: number }[],
  ): Promise<(TopicPartition & { errorCode: ErrorCode; lowWatermark: Offset | -1 })[]> {
    return queries.deleteRecords(this.queries, partitions);
  }

  async describeLogDirs(partitions: readonly TopicPartition[] | null): Promise<LogDirDescription[]> {
    return queries.describeLogDirs(this.queries, partitions);
  }

  async describeProducers(partitions: readonly TopicPartition[]): Promise<PartitionProducers[]> {
    return queries.describeProducers(this.queries, partitions);
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
        this.appends.purgatory.checkAndComplete(k);
        this.fetchPurgatory.checkAndComplete(k);
      }
    });
  }
}
