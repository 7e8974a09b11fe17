/**
 * Kafka's own command-line tools as a client (kafka-topics, kafka-configs, kafka-console-producer
 * and -consumer, kafka-get-offsets, kafka-broker-api-versions), as users script them; each step
 * runs its tools in one JVM where it can (runKafkaTools). Observations are parsed from the tools'
 * text output. Reads assign partitions (--partition) instead of joining a group, produce errors
 * are not observable from the console producer, and the console producer cannot set timestamps,
 * so offsets-by-time writes its records with kafkajs and only lists offsets with the tool.
 */
import { kafkaClasspath } from '../kafka/jvm.js';
import { runKafkaTool, runKafkaTools, type ToolCall, type ToolResult } from '../kafka/tools.js';
import type { ClientDriver, Json, JsonObject } from './driver.js';
import { produceTimestamped } from './timestamped-records.js';

const ok = (result: ToolResult | undefined, what: string): ToolResult => {
  if (!result || result.code !== 0)
    throw new Error(`${what} failed (${result?.code}): ${result?.stdout}${result?.stderr}`);
  return result;
};

/** kafka-topics --describe: the partition lines' fields. */
function describedPartitions(stdout: string) {
  return stdout
    .split('\n')
    .filter((line) => /^\s+Topic: .*\tPartition: /.test(line))
    .map((line) => {
      const field = (name: string) => new RegExp(`\\b${name}: ([^\\t]*)`).exec(line)?.[1]?.trim() ?? '';
      const ids = (text: string) => (text ? text.split(',').map(Number) : []);
      return {
        partition: Number(field('Partition')),
        leader: Number(field('Leader')),
        replicas: ids(field('Replicas')),
        isr: ids(field('Isr')),
      };
    });
}

/** kafka-topics' error line, named as Kafka names the error where the text says which. */
function topicCommandOutcome(result: ToolResult): string {
  if (result.code === 0) return 'ok';
  const message =
    /Error while executing topic command : (.*)/.exec(result.stdout + result.stderr)?.[1] ?? 'failed';
  if (/already exists/i.test(message)) return 'TOPIC_ALREADY_EXISTS';
  if (/replication factor|replicate the partition/i.test(message)) return 'INVALID_REPLICATION_FACTOR';
  return `client:${message}`;
}

interface ConsoleRecord {
  readonly partition: number;
  readonly offset: number;
  readonly headers: string;
  readonly key: string;
  readonly value: string;
}

/** Reads every partition from the start without a group: one console consumer per partition. */
async function readAll(bootstrap: string, topic: string, partitions: number): Promise<ConsoleRecord[]> {
  const print = ['print.partition', 'print.offset', 'print.headers', 'print.key'].flatMap((p) => [
    '--formatter-property',
    `${p}=true`,
  ]);
  const calls: ToolCall[] = Array.from({ length: partitions }, (_, p) => ({
    tool: 'consoleConsumer',
    args: [
      '--bootstrap-server',
      bootstrap,
      '--topic',
      topic,
      '--partition',
      `${p}`,
      '--offset',
      'earliest',
      '--timeout-ms',
      '3000',
      ...print,
    ],
  }));
  const records: ConsoleRecord[] = [];
  for (const result of await runKafkaTools(calls)) {
    for (const line of result.stdout.split('\n')) {
      const match = /^Partition:(\d+)\tOffset:(\d+)\t([^\t]*)\t([^\t]*)\t(.*)$/.exec(line);
      if (match) {
        records.push({
          partition: Number(match[1]),
          offset: Number(match[2]),
          headers: match[3]!,
          key: match[4]!,
          value: match[5]!,
        });
      }
    }
  }
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

const partitionCount = async (bootstrap: string, topic: string) =>
  describedPartitions(
    ok(
      await runKafkaTool('topics', ['--bootstrap-server', bootstrap, '--describe', '--topic', topic]),
      'describe',
    ).stdout,
  ).length;

type Step = (bootstrap: string, o: Record<string, any>) => Promise<JsonObject>; // eslint-disable-line @typescript-eslint/no-explicit-any

const steps: Record<string, Step> = {
  async metadata(bootstrap, o) {
    const [versions, described] = await runKafkaTools([
      { tool: 'brokerApiVersions', args: ['--bootstrap-server', bootstrap] },
      { tool: 'topics', args: ['--bootstrap-server', bootstrap, '--describe', '--topic', o.topic] },
    ]);
    const brokers = (ok(versions, 'kafka-broker-api-versions').stdout.match(/\(id: \d+ /g) ?? []).length;
    const partitions = describedPartitions(ok(described, 'kafka-topics --describe').stdout);
    return {
      brokers,
      topic: {
        name: o.topic,
        partitions: partitions.map((p) => ({
          partition: p.partition,
          replicas: p.replicas.length,
          isr: p.isr.length,
          leaderIsReplica: p.replicas.includes(p.leader),
        })),
      },
    };
  },

  async 'topic-admin'(bootstrap, o) {
    const b = ['--bootstrap-server', bootstrap];
    const configs = Object.entries(o.configs as Record<string, string>).flatMap(([k, v]) => [
      '--config',
      `${k}=${v}`,
    ]);
    const [created, described, configured, listed] = await runKafkaTools([
      {
        tool: 'topics',
        args: [
          ...b,
          '--create',
          '--topic',
          o.topic,
          '--partitions',
          `${o.partitions}`,
          '--replication-factor',
          `${o.replicationFactor}`,
          ...configs,
        ],
      },
      { tool: 'topics', args: [...b, '--describe', '--topic', o.topic] },
      { tool: 'configs', args: [...b, '--describe', '--entity-type', 'topics', '--entity-name', o.topic] },
      { tool: 'topics', args: [...b, '--list'] },
    ]);
    // A broker may not know the new topic yet when the describe in the same run reaches it.
    let partitions = describedPartitions(described?.stdout ?? '');
    for (let attempt = 0; attempt < 5 && partitions.length === 0; attempt++) {
      const again = await runKafkaTool('topics', [...b, '--describe', '--topic', o.topic]);
      partitions = describedPartitions(again.stdout);
    }
    const values: JsonObject = {};
    for (const key of Object.keys(o.configs).sort()) {
      values[key] =
        new RegExp(`^\\s+${key.replace(/\./g, '\\.')}=(\\S*)`, 'm').exec(configured?.stdout ?? '')?.[1] ??
        null;
    }
    const deleted = await runKafkaTool('topics', [...b, '--delete', '--topic', o.topic]);
    let listedAfterDelete = true;
    for (let attempt = 0; attempt < 5 && listedAfterDelete; attempt++) {
      const names = ok(await runKafkaTool('topics', [...b, '--list']), 'kafka-topics --list').stdout.split(
        '\n',
      );
      listedAfterDelete = names.includes(o.topic);
    }
    return {
      created: topicCommandOutcome(created!),
      describe: { partitions: partitions.length, replicationFactor: partitions[0]?.replicas.length ?? 0 },
      configs: values,
      listedAfterCreate: (listed?.stdout ?? '').split('\n').includes(o.topic),
      deleted: topicCommandOutcome(deleted),
      listedAfterDelete,
    };
  },

  async 'produce-consume'(bootstrap, o) {
    const lines = Array.from(
      { length: o.count },
      (_, i) => `seq:${i},source:compat\tkey-${i % o.keys}\tvalue-${i}`,
    );
    ok(
      await runKafkaTool(
        'consoleProducer',
        [
          '--bootstrap-server',
          bootstrap,
          '--topic',
          o.topic,
          '--reader-property',
          'parse.key=true',
          '--reader-property',
          'parse.headers=true',
          '--reader-property',
          'key.separator=\t',
          '--command-property',
          'acks=all',
        ],
        { input: `${lines.join('\n')}\n` },
      ),
      'kafka-console-producer',
    );
    const records: Record<string, Json[]> = {};
    for (const r of await readAll(bootstrap, o.topic, await partitionCount(bootstrap, o.topic))) {
      const headers = r.headers.split(',').map((h) => h.split(':'));
      (records[r.key] ??= []).push({ partition: r.partition, offset: r.offset, value: r.value, headers });
    }
    return { records };
  },

  async 'offsets-by-time'(bootstrap, o) {
    await produceTimestamped(bootstrap, o.topic, o.count, o.base);
    const lookups = Object.entries(o.lookups as Record<string, number>);
    const times = [-2, -1, ...lookups.map(([, millis]) => millis)];
    const results = await runKafkaTools(
      times.map((time) => ({
        tool: 'getOffsets',
        args: ['--bootstrap-server', bootstrap, '--topic', o.topic, '--partitions', '0', '--time', `${time}`],
      })),
    );
    // kafka-get-offsets prints `topic:partition:offset`, with no offset when there is none.
    const offsets = results.map((r) => {
      const offset = ok(r, 'kafka-get-offsets').stdout.trim().split(':')[2];
      return offset ? Number(offset) : -1;
    });
    return {
      earliest: offsets[0]!,
      latest: offsets[1]!,
      byTime: Object.fromEntries(lookups.map(([name], i) => [name, offsets[i + 2]!])),
    };
  },

  async errors(bootstrap, o) {
    const b = ['--bootstrap-server', bootstrap];
    const [invalidReplicationFactor, topicAlreadyExists] = await runKafkaTools([
      {
        tool: 'topics',
        args: [...b, '--create', '--topic', o.newTopic, '--partitions', '1', '--replication-factor', '4'],
      },
      {
        tool: 'topics',
        args: [...b, '--create', '--topic', o.topic, '--partitions', '1', '--replication-factor', '1'],
      },
    ]);
    // The console producer logs a failed send and goes on: its errors are not observable.
    return {
      unknownTopic: 'client:unsupported',
      badPartition: 'client:unsupported',
      recordTooLarge: 'client:unsupported',
      invalidReplicationFactor: topicCommandOutcome(invalidReplicationFactor!),
      topicAlreadyExists: topicCommandOutcome(topicAlreadyExists!),
    };
  },

  async idempotent(bootstrap, o) {
    const lines = Array.from({ length: o.count }, (_, i) => `i${i}`);
    ok(
      await runKafkaTool(
        'consoleProducer',
        [
          '--bootstrap-server',
          bootstrap,
          '--topic',
          o.topic,
          '--command-property',
          'acks=all',
          '--command-property',
          'enable.idempotence=true',
        ],
        { input: `${lines.join('\n')}\n` },
      ),
      'kafka-console-producer',
    );
    const records = await readAll(bootstrap, o.topic, 1);
    return {
      consumed: records.length,
      inOrder: records.map((r) => r.value).join() === lines.join(),
      firstOffset: records[0]?.offset ?? -1,
      lastOffset: records[records.length - 1]?.offset ?? -1,
    };
  },
};

export const kafkaCliClient: ClientDriver = {
  name: 'kafka-cli',
  programs: new Set(Object.keys(steps)),
  async availability() {
    const kafka = kafkaClasspath();
    return kafka.ok ? { ok: true, version: `Kafka's tools ${kafka.version}` } : kafka;
  },
  step(program, bootstrap, options) {
    const step = steps[program];
    if (!step) throw new Error(`Kafka's tools have no step ${program}`);
    return step(bootstrap, options);
  },
};
