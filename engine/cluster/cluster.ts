/**
 * The embedded cluster: N brokers in one process (ids 1..N), each combined broker and controller,
 * linked in-process, the first min(N, 3) of them voters of the metadata quorum unless told
 * otherwise. `startCluster` resolves once every broker has registered, caught up and been
 * unfenced. Stopping and starting again on the same `dataDir` resumes every topic, offset,
 * config and committed metadata (each broker keeps its own directory `<dataDir>/broker-<id>`).
 *
 * The cluster exposes a snapshot of its whole state, an event stream (with a bounded buffer of
 * recent events), the fault injector, a ClusterAdmin that reaches the active controller
 * in-process, and each broker's BrokerServices for its listener.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SaslUser } from '../broker/sasl/credentials.js';
import { listenerSasl, parseEnabledMechanisms } from '../broker/sasl/listener-sasl.js';
import type { ClusterAdmin } from '../broker/services.js';
import type { CoordinatorEvent } from '../groups/coordinator.js';
import { ErrorCode, KafkaError } from '../protocol/errors.js';
import { asBrokerId, type BrokerId } from '../types.js';
import { systemClock, type Clock } from '../util/clock.js';
import { type ClusterConfigInput, type ClusterSettings, parseClusterConfig } from './config.js';
import { describeConfigs } from './controller/config-control.js';
import type { AdminReply } from './controller/messages.js';
import { type ClusterEvent, type ClusterEventListener, EventLog } from './events.js';
import { Faults, type FaultTarget } from './faults.js';
import type { LinkMessages } from './link-messages.js';
import { InProcessTransport } from './links.js';
import { MetadataEvents } from './metadata-events.js';
import { BrokerNode, type BrokerProcessState, type ListenerFactory } from './node/broker-node.js';
import { type AdminTransport, forwardingAdmin } from './node/forwarding-admin.js';
import { readMetaProperties } from './node/meta-properties.js';
import { seededRandom } from './random.js';
import { buildSnapshot, type ClusterSnapshot } from './snapshot.js';

export interface StartClusterOptions {
  /** Number of brokers, ids 1..N (default 3). */
  readonly brokers?: number;
  readonly dataDir: string;
  /** Where listeners bind and what brokers advertise (default 127.0.0.1). */
  readonly host?: string;
  /** Broker i listens on basePort + i - 1; without it each listener picks a free port. */
  readonly basePort?: number;
  /** Seed of every random choice: election timeouts, lossy links, replica placement. */
  readonly seed?: number;
  /** Broker configs by Kafka's names (see config.ts). */
  readonly config?: ClusterConfigInput;
  /** Voter ids of the metadata quorum (default: the first min(N, 3) brokers). */
  readonly voters?: readonly number[];
  /** Starts each broker's client listener; none without it. */
  readonly listener?: ListenerFactory;
  /**
   * SASL on every client listener (Kafka's SASL_PLAINTEXT) for these users, with the mechanisms of
   * the `sasl.enabled.mechanisms` config. Passwords are kept only as salted SCRAM credentials.
   */
  readonly sasl?: { readonly users: readonly SaslUser[] };
  /** Whether a killed broker loses data it had not fsynced (default false: page cache survives a process crash). */
  readonly killLosesUnflushedData?: boolean;
  /** How long start (and each broker restart) may take (default 30 s). */
  readonly startTimeoutMs?: number;
  readonly clock?: Clock;
}

export interface BrokerSummary {
  readonly id: BrokerId;
  readonly state: BrokerProcessState;
  readonly host: string;
  readonly port: number;
}

export class Cluster {
  readonly faults: Faults;
  readonly admin: ClusterAdmin;
  private readonly events: EventLog;
  private readonly nodes: readonly BrokerNode[];
  private readonly transport: InProcessTransport<LinkMessages>;
  private readonly metadataEvents: MetadataEvents;
  private readonly unsubscribe = new Map<BrokerId, () => void>();
  /** Which broker last loaded each __consumer_offsets partition (for coordinator-moved events). */
  private readonly offsetsCoordinators = new Map<number, BrokerId>();
  private stopped = false;

  /** Use startCluster. */
  constructor(
    readonly clusterId: string,
    readonly settings: ClusterSettings,
    private readonly options: StartClusterOptions & { readonly voters: readonly number[] },
  ) {
    const clock = options.clock ?? systemClock;
    const random = seededRandom(options.seed ?? 1);
    const count = options.brokers ?? 3;
    const host = options.host ?? '127.0.0.1';
    this.events = new EventLog(() => clock.now());
    this.transport = new InProcessTransport(random.fork('links'));
    const voters = options.voters.map(asBrokerId);
    const sasl = options.sasl
      ? listenerSasl(parseEnabledMechanisms(settings.saslEnabledMechanisms), options.sasl.users)
      : null;
    this.nodes = Array.from({ length: count }, (_, i) => {
      const id = asBrokerId(i + 1);
      return new BrokerNode({
        id,
        clusterId,
        dir: join(options.dataDir, `broker-${id}`),
        host,
        port: options.basePort !== undefined ? options.basePort + i : 0,
        voters,
        settings,
        transport: this.transport,
        random: random.fork(`broker-${id}`),
        clock,
        listenerFactory: options.listener ?? null,
        sasl,
      });
    });
    for (const node of this.nodes) {
      node.open();
      node.onGroupEvent((event) => this.groupEvent(node.id, event));
    }
    // What the logs already hold is history, not news.
    const known = Math.max(0, ...this.nodes.map((n) => n.raft?.raftLog.endOffset ?? 0));
    this.metadataEvents = new MetadataEvents(this.events, known);
    this.faults = new Faults(this.faultTarget());
    this.admin = this.routedAdmin();
  }

  /** Starts every broker (quorum first, all at once) and waits until all are registered and unfenced. */
  async start(): Promise<void> {
    for (const node of this.nodes) {
      this.follow(node);
      node.startQuorum();
    }
    await Promise.all(this.nodes.map((node) => node.start(this.startTimeoutMs)));
    for (const node of this.nodes) this.events.emit({ type: 'broker-up', brokerId: node.id });
  }

  brokers(): BrokerSummary[] {
    return this.nodes.map((n) => ({ id: n.id, state: n.processState, ...n.address }));
  }

  broker(id: number): BrokerNode {
    const node = this.nodes.find((n) => n.id === id);
    if (!node) throw new RangeError(`no broker ${id} in this cluster (ids 1..${this.nodes.length})`);
    return node;
  }

  /** The whole state at once: brokers, controller, partitions with leaders, ISRs and offsets. */
  snapshot(): ClusterSnapshot {
    return buildSnapshot(this.clusterId, this.nodes, (id) => this.faults.isolation(id), this.faults.list());
  }

  onEvent(listener: ClusterEventListener): () => void {
    return this.events.onEvent(listener);
  }

  /** The buffered recent events, oldest first (only those after `afterSeq` when given). */
  recentEvents(afterSeq = 0): readonly ClusterEvent[] {
    return this.events.recent(afterSeq);
  }

  /** Stops every broker cleanly: logs flushed, the quorum's state on disk. Faults stop with it. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const off of this.unsubscribe.values()) off();
    await Promise.all(this.nodes.map((node) => node.stop({ controlled: false })));
  }

  private get startTimeoutMs(): number {
    return this.options.startTimeoutMs ?? 30_000;
  }

  private follow(node: BrokerNode): void {
    this.unsubscribe.get(node.id)?.();
    this.unsubscribe.set(
      node.id,
      node.onMetadata((image, changes) => this.metadataEvents.observe(image, changes)),
    );
  }

  private groupEvent(brokerId: BrokerId, event: CoordinatorEvent): void {
    if (event.type !== 'offsets-partition-loaded') {
      this.events.emit(event);
      return;
    }
    const previous = this.offsetsCoordinators.get(event.offsetsPartition) ?? -1;
    this.offsetsCoordinators.set(event.offsetsPartition, brokerId);
    // A partition without groups moving is no news to anyone watching groups.
    if (event.groupIds.length === 0) return;
    this.events.emit({
      type: 'group-coordinator-moved',
      offsetsPartition: event.offsetsPartition,
      coordinatorId: brokerId,
      previousCoordinatorId: previous,
      groupIds: event.groupIds,
    });
  }

  private faultTarget(): FaultTarget {
    return {
      transport: this.transport,
      events: this.events,
      killLosesUnflushedData: this.options.killLosesUnflushedData ?? false,
      node: (id) => this.broker(id),
      killBroker: (id, lose) => {
        this.unsubscribe.get(id)?.();
        this.broker(id).kill(lose);
      },
      stopBroker: async (id) => {
        await this.broker(id).stop({ controlled: true });
        this.unsubscribe.get(id)?.();
      },
      startBroker: async (id) => {
        const node = this.broker(id);
        node.open();
        this.follow(node);
        node.startQuorum();
        await node.start(this.startTimeoutMs);
      },
    };
  }

  /** The cluster's ClusterAdmin: in-process to whichever broker is the active controller. */
  private routedAdmin(): ClusterAdmin {
    const activeController = () => this.nodes.find((n) => n.controller?.isActive)?.controller ?? null;
    const transport: AdminTransport = async (call, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const controller = activeController();
        const reply: AdminReply | null = controller ? await controller.dispatchAdmin(call) : null;
        if (reply && reply.errorCode !== ErrorCode.NOT_CONTROLLER) return reply;
        if (Date.now() >= deadline) throw new KafkaError(ErrorCode.NOT_CONTROLLER, 'No active controller.');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const image = () => {
      const images = this.nodes.flatMap((n) => (n.metadata ? [n.metadata.image] : []));
      const newest = images.sort((a, b) => b.offset - a.offset)[0];
      if (!newest) throw new KafkaError(ErrorCode.BROKER_NOT_AVAILABLE, 'No broker is running.');
      return newest;
    };
    const admin = forwardingAdmin(transport, image, this.settings, async () => {
      const running = this.nodes.find((n) => n.processState === 'running');
      if (!running) return { errorCode: ErrorCode.BROKER_NOT_AVAILABLE, producerId: -1n, producerEpoch: -1 };
      return running.services.admin.allocateProducerId();
    });
    return {
      ...admin,
      describeConfigs: async (resources, opts) => describeConfigs(image(), this.settings, resources, opts),
    };
  }
}

/** Starts (or resumes, from `dataDir`) an embedded cluster. */
export async function startCluster(options: StartClusterOptions): Promise<Cluster> {
  const count = options.brokers ?? 3;
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`brokers must be a positive integer, not ${count}`);
  const voters = options.voters ?? Array.from({ length: Math.min(count, 3) }, (_, i) => i + 1);
  if (voters.length === 0 || voters.some((v) => !Number.isInteger(v) || v < 1 || v > count)) {
    throw new RangeError(`voters must be broker ids in 1..${count}, not [${voters.join(', ')}]`);
  }
  const settings = parseClusterConfig(options.config, count);
  mkdirSync(options.dataDir, { recursive: true });
  const clusterId = existingClusterId(options.dataDir, count) ?? randomBytes(16).toString('base64url');
  const cluster = new Cluster(clusterId, settings, { ...options, voters });
  try {
    await cluster.start();
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

/** The cluster id found in the brokers' directories; they must agree. */
function existingClusterId(dataDir: string, count: number): string | null {
  const ids = new Set<string>();
  for (let id = 1; id <= count; id++) {
    const meta = readMetaProperties(join(dataDir, `broker-${id}`));
    if (meta) ids.add(meta.clusterId);
  }
  if (ids.size > 1)
    throw new Error(`the brokers in ${dataDir} belong to different clusters: ${[...ids].join(', ')}`);
  return [...ids][0] ?? null;
}
