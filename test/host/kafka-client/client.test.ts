import { describe, expect, it } from 'vitest';
import { CompressionType } from '../../../engine/records/batch.js';
import { KafkaError } from '../../../engine/protocol/errors.js';
import { KafkaClient } from '../../../host/kafka-client/client.js';
import { listOffsets, partitionBounds } from '../../../host/kafka-client/offsets.js';
import { batchRecords, fetchPartitions } from '../../../host/kafka-client/partition-reader.js';
import { partitionForKey } from '../../../host/kafka-client/partitioner.js';
import { Producer } from '../../../host/kafka-client/producer.js';
import { unwrap, withRetries } from '../../../host/kafka-client/routing.js';
import { kafkaAvailable, kafkaSkipNote, useKafkaPeer } from '../kafka-peer.js';

async function createTopic(client: KafkaClient, name: string, partitions: number): Promise<void> {
  const response = await client.request(
    'CreateTopics',
    {
      topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 10_000,
      validateOnly: false,
    },
    'controller',
  );
  expect(response.topics[0]?.errorCode).toBe(0);
  // Brokers learn of a new topic a moment after the controller: wait until metadata has leaders.
  await withRetries(async () => {
    const md = await client.metadata({ topics: [name], refresh: true });
    const route = md.topics.get(name);
    if (!route || route.partitions.length !== partitions || route.partitions.some((p) => p.leader < 0)) {
      throw new KafkaError(5, `${name} is not ready`);
    }
  });
}

async function readAll(client: KafkaClient, topic: string, partition: number) {
  const records = [];
  let offset = 0;
  for (;;) {
    const result = unwrap(
      (await fetchPartitions(client, [{ topic, partition, offset }])).get(`${topic}:${partition}`),
    );
    for (const batch of result.batches) records.push(...(await batchRecords(batch, offset)));
    if (result.nextOffset >= result.highWatermark) return records;
    offset = result.nextOffset;
  }
}

describe.skipIf(!kafkaAvailable)(`the Kafka client against Apache Kafka${kafkaSkipNote}`, () => {
  const peer = useKafkaPeer({ nodes: 1 });
  const connect = () => new KafkaClient({ bootstrap: peer().bootstrap, clientId: 'brokerlab-test' });

  it('bootstraps: brokers, controller, cluster id and the highest common versions', async () => {
    const client = connect();
    try {
      const md = await client.metadata();
      expect(md.clusterId).toBe(peer().clusterId);
      expect(md.brokers.map((b) => b.nodeId)).toEqual([1]);
      expect(md.controllerId).toBe(1);
      expect(await client.apiVersion('Fetch', 'any')).toBeGreaterThanOrEqual(13);
      expect(await client.apiVersion('Metadata', { broker: 1 })).toBeGreaterThanOrEqual(12);
    } finally {
      await client.close();
    }
  });

  it('produces binary keys, values and headers with every codec and reads them back exactly', async () => {
    const client = connect();
    try {
      await createTopic(client, 'codecs', 3);
      const records = Array.from({ length: 40 }, (_, i) => ({
        key: i % 5 === 0 ? null : Buffer.from([i, 0xff, 0x00, 0x80]),
        value: i % 7 === 0 ? null : Buffer.concat([Buffer.from(`value-${i}-`), Buffer.from([0xc3, 0x28, i])]),
        headers: [
          { key: 'bin', value: Buffer.from([0, 1, 2, 0xfe]) },
          { key: 'null', value: null },
          { key: 'text', value: Buffer.from(`h${i}`) },
        ],
        timestamp: 1_700_000_000_000 + i,
      }));
      const codecs = [
        CompressionType.NONE,
        CompressionType.GZIP,
        CompressionType.SNAPPY,
        CompressionType.LZ4,
        CompressionType.ZSTD,
      ];
      const sent = [];
      for (const [n, compression] of codecs.entries()) {
        const producer = new Producer(client, { compression });
        const slice = records.slice(n * 8, n * 8 + 8);
        const meta = await producer.send('codecs', slice);
        sent.push(...slice.map((record, i) => ({ record, meta: meta[i]! })));
      }
      for (const { record, meta } of sent) {
        if (record.key) expect(meta.partition).toBe(partitionForKey(record.key, 3));
        expect(meta.offset).not.toBeNull();
        expect(meta.timestamp).toBe(record.timestamp);
      }
      for (const partition of [0, 1, 2]) {
        const read = await readAll(client, 'codecs', partition);
        const expected = sent
          .filter((s) => s.meta.partition === partition)
          .sort((a, b) => a.meta.offset! - b.meta.offset!);
        expect(read.map((r) => r.offset)).toEqual(expected.map((s) => s.meta.offset));
        read.forEach((r, i) => {
          const want = expected[i]!.record;
          expect(r.key).toEqual(want.key);
          expect(r.value).toEqual(want.value);
          expect(r.timestamp).toBe(want.timestamp);
          expect(r.headers.map((h) => [h.key, h.value])).toEqual(want.headers.map((h) => [h.key, h.value]));
        });
      }
    } finally {
      await client.close();
    }
  });

  it('produces with acks=0 and acks=1, to a chosen partition', async () => {
    const client = connect();
    try {
      await createTopic(client, 'acks', 2);
      const leader = await new Producer(client, { acks: 1 }).send('acks', [
        { key: null, value: Buffer.from('one'), partition: 1 },
      ]);
      expect(leader[0]).toMatchObject({ partition: 1, offset: 0 });
      const none = await new Producer(client, { acks: 0 }).send('acks', [
        { key: null, value: Buffer.from('zero'), partition: 1 },
      ]);
      expect(none[0]).toMatchObject({ partition: 1, offset: null });
      await withRetries(async () => {
        const bounds = await partitionBounds(client, [{ topic: 'acks', partition: 1 }]);
        if (bounds.get('acks:1')?.highWatermark !== 2) throw new KafkaError(7, 'not yet');
      });
    } finally {
      await client.close();
    }
  });

  it('lists earliest, latest and by-timestamp offsets', async () => {
    const client = connect();
    try {
      await createTopic(client, 'times', 1);
      await new Producer(client).send(
        'times',
        [100, 200, 300].map((t) => ({
          key: null,
          value: Buffer.from(String(t)),
          timestamp: 1_600_000_000_000 + t,
        })),
      );
      const ref = [{ topic: 'times', partition: 0 }];
      expect((await listOffsets(client, ref, 'earliest')).get('times:0')?.offset).toBe(0);
      expect((await listOffsets(client, ref, 'latest')).get('times:0')?.offset).toBe(3);
      const at = await listOffsets(client, ref, { timestamp: 1_600_000_000_150 });
      expect(at.get('times:0')).toMatchObject({ offset: 1, timestamp: 1_600_000_000_200 });
      const after = await listOffsets(client, ref, { timestamp: 1_600_000_001_000 });
      expect(after.get('times:0')?.offset).toBeNull();
    } finally {
      await client.close();
    }
  });

  it('answers per-partition errors: out of range offsets, unknown topics and partitions', async () => {
    const client = connect();
    try {
      await createTopic(client, 'errors', 1);
      const results = await fetchPartitions(client, [
        { topic: 'errors', partition: 0, offset: 99 },
        { topic: 'errors', partition: 5, offset: 0 },
        { topic: 'no-such-topic', partition: 0, offset: 0 },
      ]);
      const message = (key: string) => {
        const r = results.get(key);
        return r && !r.ok ? r.error.message : 'ok';
      };
      expect(message('errors:0')).toBe('errors[0]: OFFSET_OUT_OF_RANGE');
      expect(message('errors:5')).toBe('topic "errors" has no partition 5 (it has 1)');
      expect(message('no-such-topic:0')).toBe('topic "no-such-topic" does not exist');
    } finally {
      await client.close();
    }
  });

  it('finds the coordinator of a group', async () => {
    const client = connect();
    try {
      // A new cluster answers COORDINATOR_NOT_AVAILABLE (retriable) until __consumer_offsets exists.
      expect(await withRetries(() => client.coordinatorOf('some-group'))).toBe(1);
    } finally {
      await client.close();
    }
  });
});
