/**
 * `brokerlab groups` against Brokerlab's own 3-broker cluster, with a kafkajs consumer as the
 * group: the lag `groups describe --json` prints is what was produced minus what the group
 * consumed, with the owning member; offsets are reset (earliest, latest, to a date-time, to an
 * offset, shifted) only once the group is empty, and the group then resumes where it was put;
 * a group is deleted only once empty.
 */
import kafkajs, { type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verbs } from '../../../host/cli/commands/index.js';
import { runCli } from '../../../host/cli/program.js';
import { TestCluster } from '../../engine/broker/test-cluster.js';
import { until } from '../../engine/broker/wire.js';
import { bootstrapOf, coordinatorGroup, quickGroups } from '../../engine/groups/group-cluster.js';
import { testIo } from './cli-io.js';

const TOPIC = 'lagged';
const GROUP = 'lag-watchers';
const JAN_2020 = Date.parse('2020-01-01T00:00:00Z');
const JAN_2021 = Date.parse('2021-01-01T00:00:00Z');

interface PartitionLag {
  topic: string;
  partition: number;
  committedOffset: number | null;
  logEndOffset: number;
  lag: number | null;
  member: string | null;
}

describe('brokerlab groups against Brokerlab', () => {
  let cluster: TestCluster;
  let kafka: kafkajs.Kafka;

  const cli = async (...args: string[]) => {
    const io = testIo({ BROKERLAB_BOOTSTRAP: bootstrapOf(cluster) });
    const code = await runCli(args, io, verbs);
    return { code, out: io.out(), err: io.err() };
  };
  const describeJson = async (): Promise<PartitionLag[]> => {
    const result = await cli('groups', 'describe', GROUP, '--json');
    expect(result).toMatchObject({ code: 0, err: '' });
    return JSON.parse(result.out) as PartitionLag[];
  };
  const committed = async () => (await describeJson()).map((p) => p.committedOffset);

  /** `counts[p]` records to partition p, stamped from `timestamp` on. */
  async function produce(counts: number[], timestamp: number): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: TOPIC,
      acks: -1,
      messages: counts.flatMap((count, partition) =>
        Array.from({ length: count }, (_, i) => ({
          partition,
          value: `p${partition}-${timestamp}-${i}`,
          timestamp: String(timestamp + i),
        })),
      ),
    });
    await producer.disconnect();
  }

  /** A group member that records the offsets it reads, per partition. */
  async function member(read: Map<number, number[]>): Promise<Consumer> {
    const consumer = kafka.consumer({
      groupId: GROUP,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({
      autoCommitInterval: 50,
      eachMessage: async ({ partition, message }) => {
        read.set(partition, [...(read.get(partition) ?? []), Number(message.offset)]);
      },
    });
    return consumer;
  }
  const total = (read: Map<number, number[]>) => [...read.values()].reduce((n, o) => n + o.length, 0);

  beforeAll(async () => {
    cluster = await TestCluster.start({ brokers: 3, config: quickGroups });
    await cluster.createTopic(TOPIC, 3, 3);
    kafka = new kafkajs.Kafka({
      brokers: bootstrapOf(cluster).split(','),
      logLevel: kafkajs.logLevel.NOTHING,
    });
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('describe shows per partition the lag of produced minus consumed and the owning member', async () => {
    await produce([10, 10, 10], JAN_2020);
    const read = new Map<number, number[]>();
    const consumer = await member(read);
    await until(() => total(read) === 30, 20_000, 'the first 30 records');
    // Paused, it stays in the group and reads nothing more: what arrives now is lag.
    consumer.pause([{ topic: TOPIC }]);
    await produce([5, 10, 15], JAN_2021);
    let lags: PartitionLag[] = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      lags = await describeJson();
      if (lags.every((l) => l.committedOffset === 10)) break;
    }
    const memberId = coordinatorGroup(cluster, GROUP)?.members[0]?.memberId;
    expect(memberId).toBeDefined();
    expect(lags).toEqual([
      { topic: TOPIC, partition: 0, committedOffset: 10, logEndOffset: 15, lag: 5, member: memberId },
      { topic: TOPIC, partition: 1, committedOffset: 10, logEndOffset: 20, lag: 10, member: memberId },
      { topic: TOPIC, partition: 2, committedOffset: 10, logEndOffset: 25, lag: 15, member: memberId },
    ]);
    const table = await cli('groups', 'describe', GROUP);
    expect(table.out).toMatch(
      new RegExp(
        `^group ${GROUP} · Stable · RoundRobinAssigner · coordinator \\d · 1 member · total lag 30$`,
        'm',
      ),
    );

    // A group with a member can be neither reset nor deleted.
    const reset = await cli('groups', 'reset-offsets', GROUP, '--topic', TOPIC, '--to-earliest');
    expect(reset.code).toBe(1);
    expect(reset.err).toMatch(/has 1 active member .*offsets can only be reset while the group is empty/);
    const deleted = await cli('groups', 'delete', GROUP);
    expect(deleted.code).toBe(1);
    expect(deleted.err).toMatch(/still has members/);
    expect(await committed()).toEqual([10, 10, 10]);
    await consumer.disconnect();
    await until(() => coordinatorGroup(cluster, GROUP)?.state === 'Empty', 10_000, 'an empty group');
  }, 60_000);

  it('reset-offsets moves the empty group as asked, and the group resumes there', async () => {
    const reset = (...how: string[]) => cli('groups', 'reset-offsets', GROUP, '--topic', TOPIC, ...how);

    const dry = await reset('--to-earliest', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^lagged\s+0\s+10\s+0$/m);
    expect(await committed()).toEqual([10, 10, 10]);

    expect((await reset('--to-earliest')).code).toBe(0);
    expect(await committed()).toEqual([0, 0, 0]);
    expect((await reset('--to-latest')).code).toBe(0);
    expect(await committed()).toEqual([15, 20, 25]);
    expect((await reset('--to-offset', '3')).code).toBe(0);
    expect(await committed()).toEqual([3, 3, 3]);
    expect((await reset('--shift-by', '4')).code).toBe(0);
    expect(await committed()).toEqual([7, 7, 7]);
    // Shifted past the start, an offset stops at the start.
    expect((await reset('--shift-by', '-100')).code).toBe(0);
    expect(await committed()).toEqual([0, 0, 0]);
    // The first records stamped at or after the time: the 2021 ones start at offset 10.
    expect((await reset('--to-datetime', '2020-06-01T00:00:00Z')).code).toBe(0);
    expect(await committed()).toEqual([10, 10, 10]);

    expect((await reset('--to-offset', '8')).code).toBe(0);
    const read = new Map<number, number[]>();
    const consumer = await member(read);
    await until(() => total(read) === 7 + 12 + 17, 20_000, 'the records after offset 8');
    expect([0, 1, 2].map((p) => read.get(p)?.[0])).toEqual([8, 8, 8]);
    await consumer.disconnect();
  }, 60_000);

  it('consume --group commits what it printed; the next run goes on from there', async () => {
    const first = await cli('consume', TOPIC, '--group', 'cli-readers', '--from-beginning', '--max', '25');
    expect(first.code).toBe(0);
    const printed = first.out.trim().split('\n');
    expect(printed).toHaveLength(25);
    const described = JSON.parse(
      (await cli('groups', 'describe', 'cli-readers', '--json')).out,
    ) as PartitionLag[];
    expect(described.reduce((n, p) => n + (p.committedOffset ?? 0), 0)).toBe(25);
    const second = await cli('consume', TOPIC, '--group', 'cli-readers', '--from-beginning', '--max', '35');
    const rest = second.out.trim().split('\n');
    // 60 records in all: the second run reads the other 35, none of the first 25 again.
    expect(new Set([...printed, ...rest]).size).toBe(60);
  }, 60_000);

  it('delete removes the empty group and its offsets', async () => {
    await until(() => coordinatorGroup(cluster, GROUP)?.state === 'Empty', 10_000, 'an empty group');
    expect(await cli('groups', 'delete', GROUP)).toMatchObject({ code: 0, out: `deleted group ${GROUP}\n` });
    expect((await cli('groups', 'list')).out).not.toContain(GROUP);
    expect(coordinatorGroup(cluster, GROUP)).toBeUndefined();
  });
});
