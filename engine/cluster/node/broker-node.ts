/**
 * One broker of the embedded cluster, combined broker and controller as in KRaft's combined
 * mode: its data directory, its metadata quorum node (a voter or an observer), its controller
 * (active while its quorum node leads), its metadata image, its replicas, and optionally a client
 * listener (the Kafka protocol server, started through the ListenerFactory seam).
 *
 * Directory layout (`<dataDir>/broker-<id>`):
 *   meta.properties                      cluster.id and node.id
 *   metadata/__cluster_metadata-0/       the metadata log, quorum-state, snapshots
 *   data/<topic>-<partition>/            partition logs (engine/storage), partition.metadata
 *
 * Life: open (storage, synchronous) → startQuorum (joins the links and the quorum) → start
 * (listener, registration; resolves once caught up and unfenced) → stop (graceful: controlled
 * shutdown first) or kill (a crash: links and listener drop at once, nothing is flushed, and
 * with `loseUnflushedData` every log loses what was not fsynced).
 *
 * The replica manager sees metadata only once this broker has caught up with its own
 * registration: by then the controller has taken its old incarnation's leaderships away, so a
 * restarted broker never acts on a leadership from before its restart.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseConnectionOverrides,
  type ListenerLimits,
  type ListenerPlacement,
} from '../../broker/listener-config.js';
import type { ListenerSasl } from '../../broker/sasl/listener-sasl.js';
import { consoleLogger } from '../../broker/logger.js';
import type { BrokerServices } from '../../broker/services.js';
import { groupConfigOf } from '../../groups/config.js';
import { type CoordinatorEvent, GroupCoordinator } from '../../groups/coordinator.js';
import { systemScheduler } from '../../groups/scheduler.js';
import { FaultyDisk } from '../../storage/disk-hooks.js';
import { TRANSACTION_STATE_TOPIC_NAME } from '../../broker/internal-topics.js';
import { transactionConfigOf } from '../../transactions/config.js';
import { TransactionCoordinator } from '../../transactions/coordinator.js';
import { TopicManager } from '../../storage/topic-manager.js';
import type { BrokerId } from '../../types.js';
import type { Clock } from '../../util/clock.js';
import type { ClusterSettings } from '../config.js';
import type { ControllerMessages } from '../controller/messages.js';
import { QuorumController } from '../controller/quorum-controller.js';
import { type LinkMessages, senderPart } from '../link-messages.js';
import { type InProcessTransport, senderFor } from '../links.js';
import { MetadataLoader, type MetadataPublisher } from '../metadata/loader.js';
import { encodeMetadataRecord } from '../metadata/records.js';
import type { Random } from '../random.js';
import type { RaftMessages } from '../raft/messages.js';
import { MetadataLog } from '../raft/metadata-log.js';
import { QuorumStateStore } from '../raft/quorum-state-store.js';
import { RaftNode } from '../raft/raft-node.js';
import type { ReplicaMessages } from '../replication/messages.js';
import { ReplicaManager } from '../replication/replica-manager.js';
import { BrokerLifecycle } from './broker-lifecycle.js';
import { ControllerChannel } from './controller-channel.js';
import { forwardingAdmin, linkAdminTransport } from './forwarding-admin.js';
import { BrokerMetadataView } from './metadata-view.js';
import { readMetaProperties, writeMetaProperties } from './meta-properties.js';
import { createOffsetsTopic, offsetsPartitions } from './offsets-partitions.js';
import { ProducerIdManager } from './producer-id-manager.js';
import { coordinatorPartitions, createCoordinatorTopic } from './coordinator-partitions.js';
import { txnMarkerHandlers, txnMarkerSender, type TxnMarkerMessages } from './txn-marker-link.js';

/** The client listener seam: the Kafka protocol server of one broker. */
export interface BrokerListener {
  /** Starts listening; resolves with the address clients connect to. */
  start(): Promise<{ host: string; port: number }>;
  /** Closes the listener and every connection. */
  stop(): Promise<void>;
  /** While on, clients cannot reach this broker (connections dropped, new ones refused). */
  isolate(on: boolean): void;
  /** Bytes received from and sent to clients since the listener was created, if it counts them. */
  traffic?(): { bytesIn: number; bytesOut: number };
}

export type ListenerFactory = (services: BrokerServices, placement: ListenerPlacement) => BrokerListener;

export interface BrokerNodeOptions {
  readonly id: BrokerId;
  readonly clusterId: string;
  /** `<dataDir>/broker-<id>`. */
  readonly dir: string;
  readonly host: string;
  /** The client port; 0 lets the listener pick one. */
  readonly port: number;
  readonly voters: readonly BrokerId[];
  readonly settings: ClusterSettings;
  readonly transport: InProcessTransport<LinkMessages>;
  readonly random: Random;
  readonly clock: Clock;
  readonly listenerFactory: ListenerFactory | null;
  /** SASL on the client listener (SASL_PLAINTEXT); null for PLAINTEXT. */
  readonly sasl: ListenerSasl | null;
}

export type BrokerProcessState = 'stopped' | 'starting' | 'running' | 'stopping';

/** The parts of a broker that exist while it runs. */
interface Running {
  readonly metadataLog: MetadataLog;
  readonly logs: TopicManager;
  readonly raft: RaftNode;
  readonly loader: MetadataLoader;
  readonly controller: QuorumController;
  readonly channel: ControllerChannel;
  readonly lifecycle: BrokerLifecycle;
  readonly replicas: ReplicaManager;
  readonly groups: GroupCoordinator;
  readonly transactions: TransactionCoordinator;
  readonly services: BrokerServices;
  listener: BrokerListener | null;
}

export class BrokerNode {
  readonly id: BrokerId;
  /** The broker's disk, where the fault injector makes it slow or full. */
  readonly disk = new FaultyDisk();
  private state: BrokerProcessState = 'stopped';
  private running: Running | null = null;
  private endpoint: { host: string; port: number };
  private clientsIsolated = false;
  private readonly groupListeners = new Set<(event: CoordinatorEvent) => void>();

  constructor(private readonly options: BrokerNodeOptions) {
    this.id = options.id;
    this.endpoint = { host: options.host, port: options.port };
  }

  get processState(): BrokerProcessState {
    return this.state;
  }

  get address(): { host: string; port: number } {
    return this.endpoint;
  }

  get isVoter(): boolean {
    return this.options.voters.includes(this.id);
  }

  /** The broker's services (for its listener, or for tests and the console). Throws when stopped. */
  get services(): BrokerServices {
    return this.mustRun().services;
  }

  get raft(): RaftNode | null {
    return this.running?.raft ?? null;
  }

  get controller(): QuorumController | null {
    return this.running?.controller ?? null;
  }

  get replicaManager(): ReplicaManager | null {
    return this.running?.replicas ?? null;
  }

  /**
   * Bytes clients sent to and received from this broker since it last started (Kafka's BytesIn
   * and BytesOut, counted at the socket); null while it is stopped or its listener does not count.
   */
  get clientTraffic(): { bytesIn: number; bytesOut: number } | null {
    return this.running?.listener?.traffic?.() ?? null;
  }

  /** The group coordinator of the __consumer_offsets partitions this broker leads. */
  get groupCoordinator(): GroupCoordinator | null {
    return this.running?.groups ?? null;
  }

  /** The transaction coordinator of the __transaction_state partitions this broker leads. */
  get transactionCoordinator(): TransactionCoordinator | null {
    return this.running?.transactions ?? null;
  }

  /** Subscribes to this broker's group events, across restarts; the returned function unsubscribes. */
  onGroupEvent(listener: (event: CoordinatorEvent) => void): () => void {
    this.groupListeners.add(listener);
    return () => this.groupListeners.delete(listener);
  }

  get metadata(): MetadataLoader | null {
    return this.running?.loader ?? null;
  }

  get lifecycle(): BrokerLifecycle | null {
    return this.running?.lifecycle ?? null;
  }

  /** Opens storage and builds every part; nothing runs yet. */
  open(): void {
    const { options } = this;
    mkdirSync(options.dir, { recursive: true });
    const meta = readMetaProperties(options.dir);
    if (meta && (meta.clusterId !== options.clusterId || meta.nodeId !== options.id)) {
      throw new Error(
        `${options.dir} belongs to node ${meta.nodeId} of cluster ${meta.clusterId}, not node ${options.id} of ${options.clusterId}`,
      );
    }
    if (!meta) writeMetaProperties(options.dir, { clusterId: options.clusterId, nodeId: options.id });
    const { settings, clock, transport } = options;
    const send = senderFor(transport, options.id);
    const metadataLog = MetadataLog.open(join(options.dir, 'metadata'), {
      segmentBytes: settings.metadataLogSegmentBytes,
      time: clock,
    });
    const dataDir = join(options.dir, 'data');
    const logs = TopicManager.open({
      dataDir,
      brokerConfig: settings.topicDefaults,
      time: clock,
      disk: this.disk,
    });
    const raft = new RaftNode(
      {
        clusterId: options.clusterId,
        nodeId: options.id,
        voters: options.voters,
        electionTimeoutMs: settings.electionTimeoutMs,
        electionBackoffMaxMs: settings.electionBackoffMaxMs,
        fetchTimeoutMs: settings.fetchTimeoutMs,
        requestTimeoutMs: settings.quorumRequestTimeoutMs,
        fetchMaxBytes: 1 << 20,
      },
      metadataLog,
      new QuorumStateStore(join(options.dir, 'metadata', '__cluster_metadata-0')),
      senderPart<RaftMessages>(send),
      options.random.fork(`raft-${options.id}`),
      clock,
      (leaderId, epoch) => encodeMetadataRecord({ type: 'LeaderChange', leaderId, epoch }),
    );
    const loader = new MetadataLoader(raft, settings);
    const controller = new QuorumController({
      nodeId: options.id,
      clusterId: options.clusterId,
      raft,
      committedImage: () => loader.image,
      settings,
      random: options.random.fork(`controller-${options.id}`),
      clock,
    });
    const controllerId = (): BrokerId | -1 =>
      raft.currentRole === 'prospective' ? -1 : raft.leader.leaderId;
    const channel = new ControllerChannel(
      senderPart<ControllerMessages>(send),
      controllerId,
      Math.min(50, settings.heartbeatIntervalMs),
    );
    const lifecycle = new BrokerLifecycle(
      channel,
      () => ({
        clusterId: options.clusterId,
        brokerId: options.id,
        host: this.endpoint.host,
        port: this.endpoint.port,
        rack: null,
      }),
      () => loader.offset,
      settings,
    );
    const replicas = new ReplicaManager({
      brokerId: options.id,
      logs,
      dataDir,
      settings,
      clock,
      disk: this.disk,
      image: () => loader.image,
      send: senderPart<ReplicaMessages>(send),
      brokerEpoch: () => lifecycle.brokerEpoch,
      alterPartition: (request) =>
        channel.call('controller.alterPartition', request, settings.controllerRequestTimeoutMs),
    });
    const producerIds = new ProducerIdManager(
      channel,
      options.id,
      () => lifecycle.brokerEpoch,
      settings.controllerRequestTimeoutMs,
    );
    const admin = forwardingAdmin(
      linkAdminTransport(channel),
      () => loader.image,
      settings,
      () => producerIds.allocate(),
    );
    const groups = new GroupCoordinator({
      brokerId: options.id,
      config: groupConfigOf(settings),
      scheduler: systemScheduler(clock),
      partitions: offsetsPartitions(replicas, settings, clock),
      createOffsetsTopic: () => createOffsetsTopic(admin, settings),
      logger: consoleLogger(options.id),
    });
    groups.onEvent((event) => {
      for (const listener of [...this.groupListeners]) listener(event);
    });
    const metadataView = new BrokerMetadataView(options.clusterId, () => loader.image, controllerId);
    const txnConfig = transactionConfigOf(settings);
    const transactions = new TransactionCoordinator({
      brokerId: options.id,
      config: txnConfig,
      scheduler: systemScheduler(clock),
      partitions: coordinatorPartitions(replicas, TRANSACTION_STATE_TOPIC_NAME, {
        timeoutMs: txnConfig.stateLogWriteTimeoutMs,
        readBytes: txnConfig.stateLogLoadBufferSize,
        clock,
      }),
      createStateTopic: () =>
        createCoordinatorTopic(admin, {
          name: TRANSACTION_STATE_TOPIC_NAME,
          numPartitions: txnConfig.stateLogNumPartitions,
          replicationFactor: txnConfig.stateLogReplicationFactor,
          segmentBytes: txnConfig.stateLogSegmentBytes,
          timeoutMs: txnConfig.stateLogWriteTimeoutMs,
        }),
      allocateProducerId: () => producerIds.allocate(),
      sendMarkers: txnMarkerSender(senderPart<TxnMarkerMessages>(send)),
      leaderOf: (tp) => {
        const partition = metadataView.topic(tp.topic)?.partitions.find((p) => p.partition === tp.partition);
        return partition === undefined ? undefined : partition.leader;
      },
      logger: consoleLogger(options.id),
    });
    const services: BrokerServices = {
      settings: {
        brokerId: options.id,
        autoCreateTopicsEnable: settings.autoCreateTopicsEnable,
        numPartitions: settings.numPartitions,
        defaultReplicationFactor: settings.defaultReplicationFactor,
        socketRequestMaxBytes: settings.socketRequestMaxBytes,
        fetchMaxBytes: settings.fetchMaxBytes,
        maxIncrementalFetchSessionCacheSlots: settings.maxIncrementalFetchSessionCacheSlots,
      },
      metadata: metadataView,
      admin,
      replicas,
      groups,
      transactions,
    };
    let replicasActive = false;
    loader.subscribe((image, changes) => {
      if (replicasActive) {
        replicas.applyMetadata(image, changes && changes.map((c) => c.change));
      } else if (lifecycle.isCaughtUp) {
        replicasActive = true;
        replicas.applyMetadata(image, null);
      }
      // Leadership of __consumer_offsets and __transaction_state partitions decides which groups
      // and transactional ids this broker serves.
      if (replicasActive) {
        groups.reconcile();
        transactions.reconcile();
      }
      lifecycle.metadataAdvanced();
    });
    this.running = {
      metadataLog,
      logs,
      raft,
      loader,
      controller,
      channel,
      lifecycle,
      replicas,
      groups,
      transactions,
      services,
      listener: null,
    };
    this.state = 'starting';
  }

  /** Joins the links and the quorum. Brokers of a cluster starting together all do this at once. */
  startQuorum(): void {
    const running = this.mustRun();
    this.options.transport.attach(this.id, {
      ...running.raft.handlers,
      ...running.controller.handlers,
      ...running.replicas.handlers,
      ...txnMarkerHandlers(running.services),
    });
    running.loader.start();
    running.raft.start();
  }

  /** Starts the listener and registers; resolves once this broker has caught up and is unfenced. */
  async start(timeoutMs: number): Promise<void> {
    const running = this.mustRun();
    if (this.options.listenerFactory) {
      running.listener = this.options.listenerFactory(running.services, {
        host: this.options.host,
        port: this.options.port,
        ...listenerLimitsOf(this.options.settings),
        sasl: this.options.sasl,
      });
      this.endpoint = await running.listener.start();
      running.listener.isolate(this.clientsIsolated);
    }
    running.lifecycle.start();
    await running.lifecycle.waitUntil(
      () => running.lifecycle.isCaughtUp,
      timeoutMs,
      'catching up with the metadata',
    );
    await running.lifecycle.waitUntil(() => !running.lifecycle.isFenced, timeoutMs, 'unfencing');
    this.state = 'running';
  }

  /**
   * Graceful stop: logs flushed and closed. `controlled`: leadership moves away first (Kafka's
   * controlled shutdown), which a cluster stopping as a whole skips — nobody is left to lead.
   */
  async stop(options: { controlled: boolean }): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.state = 'stopping';
    if (options.controlled)
      await running.lifecycle.controlledShutdown(this.options.settings.sessionTimeoutMs * 2);
    await running.listener?.stop();
    this.halt(running, true);
    running.logs.close();
    running.metadataLog.close();
  }

  /**
   * A crash: the listener and every link drop at once and nothing is flushed. With
   * `loseUnflushedData`, each partition log also loses what was never fsynced, as after a power
   * cut (the metadata log is fsynced on every append, so it loses nothing).
   */
  kill(loseUnflushedData: boolean): void {
    const running = this.running;
    if (!running) return;
    void running.listener?.stop();
    this.halt(running, false);
    for (const log of running.logs.allLogs()) {
      if (loseUnflushedData && log.recoveryPoint < log.logEndOffset) log.truncateTo(log.recoveryPoint);
      log.closeWithoutFlush();
    }
    running.metadataLog.close();
  }

  /** Cuts (or restores) this broker's client connections. */
  isolateClients(on: boolean): void {
    this.clientsIsolated = on;
    this.running?.listener?.isolate(on);
  }

  private halt(running: Running, graceful: boolean): void {
    running.groups.shutdown();
    running.transactions.shutdown();
    running.lifecycle.stop();
    running.channel.close();
    running.replicas.shutdown();
    running.raft.stop(graceful);
    running.controller.stop();
    running.loader.stop();
    this.options.transport.detach(this.id);
    this.running = null;
    this.state = 'stopped';
  }

  private mustRun(): Running {
    if (!this.running) throw new Error(`broker ${this.id} is not running`);
    return this.running;
  }

  /** Subscribes to this broker's committed metadata (the cluster derives its events from it). */
  onMetadata(publisher: MetadataPublisher): () => void {
    return this.mustRun().loader.subscribe(publisher);
  }
}

/** The listener limits the cluster's broker configs set (max.connections, ...). */
function listenerLimitsOf(settings: ClusterSettings): ListenerLimits {
  return {
    socketRequestMaxBytes: settings.socketRequestMaxBytes,
    maxConnections: settings.maxConnections,
    maxConnectionsPerIp: settings.maxConnectionsPerIp,
    maxConnectionsPerIpOverrides: parseConnectionOverrides(settings.maxConnectionsPerIpOverrides),
    connectionsMaxIdleMs: settings.connectionsMaxIdleMs,
    queuedMaxRequestBytes: settings.queuedMaxRequestBytes,
    maxInFlightRequestsPerConnection: settings.maxInFlightRequestsPerConnection,
  };
}
