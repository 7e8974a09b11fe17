/**
 * The console's Kafka client (host/kafka-client: Brokerlab's own protocol codec used as a client)
 * beside kafkajs, the well-kept pure-JavaScript alternative, on the same one-broker embedded
 * cluster in this process over loopback, each with SASL SCRAM-SHA-512 on:
 *
 *   connect: bootstrap, ApiVersions, SCRAM sign-in and a Metadata request, median of 5;
 *   produce: 200,000 records of 100 bytes in sends of 1,000, acks=all, uncompressed;
 *   consume: the same records read back by a consumer group from the start.
 *
 * The figures back README's "Remote clusters" choice; they never fail the run. Other load on
 * the machine skews every figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { listenerFactory } from '../engine/broker/listener.js';
import { silentLogger } from '../engine/broker/logger.js';
import { startCluster } from '../engine/cluster/cluster.js';
import { KafkaClient } from '../host/kafka-client/client.js';
import { GroupConsumer } from '../host/kafka-client/group-consumer.js';
import { Producer } from '../host/kafka-client/producer.js';

const { Kafka, logLevel } = kafkajs;
const RECORDS = 200_000;
const PER_SEND = 1_000;
const CONNECTS = 5;
const user = { username: 'bench', password: 'bench-secret' };
const value = Buffer.alloc(100, 'x');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
function row(what: string, value: string): void {
  console.log(`  ${what.padEnd(44)} ${value.padStart(16)}`);
}
const rate = (ms: number) => `${Math.round(RECORDS / (ms / 1000)).toLocaleString('en')} rec/s`;

const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-bench-remote-'));
const cluster = await startCluster({
  brokers: 1,
  dataDir,
  listener: listenerFactory({ logger: silentLogger }),
  sasl: { users: [user] },
});
const bootstrap = `127.0.0.1:${cluster.brokers()[0]!.port}`;
const ours = () =>
  new KafkaClient({ bootstrap, clientId: 'bench-own', sasl: { mechanism: 'SCRAM-SHA-512', ...user } });
const theirs = () =>
  new Kafka({
    brokers: [bootstrap],
    clientId: 'bench-kafkajs',
    logLevel: logLevel.NOTHING,
    sasl: { mechanism: 'scram-sha-512', ...user },
  });

try {
  const own: number[] = [];
  const js: number[] = [];
  for (let i = 0; i < CONNECTS; i++) {
    let started = performance.now();
    const client = ours();
    await client.metadata({ topics: [] });
    own.push(performance.now() - started);
    await client.close();
    started = performance.now();
    const admin = theirs().admin();
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: [] });
    js.push(performance.now() - started);
    await admin.disconnect();
  }
  row('connect + SCRAM-SHA-512 + Metadata: own client', `${median(own).toFixed(1)} ms`);
  row('connect + SCRAM-SHA-512 + Metadata: kafkajs', `${median(js).toFixed(1)} ms`);

  for (const name of ['own', 'kafkajs']) {
    const admin = theirs().admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: `bench-${name}`, numPartitions: 3 }],
      waitForLeaders: true,
    });
    await admin.disconnect();
  }
  const batch = Array.from({ length: PER_SEND }, () => ({ key: null, value }));

  const client = ours();
  const producer = new Producer(client, { acks: -1 });
  let started = performance.now();
  for (let sent = 0; sent < RECORDS; sent += PER_SEND) await producer.send('bench-own', batch);
  row('produce: own client', rate(performance.now() - started));
  started = performance.now();
  const consumer = new GroupConsumer(client, {
    groupId: 'bench-own',
    topics: ['bench-own'],
    autoOffsetReset: 'earliest',
  });
  for (let read = 0; read < RECORDS;) read += (await consumer.poll()).length;
  row('consume: own client', rate(performance.now() - started));
  await consumer.close();
  await client.close();

  const kafka = theirs();
  const jsProducer = kafka.producer();
  await jsProducer.connect();
  const jsBatch = Array.from({ length: PER_SEND }, () => ({ value }));
  started = performance.now();
  for (let sent = 0; sent < RECORDS; sent += PER_SEND) {
    await jsProducer.send({ topic: 'bench-kafkajs', acks: -1, messages: jsBatch });
  }
  row('produce: kafkajs', rate(performance.now() - started));
  await jsProducer.disconnect();
  const jsConsumer = kafka.consumer({ groupId: 'bench-kafkajs' });
  await jsConsumer.connect();
  await jsConsumer.subscribe({ topics: ['bench-kafkajs'], fromBeginning: true });
  started = performance.now();
  await new Promise<void>((resolve) => {
    let read = 0;
    void jsConsumer.run({
      eachBatch: async ({ batch: got }) => {
        read += got.messages.length;
        if (read >= RECORDS) resolve();
      },
    });
  });
  row('consume: kafkajs', rate(performance.now() - started));
  await jsConsumer.disconnect();
} finally {
  await cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
