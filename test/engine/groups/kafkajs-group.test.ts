/**
 * Consumer groups with kafkajs against a 3-broker Brokerlab cluster: two consumers of one group
 * share a topic and read every record once; the offsets they commit survive the kill of the
 * group's coordinator broker (another broker takes over and rebuilds the group from
 * __consumer_offsets) and a restart of the whole cluster from its data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs, { type Consumer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { listenerFactory } from '../../../engine/broker/listener.js';
import { silentLogger } from '../../../engine/broker/logger.js';
import { startCluster, type Cluster } from '../../../engine/cluster/cluster.js';
import { asBrokerId } from '../../../engine/types.js';
import { until } from '../broker/wire.js';
import { quickGroups } from './group-cluster.js';

const PARTITIONS = 3;

/** Polls an asynchronous condition (a client round trip) until it holds. */
async function eventually(condition: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('kafkajs consumer groups on Brokerlab', () => {
  let dataDir: string;
  let cluster: Cluster;
  const consumers: Consumer[] = [];

  const start = () =>
    startCluster({
      dataDir,
      brokers: 3,
      config: { 'auto.create.topics.enable': 'false', ...quickGroups },
      listener: listenerFactory({ logger: silentLogger }),
    });

  const kafka = () =>
    new kafkajs.Kafka({
      clientId: 'kafkajs-groups',
      brokers: cluster
        .brokers()
        .filter((b) => b.state === 'running')
        .map((b) => `127.0.0.1:${b.port}`),
      logLevel: kafkajs.logLevel.NOTHING,
      retry: { retries: 20, initialRetryTime: 50, maxRetryTime: 500 },
    });

  async function produce(topic: string, prefix: string, count: number): Promise<void> {
    const producer = kafka().producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: count }, (_, i) => ({
        partition: i % PARTITIONS,
        value: `${prefix}-${i}`,
      })),
    });
    await producer.disconnect();
  }

  /** Starts a group member that collects what it reads (committing as it goes). */
  async function member(topic: string, groupId: string, seen: string[]): Promise<Consumer> {
    const consumer = kafka().consumer({
      groupId,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      rebalanceTimeout: 6000,
      maxWaitTimeInMs: 200,
    });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommitInterval: 100,
      eachMessage: async ({ message }) => void seen.push(message.value!.toString()),
    });
    return consumer;
  }

  async function committed(topic: string, groupId: string): Promise<number[]> {
    const admin = kafka().admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return offsets!.partitions.sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
    } finally {
      await admin.disconnect();
    }
  }

  function coordinatorOf(groupId: string): number | undefined {
    return cluster.brokers().find(
      (b) =>
        b.state === 'running' &&
        cluster
          .broker(b.id)
          .groupCoordinator?.localGroups()
          .some((g) => g.groupId === groupId),
    )?.id;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-kafkajs-groups-'));
    cluster = await start();
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({
      topics: ['orders', 'ledger'].map((topic) => ({
        topic,
        numPartitions: PARTITIONS,
        replicationFactor: 3,
      })),
    });
    await admin.disconnect();
  }, 60_000);

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
  });

  afterAll(async () => {
    await cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('two consumers of one group share the partitions and read every record once', async () => {
    await produce('orders', 'a', 90);
    const seen: string[] = [];
    await member('orders', 'kjs-share', seen);
    await member('orders', 'kjs-share', seen);
    await until(() => seen.length >= 90, 30_000, '90 records read by the group');
    const group = () =>
      cluster
        .brokers()
        .flatMap((b) => cluster.broker(b.id).groupCoordinator?.localGroups() ?? [])
        .find((g) => g.groupId === 'kjs-share');
    await until(
      () => group()?.state === 'Stable' && group()?.members.length === 2,
      20_000,
      'a stable group of two',
    );
    expect(group()?.protocolType).toBe('consumer');
    // Each member owns some partitions (kafkajs' round-robin assignor over three partitions).
    expect(group()?.members.every((m) => m.assignment.length > 0)).toBe(true);
    expect(seen.sort()).toEqual(Array.from({ length: 90 }, (_, i) => `a-${i}`).sort());
  }, 60_000);

  test("committed offsets survive the coordinator's kill and a cluster restart", async () => {
    await produce('ledger', 'a', 90);
    const seen: string[] = [];
    await member('ledger', 'kjs-durable', seen);
    await until(() => seen.length >= 90, 30_000, 'the first 90 records');
    await eventually(
      async () => (await committed('ledger', 'kjs-durable')).every((o) => o === 30),
      'offsets 30, 30, 30',
    );
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));

    const coordinator = coordinatorOf('kjs-durable');
    expect(coordinator).toBeDefined();
    await cluster.faults.kill(asBrokerId(coordinator!));
    await until(
      () => coordinatorOf('kjs-durable') !== undefined,
      30_000,
      'another broker coordinating the group',
    );
    expect(coordinatorOf('kjs-durable')).not.toBe(coordinator);
    const moved = cluster
      .recentEvents()
      .filter((e) => e.type === 'group-coordinator-moved' && e.groupIds.includes('kjs-durable'));
    // On a loaded machine leadership may move on again afterwards: one of the moves left the killed broker.
    expect(
      moved.map((e) => (e.type === 'group-coordinator-moved' ? e.previousCoordinatorId : null)),
    ).toContain(coordinator);
    expect(await committed('ledger', 'kjs-durable')).toEqual([30, 30, 30]);

    // The group carries on from its offsets: only the new records are read.
    await produce('ledger', 'b', 30);
    const after: string[] = [];
    await member('ledger', 'kjs-durable', after);
    await until(() => after.length >= 30, 30_000, 'the 30 new records');
    await eventually(
      async () => (await committed('ledger', 'kjs-durable')).every((o) => o === 40),
      'offsets 40',
    );
    expect(after.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `b-${i}`).sort());
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));

    await cluster.faults.start(asBrokerId(coordinator!));
    await cluster.stop();
    cluster = await start();
    expect(await committed('ledger', 'kjs-durable')).toEqual([40, 40, 40]);
  }, 90_000);
});
