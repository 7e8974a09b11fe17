/**
 * Real clients authenticating to Brokerlab with SASL, right and wrong passwords: kcat
 * (librdkafka 2.0), confluent-kafka-python (Debian's, librdkafka 2.0), kafkajs and the Java client
 * (through Kafka's own kafka-topics). The cluster is `brokerlab cluster --sasl-user ...` as a
 * process, so the CLI's options, its `brokerlab sasl` line and the embedded console signing in
 * are covered on the way. Each client runs only where it is installed; a missing one says why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debianPythonVersion, kcatVersion } from '../peers/clients/availability.js';
import { kafkaClasspath } from '../peers/kafka/jvm.js';
import { runKafkaTools } from '../peers/kafka/tools.js';
import { freePortRun } from '../peers/ports.js';
import { run } from '../peers/process.js';

const { Kafka, logLevel } = kafkajs;
const main = new URL('../../host/cli/main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'brokerlab-sasl-clients-'));
const users = { alice: 'alice-secret', bob: 'bob-secret' };

const kcat = await kcatVersion();
const python = await debianPythonVersion();
const java = kafkaClasspath();
const skip = (entry: { ok: boolean; reason?: string }) => (entry.ok ? '' : ` (skipped: ${entry.reason})`);

let cluster: ChildProcess;
let bootstrap = '';
let saslLine = '';

beforeAll(async () => {
  const port = await freePortRun(3);
  cluster = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      main,
      'cluster',
      '--port',
      String(port),
      '--data-dir',
      join(dir, 'data'),
      ...Object.entries(users).flatMap(([name, password]) => ['--sasl-user', `${name}:${password}`]),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines = await new Promise<string[]>((resolve, reject) => {
    let out = '';
    cluster.stdout!.on('data', (d: Buffer) => {
      out += d;
      if (/^brokerlab ready /m.test(out)) resolve(out.split('\n'));
    });
    cluster.once('close', (code) => reject(new Error(`the cluster exited with ${code} before it was ready`)));
  });
  saslLine = lines.find((l) => l.startsWith('brokerlab sasl ')) ?? '';
  bootstrap = /bootstrap=(\S+)/.exec(lines.find((l) => l.startsWith('brokerlab ready '))!)![1]!;
}, 60_000);

afterAll(async () => {
  if (cluster && cluster.exitCode === null) {
    const closed = new Promise((resolve) => cluster.once('close', resolve));
    cluster.kill('SIGTERM');
    await closed;
  }
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('brokerlab cluster --sasl-user', () => {
  it('names the mechanisms and users before the ready line, and no password it was given', () => {
    expect(saslLine).toBe('brokerlab sasl mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512 users=alice,bob');
  });
});

describe.skipIf(!kcat.ok)(`kcat with SASL${skip(kcat)}`, () => {
  const sasl = (mechanism: string, user: string, password: string) => [
    '-X',
    'security.protocol=SASL_PLAINTEXT',
    '-X',
    `sasl.mechanisms=${mechanism}`,
    '-X',
    `sasl.username=${user}`,
    '-X',
    `sasl.password=${password}`,
  ];

  it('lists all brokers, produces and consumes with each mechanism', async () => {
    for (const mechanism of ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']) {
      const auth = sasl(mechanism, 'alice', users.alice);
      const listed = await run('kcat', ['-b', bootstrap, ...auth, '-L', '-J', '-m', '10'], {
        timeoutMs: 30_000,
      });
      expect(listed.code, listed.stderr).toBe(0);
      expect((JSON.parse(listed.stdout) as { brokers: unknown[] }).brokers).toHaveLength(3);
      const topic = `sasl-kcat-${mechanism.toLowerCase()}`;
      const produced = await run('kcat', ['-b', bootstrap, ...auth, '-P', '-t', topic], {
        input: 'one\ntwo\n',
        timeoutMs: 30_000,
      });
      expect(produced.code, produced.stderr).toBe(0);
      const consumed = await run(
        'kcat',
        ['-b', bootstrap, ...auth, '-C', '-t', topic, '-o', 'beginning', '-e', '-q'],
        {
          timeoutMs: 30_000,
        },
      );
      expect(consumed.stdout.trim().split('\n')).toEqual(['one', 'two']);
    }
  });

  it("fails with the broker's words on a wrong password", async () => {
    for (const mechanism of ['PLAIN', 'SCRAM-SHA-512']) {
      const listed = await run(
        'kcat',
        ['-b', bootstrap, ...sasl(mechanism, 'alice', 'wrong'), '-L', '-m', '3'],
        {
          timeoutMs: 30_000,
        },
      );
      expect(listed.code).not.toBe(0);
      expect(listed.stderr).toMatch(/SASL authentication error: Authentication failed/);
    }
  });
});

describe.skipIf(!python.ok)(`confluent-kafka-python with SASL${skip(python)}`, () => {
  // Produces one record and reads it back; prints deliveries, values read and errors seen.
  const script = `
import json, sys
from confluent_kafka import Consumer, Producer
bootstrap, mechanism, user, password, topic = sys.argv[1:6]
errors = []
conf = {"bootstrap.servers": bootstrap, "security.protocol": "SASL_PLAINTEXT", "sasl.mechanisms": mechanism,
        "sasl.username": user, "sasl.password": password, "error_cb": lambda e: errors.append(e.str())}
delivered = []
p = Producer(dict(conf, **{"message.timeout.ms": 5000}))
p.produce(topic, b"from-python", on_delivery=lambda err, _m: delivered.append(err is None))
p.flush(10)
values = []
if delivered == [True]:
    c = Consumer(dict(conf, **{"group.id": "sasl-python", "auto.offset.reset": "earliest"}))
    c.subscribe([topic])
    for _ in range(60):
        m = c.poll(0.5)
        if m is not None and m.error() is None:
            values.append(m.value().decode())
            break
    c.close()
print(json.dumps({"delivered": delivered, "values": values, "errors": errors[:1]}))
`;
  const runPython = async (mechanism: string, password: string, topic: string) => {
    const result = await run(
      '/usr/bin/python3',
      ['-c', script, bootstrap, mechanism, 'bob', password, topic],
      {
        timeoutMs: 60_000,
        env: { PYTHONNOUSERSITE: '1', PYTHONDONTWRITEBYTECODE: '1' },
      },
    );
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout.trim().split('\n').pop()!) as {
      delivered: boolean[];
      values: string[];
      errors: string[];
    };
  };

  it('produces and consumes in a group with SCRAM-SHA-256 and PLAIN', async () => {
    for (const mechanism of ['SCRAM-SHA-256', 'PLAIN']) {
      const outcome = await runPython(mechanism, users.bob, `sasl-python-${mechanism.toLowerCase()}`);
      expect(outcome).toEqual({ delivered: [true], values: ['from-python'], errors: [] });
    }
  }, 60_000);

  it('reports the authentication failure on a wrong password and delivers nothing', async () => {
    const outcome = await runPython('SCRAM-SHA-256', 'wrong', 'sasl-python-wrong');
    expect(outcome.delivered).toEqual([false]);
    expect(outcome.values).toEqual([]);
    expect(outcome.errors[0]).toMatch(/SASL authentication error: Authentication failed/);
  }, 60_000);
});

describe('kafkajs with SASL', () => {
  const client = (mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512', password: string) =>
    new Kafka({
      brokers: bootstrap.split(','),
      clientId: 'brokerlab-sasl-kafkajs',
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      sasl: { mechanism, username: 'alice', password } as never,
    });

  it('creates a topic, produces and lists offsets with each mechanism', async () => {
    for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
      const kafka = client(mechanism, users.alice);
      const topic = `sasl-kafkajs-${mechanism}`;
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }] });
      await producer.disconnect();
      expect((await admin.fetchTopicOffsets(topic))[0]!.high).toBe('2');
      await admin.disconnect();
    }
  });

  it('refuses a wrong password with a SASL authentication error', async () => {
    const admin = client('scram-sha-512', 'wrong').admin();
    await expect(admin.connect()).rejects.toThrow(/SASL SCRAM SHA512 authentication failed/);
    const plain = client('plain', 'wrong').admin();
    await expect(plain.connect()).rejects.toThrow(/Authentication failed: Invalid username or password/);
  });
});

describe.skipIf(!java.ok)(`the Java client (kafka-topics) with SASL${skip(java)}`, () => {
  it('creates and lists topics with SCRAM-SHA-512 and fails on a wrong password', async () => {
    const config = (mechanism: string, password: string) => {
      const file = join(dir, `${mechanism}-${password}.properties`);
      const module = mechanism === 'PLAIN' ? 'plain.PlainLoginModule' : 'scram.ScramLoginModule';
      writeFileSync(
        file,
        [
          'security.protocol=SASL_PLAINTEXT',
          `sasl.mechanism=${mechanism}`,
          `sasl.jaas.config=org.apache.kafka.common.security.${module} required username="bob" password="${password}";`,
        ].join('\n'),
      );
      return file;
    };
    const topics = (file: string, ...args: string[]) => ({
      tool: 'topics' as const,
      args: ['--bootstrap-server', bootstrap, '--command-config', file, ...args],
    });
    const [created, listed, plainListed, refused] = await runKafkaTools([
      topics(config('SCRAM-SHA-512', users.bob), '--create', '--topic', 'sasl-java', '--partitions', '2'),
      topics(config('SCRAM-SHA-512', users.bob), '--list'),
      topics(config('PLAIN', users.bob), '--list'),
      topics(config('SCRAM-SHA-512', 'wrong'), '--list'),
    ]);
    expect(created!.code, created!.stderr).toBe(0);
    expect(listed!.stdout.split('\n')).toContain('sasl-java');
    expect(plainListed!.stdout.split('\n')).toContain('sasl-java');
    expect(refused!.code).not.toBe(0);
    expect(refused!.stdout + refused!.stderr).toMatch(
      /Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512/,
    );
  }, 120_000);
});
