/**
 * kcat 1.7 (Debian, librdkafka 2.0) as a scenario driver: each step runs kcat processes and reads
 * their JSON output (-J). kcat has no admin operations, so topic creation and configs are not its
 * scenarios and its errors step reports `client:unsupported` for them; it cannot set a record's
 * timestamp, so offsets-by-time has its timestamped records written by kafkajs and only queries
 * the offsets with kcat (-Q), which is the part that matters for ListOffsets.
 */
import { spawn } from 'node:child_process';
import { run, type RunResult } from '../process.js';
import { kcatVersion } from './availability.js';
import type { ClientDriver, Json, JsonObject } from './driver.js';
import { produceTimestamped } from './timestamped-records.js';

interface KcatMessage {
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly payload: string | null;
  readonly headers?: string[];
}

const kcat = (bootstrap: string, args: readonly string[], input = ''): Promise<RunResult> =>
  run('kcat', ['-b', bootstrap, ...args], { input, timeoutMs: 60_000 });

/** Kafka's name for the librdkafka error kcat printed, when it is one of the broker's. */
const librdkafkaErrors: Record<string, string> = {
  'Broker: Unknown topic or partition': 'UNKNOWN_TOPIC_OR_PARTITION',
  'Broker: Message size too large': 'MESSAGE_TOO_LARGE',
  'Broker: Invalid replication factor': 'INVALID_REPLICATION_FACTOR',
  'Broker: Topic already exists': 'TOPIC_ALREADY_EXISTS',
};

function produceOutcome(result: Pick<RunResult, 'code' | 'stderr'>): string {
  if (result.code === 0 && !/Delivery failed|ERROR/.test(result.stderr)) return 'ok';
  const reason =
    /(?:Delivery failed for message|ERROR): (.*)/.exec(result.stderr)?.[1]?.trim() ?? result.stderr.trim();
  return librdkafkaErrors[reason] ?? `client:${reason}`;
}

async function produce(
  bootstrap: string,
  topic: string,
  lines: readonly string[],
  extra: readonly string[] = [],
) {
  const result = await kcat(
    bootstrap,
    ['-P', '-t', topic, '-X', 'acks=all', ...extra],
    `${lines.join('\n')}\n`,
  );
  const outcome = produceOutcome(result);
  if (outcome !== 'ok') throw new Error(`kcat produce failed: ${outcome}\n${result.stderr}`);
}

/** Consumes every partition from the beginning until `count` messages (or the end, -e). */
async function readAll(bootstrap: string, topic: string, count: number, extra: readonly string[] = []) {
  const result = await kcat(bootstrap, [
    '-C',
    '-t',
    topic,
    '-o',
    'beginning',
    '-e',
    '-J',
    '-c',
    `${count}`,
    ...extra,
  ]);
  if (result.code !== 0) throw new Error(`kcat consume failed: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as KcatMessage)
    .sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

const valuesAndOffsets = (messages: readonly KcatMessage[]): JsonObject => ({
  values: messages.map((m) => m.payload),
  offsets: messages.map((m) => m.offset),
});

async function queryOffset(bootstrap: string, topic: string, timestamp: number): Promise<number> {
  const result = await kcat(bootstrap, ['-Q', '-J', '-t', `${topic}:0:${timestamp}`]);
  const answer = JSON.parse(result.stdout) as Record<string, Record<string, { offset: number }>>;
  const offset = answer[topic]?.['0']?.offset;
  if (offset === undefined) throw new Error(`kcat -Q answered ${result.stdout} ${result.stderr}`);
  return offset;
}

type Step = (bootstrap: string, o: Record<string, any>) => Promise<JsonObject>; // eslint-disable-line @typescript-eslint/no-explicit-any

const steps: Record<string, Step> = {
  async metadata(bootstrap, o) {
    const result = await kcat(bootstrap, ['-L', '-J', '-t', o.topic]);
    const metadata = JSON.parse(result.stdout) as {
      brokers: unknown[];
      topics: {
        partitions: {
          partition: number;
          leader: number;
          replicas: { id: number }[];
          isrs: { id: number }[];
        }[];
      }[];
    };
    const partitions = [...(metadata.topics[0]?.partitions ?? [])].sort((a, b) => a.partition - b.partition);
    return {
      brokers: metadata.brokers.length,
      topic: {
        name: o.topic,
        partitions: partitions.map((p) => ({
          partition: p.partition,
          replicas: p.replicas.length,
          isr: p.isrs.length,
          leaderIsReplica: p.replicas.some((r) => r.id === p.leader),
        })),
      },
    };
  },

  async 'produce-consume'(bootstrap, o) {
    // kcat's -H sets headers for a whole run, so each record is its own run, in order.
    for (let i = 0; i < o.count; i++) {
      await produce(
        bootstrap,
        o.topic,
        [`key-${i % o.keys}\tvalue-${i}`],
        ['-K', '\t', '-H', `seq=${i}`, '-H', 'source=compat'],
      );
    }
    const records: Record<string, Json[]> = {};
    for (const m of await readAll(bootstrap, o.topic, o.count)) {
      const headers: Json[] = [];
      for (let h = 0; h + 1 < (m.headers?.length ?? 0); h += 2)
        headers.push([m.headers![h]!, m.headers![h + 1]!]);
      (records[m.key ?? 'null'] ??= []).push({
        partition: m.partition,
        offset: m.offset,
        value: m.payload,
        headers,
      });
    }
    return { records };
  },

  async compression(bootstrap, o) {
    const produced: JsonObject = {};
    let expected = 0;
    for (const codec of o.codecs as string[]) {
      const lines = Array.from({ length: o.perCodec }, (_, i) => `${codec}-${i}`);
      const result = await kcat(
        bootstrap,
        ['-P', '-t', o.topic, '-X', 'acks=all', '-z', codec],
        `${lines.join('\n')}\n`,
      );
      produced[codec] = produceOutcome(result);
      if (produced[codec] === 'ok') expected += o.perCodec;
    }
    return { produced, ...valuesAndOffsets(await readAll(bootstrap, o.topic, expected)) };
  },

  async 'offsets-by-time'(bootstrap, o) {
    await produceTimestamped(bootstrap, o.topic, o.count, o.base);
    const byTime: JsonObject = {};
    for (const [name, millis] of Object.entries(o.lookups as Record<string, number>)) {
      byTime[name] = await queryOffset(bootstrap, o.topic, millis);
    }
    // -2 and -1 are ListOffsets' earliest and latest.
    return {
      earliest: await queryOffset(bootstrap, o.topic, -2),
      latest: await queryOffset(bootstrap, o.topic, -1),
      byTime,
    };
  },

  async errors(bootstrap, o) {
    const timeout = ['-X', 'message.timeout.ms=5000'];
    const attempt = async (topic: string, value: string, extra: string[] = []) =>
      produceOutcome(await kcat(bootstrap, ['-P', '-t', topic, ...timeout, ...extra], `${value}\n`));
    return {
      unknownTopic: await attempt(o.missingTopic, 'v'),
      badPartition: await attempt(o.topic, 'v', ['-p', '5']),
      recordTooLarge: await attempt(o.topic, 'x'.repeat(o.largeSize)),
      invalidReplicationFactor: 'client:unsupported',
      topicAlreadyExists: 'client:unsupported',
    };
  },

  async idempotent(bootstrap, o) {
    const lines = Array.from({ length: o.count }, (_, i) => `i${i}`);
    await produce(bootstrap, o.topic, lines, ['-p', '0', '-X', 'enable.idempotence=true']);
    const messages = await readAll(bootstrap, o.topic, o.count);
    return {
      consumed: messages.length,
      inOrder: messages.map((m) => m.payload).join() === lines.join(),
      firstOffset: messages[0]?.offset ?? -1,
      lastOffset: messages[messages.length - 1]?.offset ?? -1,
    };
  },

  // kcat produces what it reads from stdin, so the lines are fed one every intervalMs while the
  // suite crashes the leader. kcat does not say which message failed: any failure counts all.
  async 'produce-acked'(bootstrap, o) {
    // -vv prints a line per delivery report; with the idempotent producer librdkafka reports a
    // partition's messages in the order they were sent, so the k-th report is record k's.
    const child = spawn(
      'kcat',
      [
        ...['-b', bootstrap, '-P', '-t', o.topic, '-p', '0', '-vv'],
        ...['-X', 'acks=all', '-X', 'enable.idempotence=true'],
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    for (let i = 0; i < o.count; i++) {
      child.stdin.write(`v-${i}\n`);
      await new Promise((resolve) => setTimeout(resolve, o.intervalMs));
    }
    child.stdin.end();
    await exited;
    const reports = stderr
      .split('\n')
      .filter((line) => /^% (Message delivered|Delivery failed)/.test(line))
      .map((line) => line.startsWith('% Message delivered'));
    return {
      acked: reports.flatMap((ok, i) => (ok ? [i] : [])),
      failed: o.count - reports.filter(Boolean).length,
    };
  },
};

export const kcatClient: ClientDriver = {
  name: 'kcat',
  programs: new Set(Object.keys(steps)),
  availability: kcatVersion,
  step(program, bootstrap, options) {
    const step = steps[program];
    if (!step) throw new Error(`kcat has no step ${program}`);
    return step(bootstrap, options);
  },
};
