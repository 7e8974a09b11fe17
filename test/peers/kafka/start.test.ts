/**
 * The Apache Kafka peer itself: a single-node KRaft cluster starts, answers Kafka's own tools and
 * a real client, and leaves no process behind; a SASL_SSL listener accepts the right SCRAM
 * credentials over TLS verified by the peer's CA and refuses wrong ones. (kafkajs is the client
 * here: kcat's librdkafka 2.0.2 fails SCRAM against Kafka 4.3 with any password, while
 * librdkafka 2.16 and kafkajs succeed with the same users.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kafkaClasspath } from './jvm.js';
import { startKafka, type KafkaPeer } from './start.js';
import { consumerGroups, getOffsets, kafkaTopics, runKafkaTools } from './tools.js';

const kafka = kafkaClasspath();
const why = kafka.ok ? '' : ` (skipped: ${kafka.reason})`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!kafka.ok)(`a single-node Apache Kafka peer${why}`, () => {
  let peer: KafkaPeer;
  beforeAll(async () => {
    peer = await startKafka({ nodes: 1 });
  }, 60_000);
  afterAll(() => peer?.stop());

  test('runs the pinned version on loopback ports', () => {
    expect(peer.version).toBe(kafka.ok ? kafka.version : '');
    expect(peer.bootstrap).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(peer.nodes[0]!.pid).toBeGreaterThan(0);
  });

  test("Kafka's tools create, fill and read a topic in one JVM", async () => {
    const b = ['--bootstrap-server', peer.bootstrap];
    const [create, produce, consume, describeTopic] = await runKafkaTools([
      { tool: 'topics', args: [...b, '--create', '--topic', 'tools', '--partitions', '2'] },
      {
        tool: 'consoleProducer',
        args: [
          ...b,
          '--topic',
          'tools',
          '--reader-property',
          'parse.key=true',
          '--reader-property',
          'key.separator=:',
        ],
        input: 'a:1\nb:2\na:3\n',
      },
      {
        tool: 'consoleConsumer',
        args: [
          ...b,
          '--topic',
          'tools',
          '--from-beginning',
          '--max-messages',
          '3',
          '--formatter-property',
          'print.key=true',
        ],
      },
      { tool: 'topics', args: [...b, '--describe', '--topic', 'tools'] },
    ]);
    expect(create!.code, create!.stderr).toBe(0);
    expect(produce!.code, produce!.stderr).toBe(0);
    expect(consume!.code, consume!.stderr).toBe(0);
    expect(consume!.stdout.trim().split('\n').sort()).toEqual(['a\t1', 'a\t3', 'b\t2']);
    expect(describeTopic!.stdout).toMatch(/PartitionCount: 2/);
  }, 60_000);

  test('a tool run on its own reports its exit code and output', async () => {
    const b = ['--bootstrap-server', peer.bootstrap];
    const [offsets, missing, groups] = await Promise.all([
      getOffsets([...b, '--topic', 'tools']),
      kafkaTopics([...b, '--describe', '--topic', 'nope']),
      consumerGroups([...b, '--list']),
    ]);
    expect(offsets.code, offsets.stderr).toBe(0);
    const total = offsets.stdout
      .trim()
      .split('\n')
      .reduce((sum, line) => sum + Number(line.split(':')[2]), 0);
    expect(total).toBe(3);
    expect(missing.code).not.toBe(0);
    expect(groups.code, groups.stderr).toBe(0);
  }, 60_000);

  test('stop() ends the broker process and removes its data', async () => {
    const pid = peer.nodes[0]!.pid!;
    const dataDir = peer.nodes[0]!.dataDir;
    await peer.stop();
    expect(alive(pid)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  }, 30_000);
});

describe.skipIf(!kafka.ok)(`an Apache Kafka peer with SCRAM over TLS${why}`, () => {
  let peer: KafkaPeer;
  beforeAll(async () => {
    peer = await startKafka({
      nodes: 1,
      security: {
        tls: true,
        sasl: {
          mechanisms: ['SCRAM-SHA-512', 'PLAIN'],
          users: [{ username: 'alice', password: 'alice-secret' }],
        },
      },
    });
  }, 60_000);
  afterAll(() => peer?.stop());

  /** kafkajs's view of the cluster as alice with this password (SCRAM-SHA-512 over TLS). */
  async function describeAs(password: string) {
    const admin = new Kafka({
      brokers: [peer.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      ssl: { ca: [readFileSync(peer.tls!.caPem)] },
      sasl: { mechanism: 'scram-sha-512', username: 'alice', password },
    }).admin();
    await admin.connect();
    try {
      return await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  }

  test('accepts the SCRAM user over TLS verified by the peer CA', async () => {
    expect(peer.securityProtocol).toBe('SASL_SSL');
    const cluster = await describeAs('alice-secret');
    expect(cluster.brokers).toHaveLength(1);
  }, 30_000);

  test('refuses a wrong password', async () => {
    await expect(describeAs('wrong')).rejects.toThrow(/SASL SCRAM SHA512 authentication failed/i);
  }, 30_000);
});
