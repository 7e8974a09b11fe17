/**
 * A real embedded cluster with listeners, for handler tests over the wire: temp data dir removed
 * on stop, wire clients per broker, topic creation, leader lookup, and a logger that keeps what
 * the brokers reported so a test can assert that no handler hit a bug.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenerFactory } from '../../../engine/broker/listener.js';
import type { BrokerLogger } from '../../../engine/broker/logger.js';
import { startCluster, type Cluster } from '../../../engine/cluster/cluster.js';
import type { ClusterConfigInput } from '../../../engine/cluster/config.js';
import * as createTopics from '../../../engine/protocol/apis/create-topics.js';
import * as metadataApi from '../../../engine/protocol/apis/metadata.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { ZERO_UUID } from '../../../engine/protocol/uuid.js';
import { until, WireClient } from './wire.js';

export class TestCluster {
  private readonly clients: WireClient[] = [];

  private constructor(
    readonly cluster: Cluster,
    private readonly dataDir: string,
    /** Messages the brokers logged as bugs (a handler's unexpected exception, ...). */
    readonly bugs: readonly string[],
  ) {}

  static async start(options: { brokers?: number; config?: ClusterConfigInput } = {}): Promise<TestCluster> {
    const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-broker-test-'));
    const bugs: string[] = [];
    const logger: BrokerLogger = {
      warn: () => {},
      error: (message, cause) => void bugs.push(`${message}: ${String(cause)}`),
    };
    const cluster = await startCluster({
      dataDir,
      brokers: options.brokers ?? 3,
      config: { 'auto.create.topics.enable': 'false', ...options.config },
      listener: listenerFactory({ logger }),
    });
    return new TestCluster(cluster, dataDir, bugs);
  }

  port(brokerId: number): number {
    return this.cluster.broker(brokerId).address.port;
  }

  /** A new connection to a broker (closed on stop). */
  async client(brokerId = 1): Promise<WireClient> {
    const client = await WireClient.connect(this.port(brokerId));
    this.clients.push(client);
    return client;
  }

  async metadata(topic: string): Promise<metadataApi.MetadataResponseTopic | undefined> {
    const c = await this.client(this.aliveBroker());
    const response = await c.send(metadataApi, 12, {
      topics: [{ topicId: ZERO_UUID, name: topic }],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    c.socket.destroy();
    return response.topics[0];
  }

  /** The id of a broker that is running. */
  aliveBroker(): number {
    const running = this.cluster.brokers().find((b) => b.state === 'running');
    if (running === undefined) throw new Error('no broker is running');
    return running.id;
  }

  /** Creates a topic and waits until every broker knows every partition's leader. */
  async createTopic(
    name: string,
    partitions: number,
    replicationFactor: number,
    configs: Record<string, string> = {},
  ): Promise<string> {
    const c = await this.client(this.aliveBroker());
    const response = await c.send(createTopics, 7, {
      topics: [
        {
          name,
          numPartitions: partitions,
          replicationFactor,
          assignments: [],
          configs: Object.entries(configs).map(([key, value]) => ({ name: key, value })),
        },
      ],
      timeoutMs: 10_000,
      validateOnly: false,
    });
    c.socket.destroy();
    const result = response.topics[0]!;
    if (result.errorCode !== ErrorCode.NONE) throw new Error(`create ${name}: ${result.errorMessage}`);
    await until(
      () =>
        this.cluster
          .brokers()
          .filter((b) => b.state === 'running')
          .every((b) => {
            const topic = this.cluster.broker(b.id).services.metadata.topic(name);
            return topic !== undefined && topic.partitions.every((p) => p.leader !== -1);
          }),
      10_000,
      `topic ${name} on every broker`,
    );
    return result.topicId;
  }

  /** The leader of a partition, as the first running broker's metadata says. */
  leaderOf(topic: string, partition: number): number {
    const p = this.cluster.broker(this.aliveBroker()).services.metadata.topic(topic)?.partitions[partition];
    if (p === undefined || p.leader === -1) throw new Error(`${topic}-${partition} has no leader`);
    return p.leader;
  }

  /** A connection to the leader of a partition. */
  leaderClient(topic: string, partition: number): Promise<WireClient> {
    return this.client(this.leaderOf(topic, partition));
  }

  /** A running broker that is not the leader of a partition. */
  followerOf(topic: string, partition: number): number {
    const leader = this.leaderOf(topic, partition);
    return this.cluster.brokers().find((b) => b.state === 'running' && b.id !== leader)!.id;
  }

  async stop(): Promise<void> {
    for (const c of this.clients.splice(0)) c.socket.destroy();
    await this.cluster.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
