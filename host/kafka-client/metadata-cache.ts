/**
 * The client's view of the cluster, built from Metadata responses: live brokers, the controller,
 * and the routes (topic id, partitions, leaders) of the topics asked about so far.
 *
 * Rules: every response replaces the brokers and the controller; a response for every topic
 * replaces the whole topic table; a response for some topics updates those and drops the ones
 * the cluster does not know. A topic answered with an error and no partitions (still being
 * created, or unknown) is not kept: lookups ask again. Entries older than `maxAgeMs` count as
 * missing, as Kafka's `metadata.max.age.ms`.
 */
import type { MetadataResponse, MetadataResponseTopic } from '../../engine/protocol/apis/metadata.js';
import { ErrorCode } from '../../engine/protocol/errors.js';
import type { BrokerNode, ClusterMetadata, TopicRoute } from '../cluster-access.js';
import type { TopicIdLookup } from './topic-ids.js';

interface CachedTopic {
  readonly route: TopicRoute;
  readonly fetchedAt: number;
}

export class MetadataCache implements TopicIdLookup {
  private brokers: readonly BrokerNode[] = [];
  private controllerId = -1;
  private clusterId: string | null = null;
  private readonly topics = new Map<string, CachedTopic>();
  private readonly namesById = new Map<string, string>();
  /** When every topic was last listed, or 0. */
  private allTopicsAt = 0;
  private brokersAt = 0;

  constructor(private readonly maxAgeMs: number) {}

  get hasBrokers(): boolean {
    return this.brokers.length > 0;
  }

  liveBrokers(): readonly BrokerNode[] {
    return this.brokers;
  }

  broker(nodeId: number): BrokerNode | undefined {
    return this.brokers.find((b) => b.nodeId === nodeId);
  }

  controller(): number {
    return this.controllerId;
  }

  /** Whether a lookup of these topics (every topic when absent) can be answered from the cache. */
  isFresh(topics: readonly string[] | undefined, now = Date.now()): boolean {
    if (now - this.brokersAt > this.maxAgeMs) return false;
    if (topics === undefined) return now - this.allTopicsAt <= this.maxAgeMs;
    return topics.every((name) => {
      const cached = this.topics.get(name);
      return cached !== undefined && now - cached.fetchedAt <= this.maxAgeMs;
    });
  }

  update(response: MetadataResponse, asked: readonly string[] | null, now = Date.now()): void {
    this.brokers = response.brokers
      .map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack }))
      .sort((a, b) => a.nodeId - b.nodeId);
    this.controllerId = response.controllerId;
    if (response.clusterId !== null) this.clusterId = response.clusterId;
    this.brokersAt = now;
    if (asked === null) {
      this.topics.clear();
      this.namesById.clear();
      this.allTopicsAt = now;
    } else {
      for (const name of asked) this.forget(name);
    }
    for (const topic of response.topics) {
      const route = toRoute(topic);
      if (route) {
        this.topics.set(route.name, { route, fetchedAt: now });
        this.namesById.set(route.topicId, route.name);
      }
    }
  }

  /** Drops topics (every topic when absent) so the next lookup asks the cluster. */
  invalidate(topics?: readonly string[]): void {
    if (topics === undefined) {
      this.topics.clear();
      this.namesById.clear();
      this.allTopicsAt = 0;
      this.brokersAt = 0;
      return;
    }
    for (const name of topics) this.forget(name);
    this.allTopicsAt = 0;
  }

  snapshot(topics: readonly string[] | undefined): ClusterMetadata {
    const selected = new Map<string, TopicRoute>();
    if (topics === undefined) {
      for (const [name, cached] of this.topics) selected.set(name, cached.route);
    } else {
      for (const name of topics) {
        const cached = this.topics.get(name);
        if (cached) selected.set(name, cached.route);
      }
    }
    return {
      clusterId: this.clusterId,
      controllerId: this.controllerId,
      brokers: this.brokers,
      topics: selected,
      fetchedAt: this.brokersAt,
    };
  }

  idOf(name: string): string | undefined {
    return this.topics.get(name)?.route.topicId;
  }

  nameOf(topicId: string): string | undefined {
    return this.namesById.get(topicId);
  }

  private forget(name: string): void {
    const cached = this.topics.get(name);
    if (!cached) return;
    this.topics.delete(name);
    this.namesById.delete(cached.route.topicId);
  }
}

function toRoute(topic: MetadataResponseTopic): TopicRoute | null {
  if (topic.name === null) return null;
  if (topic.errorCode !== ErrorCode.NONE && topic.partitions.length === 0) return null;
  const partitions = topic.partitions
    .map((p) => ({
      partition: p.partitionIndex,
      leader: p.leaderId,
      leaderEpoch: p.leaderEpoch,
      replicas: p.replicaNodes,
      isr: p.isrNodes,
      offlineReplicas: p.offlineReplicas,
      errorCode: p.errorCode,
    }))
    .sort((a, b) => a.partition - b.partition);
  return { name: topic.name, topicId: topic.topicId, internal: topic.isInternal, partitions };
}
