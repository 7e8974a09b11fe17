/**
 * The real clients whose requests become codec fixtures, each running a small scenario against a
 * bootstrap address (the recording proxy in front of Apache Kafka): kcat and Debian's
 * confluent-kafka (librdkafka 2.0.2), confluent-kafka from PyPI (current librdkafka), kafkajs,
 * @platformatic/kafka, and Kafka's own command-line tools (the Java client). A scenario that
 * fails is reported and the capture goes on: fixtures are what the clients actually sent.
 */
import { readManifest } from '../../../peers/cache.js';
import {
  confluentKafkaVersion,
  debianPython,
  kcatVersion,
  npmPackageVersion,
} from '../../../peers/clients/availability.js';
import { requireKafkaClasspath, toolJvmFlags } from '../../../peers/kafka/jvm.js';
import { runKafkaTool, type KafkaToolName } from '../../../peers/kafka/tools.js';
import { run } from '../../../peers/process.js';

export interface CaptureClient {
  /** The client and its version, written into every fixture it produced. */
  readonly name: () => Promise<string>;
  readonly run: (bootstrap: string, log: (line: string) => void) => Promise<void>;
}

async function shell(
  log: (line: string) => void,
  command: string,
  args: string[],
  input?: string,
): Promise<void> {
  const result = await run(command, args, { input: input ?? '', timeoutMs: 60_000 });
  if (result.code !== 0)
    log(`  ${command} ${args.join(' ')}: exit ${result.code ?? result.signal} ${result.stderr.slice(-300)}`);
}

const kcat: CaptureClient = {
  name: async () => {
    const found = await kcatVersion();
    if (!found.ok) throw new Error(found.reason);
    return found.version;
  },
  run: async (b, log) => {
    await shell(log, 'kcat', ['-b', b, '-L']);
    await shell(
      log,
      'kcat',
      ['-b', b, '-P', '-t', 'fx-data', '-K', ':', '-H', 'source=kcat'],
      'k1:v1\nk2:v2\nk3:v3\n',
    );
    await shell(log, 'kcat', ['-b', b, '-C', '-t', 'fx-data', '-o', 'beginning', '-e', '-q']);
    await shell(log, 'kcat', ['-b', b, '-Q', '-t', 'fx-data:0:1000000000000']);
    await shell(log, 'kcat', ['-b', b, '-G', 'fx-kcat-group', '-o', 'beginning', '-e', '-q', 'fx-data']);
  },
};

const python = (interpreter: () => string, script: string): CaptureClient => ({
  name: () => confluentKafkaVersion(interpreter()),
  run: async (b, log) => {
    const result = await run(interpreter(), ['-c', script, b], { timeoutMs: 120_000 });
    if (result.code !== 0) log(`  python exit ${result.code ?? result.signal}: ${result.stderr.slice(-600)}`);
    if (result.stdout.trim()) log(result.stdout.trim().replace(/^/gm, '  '));
  },
});

// Each step runs on its own, so one API a client version lacks does not hide the others.
const pythonPrelude = `
import sys, time, traceback
B = sys.argv[1]
def step(name, fn):
    try:
        fn()
    except Exception as e:
        print(name, 'failed:', repr(e)[:200])
`;

const debianPythonClient = python(
  () => debianPython,
  pythonPrelude +
    `
from confluent_kafka import Producer, Consumer
def produce():
    p = Producer({'bootstrap.servers': B, 'enable.idempotence': True})
    for i in range(3): p.produce('fx-data', key=b'k%d' % i, value=b'debian %d' % i, headers=[('h', b'v')])
    p.flush(30)
def consume():
    c = Consumer({'bootstrap.servers': B, 'group.id': 'fx-debian-group', 'auto.offset.reset': 'earliest', 'enable.auto.commit': False})
    c.subscribe(['fx-data'])
    got, deadline = 0, time.time() + 30
    while got < 3 and time.time() < deadline:
        m = c.poll(1)
        if m is not None and not m.error(): got += 1
    c.commit(asynchronous=False)
    c.close()
step('produce', produce)
step('consume', consume)
`,
);

const pypiPythonClient = python(
  () => {
    const venv = readManifest().pythonVenv;
    if (!venv.ok) throw new Error(venv.reason);
    return venv.python;
  },
  pythonPrelude +
    `
from confluent_kafka import Producer, Consumer, TopicPartition, TopicCollection, ElectionType
from confluent_kafka.admin import (AdminClient, NewTopic, NewPartitions, ConfigResource, ConfigEntry,
    AlterConfigOpType, OffsetSpec)
from confluent_kafka import ConsumerGroupTopicPartitions
a = AdminClient({'bootstrap.servers': B})
def wait(fs): return [f.result() for f in (fs.values() if isinstance(fs, dict) else [fs])]
step('create_topics', lambda: wait(a.create_topics([NewTopic('fx-py', 2, 1, config={'retention.ms': '3600000'})])))
step('create_partitions', lambda: wait(a.create_partitions([NewPartitions('fx-py', 3)])))
step('describe_configs', lambda: wait(a.describe_configs([ConfigResource('topic', 'fx-py')])))
step('incremental_alter_configs', lambda: wait(a.incremental_alter_configs([ConfigResource('topic', 'fx-py',
    incremental_configs=[ConfigEntry('retention.ms', '7200000', incremental_operation=AlterConfigOpType.SET)])])))
step('alter_configs', lambda: wait(a.alter_configs([ConfigResource('topic', 'fx-py', set_config={'retention.ms': '3600000'})])))
step('describe_cluster', lambda: a.describe_cluster().result())
step('describe_topics', lambda: wait(a.describe_topics(TopicCollection(['fx-py']))))
def produce():
    p = Producer({'bootstrap.servers': B, 'enable.idempotence': True, 'linger.ms': 5})
    for i in range(6): p.produce('fx-py', key=b'k%d' % i, value=b'pypi %d' % i, headers=[('h', b'v')])
    p.flush(30)
step('produce', produce)
def consume_and_transact():
    c = Consumer({'bootstrap.servers': B, 'group.id': 'fx-py-group', 'auto.offset.reset': 'earliest',
                  'enable.auto.commit': False, 'isolation.level': 'read_committed'})
    c.subscribe(['fx-py'])
    got, deadline = 0, time.time() + 30
    while got < 6 and time.time() < deadline:
        m = c.poll(1)
        if m is not None and not m.error(): got += 1
    c.commit(asynchronous=False)
    t = Producer({'bootstrap.servers': B, 'transactional.id': 'fx-py-tx'})
    t.init_transactions(30)
    t.begin_transaction()
    t.produce('fx-py', key=b'tx', value=b'committed')
    t.send_offsets_to_transaction(c.position(c.assignment()), c.consumer_group_metadata(), 30)
    t.commit_transaction(30)
    t.begin_transaction()
    t.produce('fx-py', key=b'tx', value=b'aborted')
    t.abort_transaction(30)
    c.close()
step('consume_and_transact', consume_and_transact)
def resume_from_committed():
    # Committed offsets carry a leader epoch: resuming validates them with OffsetForLeaderEpoch (KIP-320).
    c = Consumer({'bootstrap.servers': B, 'group.id': 'fx-py-group', 'auto.offset.reset': 'earliest', 'enable.auto.commit': False})
    c.subscribe(['fx-py'])
    deadline = time.time() + 8
    while time.time() < deadline: c.poll(0.5)
    c.close()
step('resume_from_committed', resume_from_committed)
step('list_consumer_groups', lambda: a.list_consumer_groups().result())
step('describe_consumer_groups', lambda: wait(a.describe_consumer_groups(['fx-py-group'])))
step('list_consumer_group_offsets', lambda: wait(a.list_consumer_group_offsets([ConsumerGroupTopicPartitions('fx-py-group')])))
step('list_offsets', lambda: wait(a.list_offsets({TopicPartition('fx-py', 0): OffsetSpec.latest(),
    TopicPartition('fx-py', 1): OffsetSpec.earliest(), TopicPartition('fx-py', 2): OffsetSpec.max_timestamp()})))
step('delete_records', lambda: wait(a.delete_records([TopicPartition('fx-py', 0, 1)])))
step('elect_leaders', lambda: a.elect_leaders(ElectionType.PREFERRED, [TopicPartition('fx-py', 0)]).result())
step('delete_consumer_groups', lambda: wait(a.delete_consumer_groups(['fx-py-group'])))
step('delete_topics', lambda: wait(a.delete_topics(['fx-py'])))
`,
);

const kafkajs: CaptureClient = {
  name: async () => `kafkajs ${npmPackageVersion('kafkajs')}`,
  run: async (b, log) => {
    const { Kafka, logLevel } = await import('kafkajs');
    const kafka = new Kafka({ clientId: 'fx-kafkajs', brokers: [b], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const steps: [string, () => Promise<unknown>][] = [
      ['createTopics', () => admin.createTopics({ topics: [{ topic: 'fx-js', numPartitions: 2 }] })],
      ['createPartitions', () => admin.createPartitions({ topicPartitions: [{ topic: 'fx-js', count: 3 }] })],
      ['fetchTopicMetadata', () => admin.fetchTopicMetadata({ topics: ['fx-js'] })],
      [
        'describeConfigs',
        () => admin.describeConfigs({ resources: [{ type: 2, name: 'fx-js' }], includeSynonyms: true }),
      ],
      [
        'alterConfigs',
        () =>
          admin.alterConfigs({
            validateOnly: false,
            resources: [
              { type: 2, name: 'fx-js', configEntries: [{ name: 'retention.ms', value: '3600000' }] },
            ],
          }),
      ],
      ['describeCluster', () => admin.describeCluster()],
      [
        'produce',
        async () => {
          const producer = kafka.producer({ idempotent: true });
          await producer.connect();
          await producer.send({
            topic: 'fx-js',
            messages: [1, 2, 3].map((i) => ({ key: `k${i}`, value: `js ${i}`, headers: { h: 'v' } })),
          });
          await producer.disconnect();
        },
      ],
      [
        'consume',
        async () => {
          const consumer = kafka.consumer({ groupId: 'fx-js-group' });
          await consumer.connect();
          await consumer.subscribe({ topic: 'fx-js', fromBeginning: true });
          let got = 0;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 30_000);
            void consumer.run({
              eachMessage: async () => {
                if (++got === 3) {
                  clearTimeout(timer);
                  resolve();
                }
              },
            });
          });
          await consumer.disconnect();
        },
      ],
      ['fetchTopicOffsets', () => admin.fetchTopicOffsets('fx-js')],
      ['fetchOffsets', () => admin.fetchOffsets({ groupId: 'fx-js-group', topics: ['fx-js'] })],
      ['describeGroups', () => admin.describeGroups(['fx-js-group'])],
      ['listGroups', () => admin.listGroups()],
      [
        'deleteTopicRecords',
        () => admin.deleteTopicRecords({ topic: 'fx-js', partitions: [{ partition: 0, offset: '1' }] }),
      ],
      ['deleteGroups', () => admin.deleteGroups(['fx-js-group'])],
      ['deleteTopics', () => admin.deleteTopics({ topics: ['fx-js'] })],
    ];
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (error) {
        log(`  ${name} failed: ${String(error).slice(0, 200)}`);
      }
    }
    await admin.disconnect();
  },
};

const platformatic: CaptureClient = {
  name: async () => `@platformatic/kafka ${npmPackageVersion('@platformatic/kafka')}`,
  run: async (b, log) => {
    const { Producer, Consumer, stringSerializers, stringDeserializers } =
      await import('@platformatic/kafka');
    const producer = new Producer({
      clientId: 'fx-platformatic',
      bootstrapBrokers: [b],
      serializers: stringSerializers,
    });
    try {
      await producer.send({
        messages: [1, 2].map((i) => ({
          topic: 'fx-data',
          key: `p${i}`,
          value: `platformatic ${i}`,
          headers: { h: 'v' },
        })),
      });
    } catch (error) {
      log(`  produce failed: ${String(error).slice(0, 200)}`);
    }
    await producer.close();
    const consumer = new Consumer({
      groupId: 'fx-platformatic-group',
      clientId: 'fx-platformatic',
      bootstrapBrokers: [b],
      deserializers: stringDeserializers,
    });
    try {
      const stream = await consumer.consume({
        autocommit: true,
        topics: ['fx-data'],
        mode: 'earliest',
        maxWaitTime: 500,
      });
      let got = 0;
      for await (const _ of stream) if (++got >= 3) break;
      await stream.close();
    } catch (error) {
      log(`  consume failed: ${String(error).slice(0, 200)}`);
    }
    await consumer.close(true);
  },
};

/** Kafka's own tools: the Java client (producer, consumer, admin) as Kafka users run it. */
const kafkaTools: CaptureClient = {
  name: async () => `Apache Kafka ${requireKafkaClasspath().version} command-line tools (Java client)`,
  run: async (b, log) => {
    const tool = async (name: KafkaToolName, args: string[], input?: string) => {
      const result = await runKafkaTool(name, args, { input, timeoutMs: 90_000 });
      if (result.code !== 0)
        log(`  ${name} ${args.join(' ')}: exit ${result.code} ${result.stderr.slice(-300)}`);
    };
    const java = async (mainClass: string, args: string[]) => {
      const { classpath } = requireKafkaClasspath();
      await shell(log, 'java', [...toolJvmFlags(), '-cp', classpath, mainClass, ...args]);
    };
    const server = ['--bootstrap-server', b];
    await tool('topics', [
      ...server,
      '--create',
      '--topic',
      'fx-java',
      '--partitions',
      '2',
      '--config',
      'retention.ms=3600000',
    ]);
    await tool('topics', [...server, '--describe', '--topic', 'fx-java']);
    await tool('topics', [...server, '--alter', '--topic', 'fx-java', '--partitions', '3']);
    await tool('configs', [...server, '--describe', '--entity-type', 'topics', '--entity-name', 'fx-java']);
    await tool('configs', [
      ...server,
      '--alter',
      '--entity-type',
      'topics',
      '--entity-name',
      'fx-java',
      '--add-config',
      'retention.ms=7200000',
    ]);
    await tool(
      'consoleProducer',
      [...server, '--topic', 'fx-java', '--property', 'parse.key=true', '--property', 'key.separator=:'],
      'a:1\nb:2\nc:3\n',
    );
    await tool('consoleConsumer', [
      ...server,
      '--topic',
      'fx-java',
      '--group',
      'fx-java-group',
      '--from-beginning',
      '--max-messages',
      '3',
    ]);
    // Resuming from offsets committed with a leader epoch validates them (OffsetForLeaderEpoch, KIP-320).
    await tool('consoleProducer', [...server, '--topic', 'fx-java'], 'd\n');
    await tool('consoleConsumer', [
      ...server,
      '--topic',
      'fx-java',
      '--group',
      'fx-java-group',
      '--max-messages',
      '1',
    ]);
    await tool('getOffsets', [...server, '--topic', 'fx-java']);
    await tool('consumerGroups', [...server, '--list']);
    await tool('consumerGroups', [...server, '--describe', '--group', 'fx-java-group']);
    await tool('consumerGroups', [
      ...server,
      '--reset-offsets',
      '--group',
      'fx-java-group',
      '--topic',
      'fx-java',
      '--to-earliest',
      '--execute',
    ]);
    await tool('consumerGroups', [
      ...server,
      '--delete-offsets',
      '--group',
      'fx-java-group',
      '--topic',
      'fx-java',
    ]);
    await tool('consumerGroups', [...server, '--delete', '--group', 'fx-java-group']);
    await tool('producerPerfTest', [
      '--topic',
      'fx-java',
      '--num-records',
      '20',
      '--record-size',
      '50',
      '--throughput',
      '-1',
      '--transactional-id',
      'fx-java-tx',
      '--transaction-duration-ms',
      '50',
      '--command-property',
      `bootstrap.servers=${b}`,
    ]);
    await tool('transactions', [...server, 'list']);
    await tool('transactions', [...server, 'describe', '--transactional-id', 'fx-java-tx']);
    await tool('transactions', [...server, 'describe-producers', '--topic', 'fx-java', '--partition', '0']);
    await java('org.apache.kafka.tools.LogDirsCommand', [...server, '--describe']);
    await java('org.apache.kafka.tools.LeaderElectionCommand', [
      ...server,
      '--election-type',
      'preferred',
      '--all-topic-partitions',
    ]);
    await tool('topics', [...server, '--delete', '--topic', 'fx-java']);
  },
};

/** The user every SASL client below logs in as; the SASL peer is started with it. */
export const saslUser = { username: 'alice', password: 'alice-secret' } as const;

const kcatSasl: CaptureClient = {
  name: kcat.name,
  run: async (b, log) => {
    const sasl = ['-X', 'security.protocol=SASL_PLAINTEXT', '-X', 'sasl.mechanisms=PLAIN'];
    const user = ['-X', `sasl.username=${saslUser.username}`, '-X', `sasl.password=${saslUser.password}`];
    await shell(log, 'kcat', ['-b', b, ...sasl, ...user, '-L']);
  },
};

const kafkajsSasl: CaptureClient = {
  name: kafkajs.name,
  run: async (b) => {
    const { Kafka, logLevel } = await import('kafkajs');
    const kafka = new Kafka({
      clientId: 'fx-kafkajs',
      brokers: [b],
      logLevel: logLevel.NOTHING,
      sasl: { mechanism: 'plain', ...saslUser },
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.listTopics();
    await admin.disconnect();
  },
};

const pypiPythonSasl = python(
  () => {
    const venv = readManifest().pythonVenv;
    if (!venv.ok) throw new Error(venv.reason);
    return venv.python;
  },
  pythonPrelude +
    `
from confluent_kafka.admin import AdminClient
a = AdminClient({'bootstrap.servers': B, 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanisms': 'PLAIN',
                 'sasl.username': '${saslUser.username}', 'sasl.password': '${saslUser.password}'})
step('list_topics', lambda: a.list_topics(timeout=20))
`,
);

/** Clients that log in with SASL PLAIN as saslUser: SaslHandshake and SaslAuthenticate. */
export const saslCaptureClients: Record<string, CaptureClient> = {
  kcat: kcatSasl,
  'pypi-python': pypiPythonSasl,
  kafkajs: kafkajsSasl,
};

export const captureClients: Record<string, CaptureClient> = {
  kcat,
  'debian-python': debianPythonClient,
  'pypi-python': pypiPythonClient,
  kafkajs,
  platformatic,
  'kafka-tools': kafkaTools,
};
