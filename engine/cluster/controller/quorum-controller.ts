/**
 * The controller (Kafka's QuorumController): every node runs one, and it is active exactly while
 * its node leads the metadata quorum. The active controller keeps a working image — the
 * committed metadata plus every record it has appended and not yet seen committed — and turns
 * each request into records against that image, appended as one batch to the quorum. A request is
 * answered once its batch is committed; if leadership is lost first, it fails with NOT_CONTROLLER
 * and the working image is dropped (the next controller rebuilds its own from the log).
 *
 * Operations run one at a time, synchronously, so each sees the records of the ones before it;
 * the records of one tick's operations are appended together, and only the wait for the commit
 * is asynchronous.
 *
 * Periodic work while active: fence brokers whose session expired and give leaderless partitions
 * a leader (every min(heartbeat interval, session timeout / 4)); move leadership back to
 * preferred replicas (`auto.leader.rebalance.enable`, every
 * `leader.imbalance.check.interval.seconds`).
 */
import type { ClusterAdmin, CreateTopicResult } from '../../broker/services.js';
import { ErrorCode, KafkaError } from '../../protocol/errors.js';
import type { BrokerId } from '../../types.js';
import type { Clock } from '../../util/clock.js';
import type { ClusterSettings } from '../config.js';
import { MetadataImage } from '../metadata/image.js';
import { decodeMetadataRecord, encodeMetadataRecord, type MetadataRecord } from '../metadata/records.js';
import { invariant } from '../../util/invariant.js';
import type { Random } from '../random.js';
import type { RaftNode } from '../raft/raft-node.js';
import { allocateProducerIds, fenceBroker, processHeartbeat, registerBroker } from './broker-control.js';
import { alterConfigs, describeConfigs } from './config-control.js';
import type { AdminCall, AdminReply, ControllerMessages } from './messages.js';
import {
  balancePartitionLeaders,
  electLeaderlessPartitions,
  electLeaders,
  alterPartition,
} from './partition-control.js';
import { RecordSink } from './record-sink.js';
import { BrokerHeartbeats } from './broker-heartbeats.js';
import {
  createPartitions,
  createTopic,
  deleteTopic,
  excessivePartitions,
  excessivePartitionsResult,
} from './topic-control.js';

export class NotControllerError extends KafkaError {
  override readonly name = 'NotControllerError';
  constructor(message = 'This node is not the active controller.') {
    super(ErrorCode.NOT_CONTROLLER, message);
  }
}

export interface ControllerDeps {
  readonly nodeId: BrokerId;
  readonly clusterId: string;
  readonly raft: RaftNode;
  /** The node's image of the committed metadata. */
  readonly committedImage: () => MetadataImage;
  readonly settings: ClusterSettings;
  readonly random: Random;
  readonly clock: Clock;
}

interface PendingCommit {
  readonly offset: number;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

/** The state of one term as active controller. */
class ActiveController {
  image: MetadataImage;
  readonly heartbeats: BrokerHeartbeats;
  readonly shutdownOffsets = new Map<BrokerId, number>();
  private pending: PendingCommit[] = [];
  /** Records applied to the working image, to be appended at the end of this tick. */
  private unappended: MetadataRecord[] = [];
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private closed = false;

  constructor(
    private readonly deps: ControllerDeps,
    readonly epoch: number,
  ) {
    this.image = this.rebuildImage();
    const { settings, clock } = deps;
    const checkMs = Math.max(
      1,
      Math.min(settings.heartbeatIntervalMs, Math.floor(settings.sessionTimeoutMs / 4)),
    );
    this.heartbeats = new BrokerHeartbeats(settings.sessionTimeoutMs, checkMs, clock.now());
    for (const broker of this.image.brokers()) this.heartbeats.touch(broker.id, clock.now());
    this.every(checkMs, () => this.maintain());
    if (settings.autoLeaderRebalanceEnable) {
      this.every(settings.leaderImbalanceCheckIntervalMs, () => {
        this.write((sink) => balancePartitionLeaders(sink, settings)).catch(() => undefined);
      });
    }
    // Partitions left without a leader by the previous controller get one at once.
    queueMicrotask(() => this.maintain());
  }

  /**
   * Runs `op` against the working image and resolves with its result once its records are
   * committed. The records of every operation run in the same tick go to the log as one batch
   * (group commit: one append and one fsync however many requests came together).
   */
  write<T>(op: (sink: RecordSink) => T): Promise<T> {
    if (this.closed) return Promise.reject(new NotControllerError());
    const sink = new RecordSink(this.image, this.deps.raft.raftLog.endOffset + this.unappended.length);
    let result: T;
    try {
      result = op(sink);
    } catch (err) {
      if (sink.records.length > 0) this.discardUnappended();
      return Promise.reject(err);
    }
    if (sink.records.length === 0) return Promise.resolve(result);
    this.unappended.push(...sink.records);
    if (this.unappended.length === sink.records.length) queueMicrotask(() => this.appendUnappended());
    const lastOffset = sink.nextOffset - 1;
    return new Promise<void>((resolve, reject) =>
      this.pending.push({ offset: lastOffset, resolve, reject }),
    ).then(() => result);
  }

  private appendUnappended(): void {
    if (this.closed || this.unappended.length === 0) return;
    const records = this.unappended;
    this.unappended = [];
    try {
      const { firstOffset } = this.deps.raft.append(records.map(encodeMetadataRecord));
      invariant(
        firstOffset + records.length === this.deps.raft.raftLog.endOffset,
        'controller records landed at unexpected offsets',
      );
    } catch (err) {
      if (err instanceof Error && err.name === 'InvariantError') throw err;
      this.fail(new NotControllerError());
    }
  }

  /** An operation failed half-way: drop everything not yet in the log and start again from it. */
  private discardUnappended(): void {
    this.unappended = [];
    this.fail(new NotControllerError('The controller discarded an operation that failed half-way.'));
  }

  private fail(err: Error): void {
    for (const p of this.pending) if (p.offset >= this.deps.raft.raftLog.endOffset) p.reject(err);
    this.pending = this.pending.filter((p) => p.offset < this.deps.raft.raftLog.endOffset);
    this.image = this.rebuildImage();
  }

  onCommit(highWatermark: number): void {
    const done = this.pending.filter((p) => p.offset < highWatermark);
    this.pending = this.pending.filter((p) => p.offset >= highWatermark);
    for (const p of done) p.resolve();
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const p of this.pending)
      p.reject(new NotControllerError('Leadership of the metadata quorum was lost.'));
    this.pending = [];
  }

  private maintain(): void {
    if (this.closed) return;
    const { settings, clock } = this.deps;
    const unfenced = this.image
      .brokers()
      .filter((b) => !b.fenced)
      .map((b) => b.id);
    const expired = this.heartbeats.expired(unfenced, clock.now());
    this.write((sink) => {
      for (const id of expired) fenceBroker(sink, settings, id);
      electLeaderlessPartitions(sink, settings);
    }).catch(() => undefined);
  }

  /** The committed image plus whatever the log holds past it (this term's and older uncommitted records). */
  private rebuildImage(): MetadataImage {
    const image = this.deps.committedImage().clone();
    const log = this.deps.raft.raftLog;
    for (const batch of log.readBatches(image.offset, log.endOffset)) {
      batch.values.forEach((value, i) => image.apply(decodeMetadataRecord(value), batch.baseOffset + i));
    }
    image.advanceTo(log.endOffset);
    return image;
  }

  private every(ms: number, fn: () => void): void {
    this.timers.push(setInterval(fn, ms));
  }
}

export class QuorumController {
  private active: ActiveController | null = null;
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly deps: ControllerDeps) {
    this.unsubscribe = [
      deps.raft.onLeaderChange(() => this.reconcile()),
      deps.raft.onCommit((hw) => this.active?.onCommit(hw)),
    ];
  }

  get isActive(): boolean {
    return this.active !== null;
  }

  /** The working image of the active controller, for reads (null when not active). */
  get workingImage(): MetadataImage | null {
    return this.active?.image ?? null;
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
    this.active?.close();
    this.active = null;
  }

  /** Starts or ends the active term to match the quorum's current leadership. */
  reconcile(): void {
    const raft = this.deps.raft;
    const leader = raft.leader;
    const leading = raft.currentRole === 'leader' && leader.leaderId === this.deps.nodeId;
    if (this.active && (!leading || this.active.epoch !== leader.epoch)) {
      this.active.close();
      this.active = null;
    }
    if (leading && !this.active) this.active = new ActiveController(this.deps, leader.epoch);
  }

  private write<T>(op: (sink: RecordSink) => T): Promise<T> {
    return this.active ? this.active.write(op) : Promise.reject(new NotControllerError());
  }

  // ---------------------------------------------------------------------------------------------
  // Requests from brokers over the links.

  readonly handlers: {
    [K in keyof ControllerMessages]: (
      from: BrokerId,
      request: ControllerMessages[K]['request'],
    ) => Promise<ControllerMessages[K]['response']>;
  } = {
    'controller.registerBroker': (_from, request) =>
      this.write((sink) => registerBroker(sink, this.deps.settings, this.deps.clusterId, request)).catch(
        (err) => ({
          errorCode: errorCodeOf(err),
          brokerEpoch: -1,
        }),
      ),
    'controller.heartbeat': (_from, request) => {
      this.active?.heartbeats.touch(request.brokerId, this.deps.clock.now());
      return this.write((sink) =>
        processHeartbeat(sink, this.deps.settings, request, this.active?.shutdownOffsets ?? new Map()),
      ).catch((err) => ({
        errorCode: errorCodeOf(err),
        isCaughtUp: false,
        isFenced: true,
        shouldShutDown: false,
      }));
    },
    'controller.alterPartition': (_from, request) =>
      this.write((sink) => alterPartition(sink, request)).catch((err) => ({
        errorCode: errorCodeOf(err),
        leaderId: -1 as const,
        leaderEpoch: -1,
        isr: [],
        partitionEpoch: -1,
      })),
    'controller.allocateProducerIds': (_from, request) =>
      this.write((sink) => allocateProducerIds(sink, request)).catch((err) => ({
        errorCode: errorCodeOf(err),
        producerIdStart: -1,
        producerIdLen: 0,
      })),
    'controller.admin': (_from, call) => this.dispatchAdmin(call),
  };

  /** Runs one forwarded admin call; NOT_CONTROLLER when this node is not the active controller. */
  async dispatchAdmin(call: AdminCall): Promise<AdminReply> {
    try {
      const admin = this.admin as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const method = admin[call.method];
      if (!method) return { errorCode: ErrorCode.INVALID_REQUEST, result: null };
      return { errorCode: ErrorCode.NONE, result: await method(...call.args) };
    } catch (err) {
      return { errorCode: errorCodeOf(err), result: null };
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Admin: every method throws NotControllerError when this node is not the active controller.

  readonly admin: ClusterAdmin = {
    createTopics: async (specs, options) => {
      if (excessivePartitions(specs, this.deps.settings)) return specs.map(excessivePartitionsResult);
      return this.withTimeout(
        options.timeoutMs,
        this.write((sink) =>
          specs.map((spec) =>
            createTopic(sink, this.deps.settings, this.deps.random, spec, options.validateOnly),
          ),
        ),
        () => specs.map((s): CreateTopicResult => timedOutTopic(s.name)),
      );
    },
    deleteTopics: (topics, timeoutMs) =>
      this.withTimeout(
        timeoutMs,
        this.write((sink) => topics.map((t) => deleteTopic(sink, t))),
        () => topics.map((t) => ({ ...t, errorCode: ErrorCode.REQUEST_TIMED_OUT, errorMessage: null })),
      ),
    createPartitions: (specs, options) =>
      this.withTimeout(
        options.timeoutMs,
        this.write((sink) =>
          specs.map((spec) => createPartitions(sink, this.deps.random, spec, options.validateOnly)),
        ),
        () =>
          specs.map((s) => ({ name: s.topic, errorCode: ErrorCode.REQUEST_TIMED_OUT, errorMessage: null })),
      ),
    describeConfigs: async (resources, options) => {
      const image = this.active?.image;
      if (!image) throw new NotControllerError();
      return describeConfigs(image, this.deps.settings, resources, options);
    },
    alterConfigs: (specs, options) =>
      this.write((sink) =>
        specs.map((spec) => alterConfigs(sink, this.deps.settings, spec, options.validateOnly)),
      ),
    electLeaders: (partitions, electionType, timeoutMs) =>
      this.withTimeout(
        timeoutMs,
        this.write((sink) => electLeaders(sink, this.deps.settings, partitions, electionType)),
        () =>
          (partitions ?? []).map((tp) => ({
            ...tp,
            errorCode: ErrorCode.REQUEST_TIMED_OUT,
            errorMessage: null,
          })),
      ),
    allocateProducerId: async () => {
      const block = await this.write((sink) => {
        const start = sink.image.nextProducerId;
        sink.add({
          type: 'ProducerIds',
          brokerId: this.deps.nodeId,
          brokerEpoch: -1,
          nextProducerId: start + 1,
        });
        return start;
      });
      return { errorCode: ErrorCode.NONE, producerId: BigInt(block), producerEpoch: 0 };
    },
  };

  /** Answers `timedOut()` when the commit takes longer than `timeoutMs` (≤ 0: no limit). */
  private withTimeout<T>(timeoutMs: number, work: Promise<T>, timedOut: () => T): Promise<T> {
    if (timeoutMs <= 0) return work;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => resolve(timedOut()), timeoutMs);
      work.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  }
}

function timedOutTopic(name: string): CreateTopicResult {
  return {
    name,
    topicId: null,
    errorCode: ErrorCode.REQUEST_TIMED_OUT,
    errorMessage: 'Timed out waiting for the topic to be created.',
    numPartitions: -1,
    replicationFactor: -1,
  };
}

function errorCodeOf(err: unknown): ErrorCode {
  if (err instanceof KafkaError) return err.code;
  throw err;
}
