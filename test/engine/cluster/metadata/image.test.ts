import { describe, expect, it } from 'vitest';
import { MetadataImage } from '../../../../engine/cluster/metadata/image.js';
import {
  decodeMetadataRecord,
  encodeMetadataRecord,
  type MetadataRecord,
} from '../../../../engine/cluster/metadata/records.js';
import { asBrokerId } from '../../../../engine/types.js';

const b = asBrokerId;
const history: MetadataRecord[] = [
  { type: 'LeaderChange', leaderId: b(1), epoch: 1 },
  {
    type: 'RegisterBroker',
    brokerId: b(1),
    brokerEpoch: 1,
    incarnationId: 'a',
    host: 'h',
    port: 9092,
    rack: null,
    fenced: true,
  },
  {
    type: 'RegisterBroker',
    brokerId: b(2),
    brokerEpoch: 2,
    incarnationId: 'b',
    host: 'h',
    port: 9093,
    rack: 'r1',
    fenced: true,
  },
  { type: 'BrokerRegistrationChange', brokerId: b(1), brokerEpoch: 1, fenced: false },
  { type: 'Topic', name: 'orders', topicId: 'T1' },
  {
    type: 'Partition',
    topicId: 'T1',
    partition: 0,
    replicas: [b(1), b(2)],
    isr: [b(1), b(2)],
    leader: b(1),
    leaderEpoch: 0,
    partitionEpoch: 0,
  },
  { type: 'Config', resourceType: 'topic', resourceName: 'orders', name: 'retention.ms', value: '1000' },
  { type: 'PartitionChange', topicId: 'T1', partition: 0, isr: [b(1)] },
  { type: 'PartitionChange', topicId: 'T1', partition: 0, leader: b(2), isr: [b(2)] },
  { type: 'ProducerIds', brokerId: b(1), brokerEpoch: 1, nextProducerId: 1000 },
  { type: 'Topic', name: 'gone', topicId: 'T2' },
  { type: 'RemoveTopic', topicId: 'T2' },
];

function replay(records: readonly MetadataRecord[]): MetadataImage {
  const image = new MetadataImage();
  records.forEach((record, offset) => image.apply(record, offset));
  return image;
}

describe('MetadataImage', () => {
  it('replays records: a leader change bumps the leader epoch, every change bumps the partition epoch', () => {
    const image = replay(history);
    expect(image.topicByName('orders')?.partitions.get(0)).toEqual({
      replicas: [1, 2],
      isr: [2],
      leader: 2,
      leaderEpoch: 1,
      partitionEpoch: 2,
    });
    expect(image.isUsable(b(1))).toBe(true);
    expect(image.isUsable(b(2))).toBe(false);
    expect(image.topicByName('gone')).toBeUndefined();
    expect(image.nextProducerId).toBe(1000);
    expect(image.offset).toBe(history.length);
  });

  it('reports what each record changed', () => {
    const image = replay(history.slice(0, 7));
    const change = image.apply({ type: 'PartitionChange', topicId: 'T1', partition: 0, leader: -1 }, 7);
    expect(change).toMatchObject({
      kind: 'partition',
      topic: 'orders',
      before: { leader: 1 },
      after: { leader: -1, leaderEpoch: 1 },
    });
  });

  it('a snapshot of the image rebuilds the same image', () => {
    const image = replay(history);
    const rebuilt = MetadataImage.fromSnapshot(
      image.toRecords().map((r) => decodeMetadataRecord(encodeMetadataRecord(r))),
      image.offset,
    );
    expect(rebuilt.toRecords()).toEqual(image.toRecords());
    expect(rebuilt.offset).toBe(image.offset);
    expect(rebuilt.broker(b(2))).toEqual(image.broker(b(2)));
  });

  it('a clone evolves independently', () => {
    const image = replay(history);
    const copy = image.clone();
    copy.apply({ type: 'RemoveTopic', topicId: 'T1' }, image.offset);
    expect(image.topicByName('orders')).toBeDefined();
    expect(copy.topicByName('orders')).toBeUndefined();
  });

  it('refuses to apply records out of order or about unknown things', () => {
    const image = replay(history);
    expect(() => image.apply({ type: 'Topic', name: 'x', topicId: 'X' }, 3)).toThrow();
    expect(() =>
      image.apply({ type: 'PartitionChange', topicId: 'nope', partition: 0, isr: [] }, 100),
    ).toThrow();
  });

  it('unknown record types fail loudly', () => {
    expect(() => decodeMetadataRecord(Buffer.from('{"type":"FutureThing"}'))).toThrow(
      'unknown metadata record type',
    );
    expect(() => decodeMetadataRecord(Buffer.from('not json'))).toThrow('not JSON');
  });
});
