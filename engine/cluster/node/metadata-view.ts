/**
 * A broker's MetadataView for its request handlers (Kafka's KRaftMetadataCache): the committed
 * metadata image as Kafka's Metadata response describes it, rebuilt only when the image moved.
 */
import type { BrokerEndpoint, MetadataView, TopicMetadata } from '../../broker/services.js';
import { asLeaderEpoch, type BrokerId } from '../../types.js';
import type { MetadataImage, TopicImage } from '../metadata/image.js';

/** Kafka's internal topics: the consumer offsets and transaction state logs. */
const INTERNAL_TOPICS: ReadonlySet<string> = new Set(['__consumer_offsets', '__transaction_state']);

export class BrokerMetadataView implements MetadataView {
  private cachedAt = -1;
  private cachedImage: MetadataImage | null = null;
  private byName = new Map<string, TopicMetadata>();
  private byId = new Map<string, TopicMetadata>();

  constructor(
    readonly clusterId: string,
    private readonly image: () => MetadataImage,
    private readonly controller: () => BrokerId | -1,
  ) {}

  controllerId(): BrokerId | -1 {
    return this.controller();
  }

  aliveBrokers(): readonly BrokerEndpoint[] {
    return this.registeredBrokers()
      .filter((b) => !b.fenced)
      .map(({ fenced: _fenced, ...endpoint }) => endpoint);
  }

  registeredBrokers(): readonly (BrokerEndpoint & { readonly fenced: boolean })[] {
    return this.image()
      .brokers()
      .filter((b) => b.port > 0)
      .map((b) => ({ id: b.id, host: b.host, port: b.port, rack: b.rack, fenced: b.fenced }));
  }

  topics(): readonly TopicMetadata[] {
    return [...this.refresh().byName.values()];
  }

  topic(name: string): TopicMetadata | undefined {
    return this.refresh().byName.get(name);
  }

  topicById(topicId: string): TopicMetadata | undefined {
    return this.refresh().byId.get(topicId);
  }

  private refresh(): this {
    const image = this.image();
    if (image === this.cachedImage && image.offset === this.cachedAt) return this;
    this.cachedImage = image;
    this.cachedAt = image.offset;
    this.byName = new Map();
    this.byId = new Map();
    for (const topic of image.topics()) {
      const described = describeTopic(image, topic);
      this.byName.set(topic.name, described);
      this.byId.set(topic.topicId, described);
    }
    return this;
  }
}

function describeTopic(image: MetadataImage, topic: TopicImage): TopicMetadata {
  const partitions = [...topic.partitions]
    .sort((a, b) => a[0] - b[0])
    .map(([partition, p]) => ({
      partition,
      leader: p.leader,
      leaderEpoch: asLeaderEpoch(p.leaderEpoch),
      replicas: p.replicas,
      isr: p.isr,
      offlineReplicas: p.replicas.filter((id) => {
        const broker = image.broker(id);
        return !broker || broker.fenced;
      }),
    }));
  return {
    name: topic.name,
    topicId: topic.topicId,
    internal: INTERNAL_TOPICS.has(topic.name),
    partitions,
    configs: Object.fromEntries(image.configs('topic', topic.name)),
  };
}
