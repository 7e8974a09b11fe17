/**
 * The cluster metadata as of some offset of the metadata log: Kafka's MetadataImage, built by
 * replaying metadata records in order. Every node keeps one of the committed log; the active
 * controller keeps a second one that also holds its own not yet committed records.
 *
 * Registrations are immutable values; applying a record replaces them, so a change can hand out
 * the value before and after. `apply` answers what changed, which is what brokers act on and
 * what the cluster's event stream reports.
 */
import type { BrokerId } from '../../types.js';
import { invariant } from '../../util/invariant.js';
import type { ConfigResource, MetadataRecord } from './records.js';

export interface BrokerRegistration {
  readonly id: BrokerId;
  readonly epoch: number;
  readonly incarnationId: string;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
  readonly fenced: boolean;
  readonly inControlledShutdown: boolean;
}

export interface PartitionRegistration {
  readonly replicas: readonly BrokerId[];
  readonly isr: readonly BrokerId[];
  readonly leader: BrokerId | -1;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
}

export interface TopicImage {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: ReadonlyMap<number, PartitionRegistration>;
}

export type MetadataChange =
  | { readonly kind: 'leader-change'; readonly leaderId: BrokerId; readonly epoch: number }
  | {
      readonly kind: 'broker';
      readonly brokerId: BrokerId;
      readonly before: BrokerRegistration | null;
      readonly after: BrokerRegistration;
    }
  | { readonly kind: 'topic-created'; readonly topic: TopicImage }
  | { readonly kind: 'topic-removed'; readonly topic: TopicImage }
  | {
      readonly kind: 'partition';
      readonly topic: string;
      readonly topicId: string;
      readonly partition: number;
      readonly before: PartitionRegistration | null;
      readonly after: PartitionRegistration;
    }
  | {
      readonly kind: 'config';
      readonly resourceType: ConfigResource;
      readonly resourceName: string;
      readonly name: string;
      readonly value: string | null;
    }
  | { readonly kind: 'producer-ids'; readonly brokerId: BrokerId; readonly nextProducerId: number };

interface MutableTopic {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: Map<number, PartitionRegistration>;
}

const configKey = (type: ConfigResource, name: string): string => `${type}:${name}`;

export class MetadataImage {
  private readonly brokerMap = new Map<BrokerId, BrokerRegistration>();
  private readonly topicMap = new Map<string, MutableTopic>();
  private readonly topicIdsByName = new Map<string, string>();
  private readonly configMap = new Map<string, Map<string, string>>();
  private producerIdNext = 0;
  /** Offset of the next record to apply: every record before it is in the image. */
  private nextOffset = 0;

  get offset(): number {
    return this.nextOffset;
  }

  get nextProducerId(): number {
    return this.producerIdNext;
  }

  brokers(): readonly BrokerRegistration[] {
    return [...this.brokerMap.values()].sort((a, b) => a.id - b.id);
  }

  broker(id: BrokerId): BrokerRegistration | undefined {
    return this.brokerMap.get(id);
  }

  /** Registered, unfenced and not shutting down: may lead and join ISRs. */
  isUsable(id: BrokerId): boolean {
    const broker = this.brokerMap.get(id);
    return broker !== undefined && !broker.fenced && !broker.inControlledShutdown;
  }

  topics(): readonly TopicImage[] {
    return [...this.topicMap.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  topicById(topicId: string): TopicImage | undefined {
    return this.topicMap.get(topicId);
  }

  topicByName(name: string): TopicImage | undefined {
    const id = this.topicIdsByName.get(name);
    return id === undefined ? undefined : this.topicMap.get(id);
  }

  configs(type: ConfigResource, name: string): ReadonlyMap<string, string> {
    return this.configMap.get(configKey(type, name)) ?? new Map();
  }

  /** Marks the image as having seen records up to (excluding) `offset` without a change. */
  advanceTo(offset: number): void {
    invariant(
      offset >= this.nextOffset,
      () => `metadata image moved back from ${this.nextOffset} to ${offset}`,
    );
    this.nextOffset = offset;
  }

  apply(record: MetadataRecord, offset: number): MetadataChange {
    invariant(offset >= this.nextOffset, () => `metadata record ${offset} applied after ${this.nextOffset}`);
    this.nextOffset = offset + 1;
    switch (record.type) {
      case 'LeaderChange':
        return { kind: 'leader-change', leaderId: record.leaderId, epoch: record.epoch };
      case 'RegisterBroker': {
        const before = this.brokerMap.get(record.brokerId) ?? null;
        const after: BrokerRegistration = {
          id: record.brokerId,
          epoch: record.brokerEpoch,
          incarnationId: record.incarnationId,
          host: record.host,
          port: record.port,
          rack: record.rack,
          fenced: record.fenced,
          inControlledShutdown: false,
        };
        this.brokerMap.set(record.brokerId, after);
        return { kind: 'broker', brokerId: record.brokerId, before, after };
      }
      case 'BrokerRegistrationChange': {
        const before = this.brokerMap.get(record.brokerId);
        invariant(
          before && before.epoch === record.brokerEpoch,
          () => `change of unknown broker ${record.brokerId}`,
        );
        const after: BrokerRegistration = {
          ...before,
          fenced: record.fenced ?? before.fenced,
          inControlledShutdown: record.inControlledShutdown ?? before.inControlledShutdown,
        };
        this.brokerMap.set(record.brokerId, after);
        return { kind: 'broker', brokerId: record.brokerId, before, after };
      }
      case 'Topic': {
        invariant(!this.topicIdsByName.has(record.name), () => `topic ${record.name} created twice`);
        const topic: MutableTopic = { name: record.name, topicId: record.topicId, partitions: new Map() };
        this.topicMap.set(record.topicId, topic);
        this.topicIdsByName.set(record.name, record.topicId);
        return { kind: 'topic-created', topic };
      }
      case 'Partition': {
        const topic = this.mustTopic(record.topicId);
        const before = topic.partitions.get(record.partition) ?? null;
        const after: PartitionRegistration = {
          replicas: record.replicas,
          isr: record.isr,
          leader: record.leader,
          leaderEpoch: record.leaderEpoch,
          partitionEpoch: record.partitionEpoch,
        };
        topic.partitions.set(record.partition, after);
        return {
          kind: 'partition',
          topic: topic.name,
          topicId: topic.topicId,
          partition: record.partition,
          before,
          after,
        };
      }
      case 'PartitionChange': {
        const topic = this.mustTopic(record.topicId);
        const before = topic.partitions.get(record.partition);
        invariant(before, () => `change of unknown partition ${topic.name}-${record.partition}`);
        const after: PartitionRegistration = {
          replicas: record.replicas ?? before.replicas,
          isr: record.isr ?? before.isr,
          leader: record.leader ?? before.leader,
          leaderEpoch: record.leader !== undefined ? before.leaderEpoch + 1 : before.leaderEpoch,
          partitionEpoch: before.partitionEpoch + 1,
        };
        topic.partitions.set(record.partition, after);
        return {
          kind: 'partition',
          topic: topic.name,
          topicId: topic.topicId,
          partition: record.partition,
          before,
          after,
        };
      }
      case 'RemoveTopic': {
        const topic = this.mustTopic(record.topicId);
        this.topicMap.delete(record.topicId);
        this.topicIdsByName.delete(topic.name);
        this.configMap.delete(configKey('topic', topic.name));
        return { kind: 'topic-removed', topic };
      }
      case 'Config': {
        const key = configKey(record.resourceType, record.resourceName);
        const entries = this.configMap.get(key) ?? new Map<string, string>();
        if (record.value === null) entries.delete(record.name);
        else entries.set(record.name, record.value);
        if (entries.size === 0) this.configMap.delete(key);
        else this.configMap.set(key, entries);
        return {
          kind: 'config',
          resourceType: record.resourceType,
          resourceName: record.resourceName,
          name: record.name,
          value: record.value,
        };
      }
      case 'ProducerIds':
        invariant(record.nextProducerId > this.producerIdNext, 'producer id blocks must move forward');
        this.producerIdNext = record.nextProducerId;
        return { kind: 'producer-ids', brokerId: record.brokerId, nextProducerId: record.nextProducerId };
    }
  }

  /** The records that rebuild this image from nothing: the content of a metadata snapshot. */
  toRecords(): MetadataRecord[] {
    const records: MetadataRecord[] = [];
    for (const b of this.brokers()) {
      records.push({
        type: 'RegisterBroker',
        brokerId: b.id,
        brokerEpoch: b.epoch,
        incarnationId: b.incarnationId,
        host: b.host,
        port: b.port,
        rack: b.rack,
        fenced: b.fenced,
      });
      if (b.inControlledShutdown) {
        records.push({
          type: 'BrokerRegistrationChange',
          brokerId: b.id,
          brokerEpoch: b.epoch,
          inControlledShutdown: true,
        });
      }
    }
    for (const topic of this.topics()) {
      records.push({ type: 'Topic', name: topic.name, topicId: topic.topicId });
      for (const [partition, p] of [...topic.partitions].sort((a, b) => a[0] - b[0])) {
        records.push({ type: 'Partition', topicId: topic.topicId, partition, ...p });
      }
    }
    for (const [key, entries] of this.configMap) {
      const split = key.indexOf(':');
      const resourceType = key.slice(0, split) as ConfigResource;
      const resourceName = key.slice(split + 1);
      for (const [name, value] of entries)
        records.push({ type: 'Config', resourceType, resourceName, name, value });
    }
    if (this.producerIdNext > 0) {
      records.push({
        type: 'ProducerIds',
        brokerId: -1 as BrokerId,
        brokerEpoch: -1,
        nextProducerId: this.producerIdNext,
      });
    }
    return records;
  }

  /** Rebuilds an image from a snapshot's records: the state of every record before `endOffset`. */
  static fromSnapshot(records: readonly MetadataRecord[], endOffset: number): MetadataImage {
    const image = new MetadataImage();
    records.forEach((record, i) => image.apply(record, i));
    image.nextOffset = endOffset;
    return image;
  }

  /** A copy that evolves independently (the active controller's working image). */
  clone(): MetadataImage {
    const copy = new MetadataImage();
    for (const [id, b] of this.brokerMap) copy.brokerMap.set(id, b);
    for (const [id, t] of this.topicMap) {
      copy.topicMap.set(id, { name: t.name, topicId: t.topicId, partitions: new Map(t.partitions) });
    }
    for (const [name, id] of this.topicIdsByName) copy.topicIdsByName.set(name, id);
    for (const [key, entries] of this.configMap) copy.configMap.set(key, new Map(entries));
    copy.producerIdNext = this.producerIdNext;
    copy.nextOffset = this.nextOffset;
    return copy;
  }

  private mustTopic(topicId: string): MutableTopic {
    const topic = this.topicMap.get(topicId);
    invariant(topic, () => `unknown topic id ${topicId}`);
    return topic;
  }
}
