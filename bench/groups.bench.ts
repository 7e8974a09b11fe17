/**
 * Consumer groups on a 3-broker embedded cluster in this process:
 *
 *   rebalance: three confluent-kafka-python consumers (librdkafka, each its own process,
 *     heartbeat.interval.ms 500, eager range assignor) read a 12-partition topic that a producer
 *     keeps feeding; a fourth joins. Measured from the coordinator starting the rebalance for
 *     the newcomer's JoinGroup to every one of the four having read a record of its new
 *     assignment. group.initial.rebalance.delay.ms is 0 here, as a local cluster is meant to
 *     run (Kafka's default is 3 s; Brokerlab's own is 100 ms). Goal (issue 5): ≤ 1 s.
 *   offset commits: OffsetCommit requests of one partition each from the host's Kafka client
 *     over loopback, for a group without members (as an admin or a self-assigning consumer
 *     commits), 1 and 32 in flight: commits/s, each written to __consumer_offsets with acks=all
 *     on three replicas.
 *
 * Prints figures; never fails on a number. Other load on the machine skews every figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { listenerFactory } from '../engine/broker/listener.js';
import { silentLogger } from '../engine/broker/logger.js';
import { startCluster, type Cluster } from '../engine/cluster/cluster.js';
import { ErrorCode } from '../engine/protocol/errors.js';
import { KafkaClient } from '../host/kafka-client/client.js';
import { pythonAvailability, PythonMember, waitForMembers } from '../test/engine/groups/python-members.js';

const TOPIC = 'bench-groups';
const PARTITIONS = 12;
const ROUNDS = 3;
const COMMIT_SECONDS = 5;

function row(what: string, value: string, goal = ''): void {
  console.log(`  ${what.padEnd(52)} ${value.padStart(14)}   ${goal}`);
}

/** Creates the topic; resolves with its id. */
async function createTopic(cluster: Cluster, name: string): Promise<string> {
  const [result] = await cluster.admin.createTopics(
    [{ name, numPartitions: PARTITIONS, replicationFactor: 3, assignments: [], configs: {} }],
    { validateOnly: false, timeoutMs: 30_000 },
  );
  if (result?.errorCode !== ErrorCode.NONE) throw new Error(`cannot create ${name}: ${result?.errorMessage}`);
  return result.topicId!;
}

/** Keeps one record a partition coming every 20 ms until stopped. */
function feed(bootstrap: string[], topic: string): () => Promise<void> {
  const producer = new kafkajs.Kafka({ brokers: bootstrap, logLevel: kafkajs.logLevel.NOTHING }).producer();
  let running = true;
  const loop = (async () => {
    await producer.connect();
    for (let n = 0; running; n++) {
      await producer.send({
        topic,
        acks: 1,
        messages: Array.from({ length: PARTITIONS }, (_, partition) => ({ partition, value: `r${n}` })),
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await producer.disconnect();
  })();
  return async () => {
    running = false;
    await loop;
  };
}

/** When the member first read a record after its last assignment that came after `since`. */
function consumingSince(member: PythonMember, since: number): number | null {
  let assignedAt = -1;
  member.events.forEach((e, i) => {
    if (e.event === 'assigned' && member.times[i]! >= since) assignedAt = i;
  });
  if (assignedAt < 0) return null;
  for (let i = assignedAt + 1; i < member.events.length; i++) {
    if (member.events[i]!.event === 'records') return member.times[i]!;
  }
  return null;
}

async function rebalanceBench(cluster: Cluster, bootstrap: string[]): Promise<void> {
  const python = pythonAvailability();
  if (!python.ok) {
    row('fourth consumer joining → all four consuming', 'skipped', python.reason);
    return;
  }
  const topic = TOPIC;
  const group = 'bench-rebalance';
  const stopFeed = feed(bootstrap, topic);
  const start = (i: number) =>
    PythonMember.start(python.python, bootstrap.join(','), { topic, group, clientId: `bench-${i}` });
  const three = [1, 2, 3].map(start);
  try {
    await waitForMembers(
      three,
      'three members consuming',
      () => three.every((m) => m.owned.length === 4),
      60_000,
    );
    const figures: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const eventsBefore = cluster.recentEvents().at(-1)?.seq ?? 0;
      const fourth = start(3 + round);
      const all = [...three, fourth];
      const started = () =>
        cluster
          .recentEvents(eventsBefore)
          .find(
            (e) =>
              e.type === 'group-rebalance-started' &&
              e.groupId === group &&
              e.reason.includes(`bench-${3 + round}`),
          );
      await waitForMembers(
        all,
        'four members consuming',
        () => {
          const at = started()?.timestamp;
          return at !== undefined && all.every((m) => m.owned.length === 3 && consumingSince(m, at) !== null);
        },
        60_000,
      );
      const at = started()!.timestamp;
      figures.push(Math.max(...all.map((m) => consumingSince(m, at)!)) - at);
      // Back to three for the next round (the leave is a rebalance of its own).
      await fourth.stop();
      await waitForMembers(
        three,
        'three members again',
        () => three.every((m) => m.owned.length === 4),
        60_000,
      );
    }
    const sorted = [...figures].sort((a, b) => a - b);
    row(
      'fourth consumer joining → all four consuming',
      `${sorted[Math.floor(sorted.length / 2)]} ms`,
      `median of ${ROUNDS} (${figures.map((f) => `${f} ms`).join(', ')}); goal ≤ 1000 ms`,
    );
  } finally {
    await Promise.all(three.map((m) => m.crash()));
    await stopFeed();
  }
}

async function commitBench(bootstrap: string[], topicId: string): Promise<void> {
  const client = new KafkaClient({ bootstrap, clientId: 'bench-commits' });
  try {
    for (const inFlight of [1, 32]) {
      const group = `bench-commits-${inFlight}`;
      let commits = 0;
      const deadline = performance.now() + COMMIT_SECONDS * 1000;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: inFlight }, async (_, lane) => {
          while (performance.now() < deadline) {
            const response = await client.request(
              'OffsetCommit',
              {
                groupId: group,
                generationIdOrMemberEpoch: -1,
                memberId: '',
                groupInstanceId: null,
                retentionTimeMs: -1n,
                topics: [
                  {
                    name: TOPIC,
                    topicId,
                    partitions: [
                      {
                        partitionIndex: lane % PARTITIONS,
                        committedOffset: BigInt(commits),
                        committedLeaderEpoch: -1,
                        committedMetadata: null,
                      },
                    ],
                  },
                ],
              },
              { coordinator: group },
            );
            const error = response.topics[0]?.partitions[0]?.errorCode;
            if (error !== ErrorCode.NONE) throw new Error(`commit failed with error ${error}`);
            commits++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      row(
        `offset commits, ${inFlight} in flight`,
        `${Math.round(commits / seconds).toLocaleString('en-US')}/s`,
      );
    }
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-bench-groups-'));
  const cluster = await startCluster({
    dataDir,
    brokers: 3,
    config: { 'group.initial.rebalance.delay.ms': '0' },
    listener: listenerFactory({ logger: silentLogger }),
  });
  try {
    const bootstrap = cluster.brokers().map((b) => `127.0.0.1:${b.port}`);
    console.log(`  load average before: ${loadavg()[0]!.toFixed(2)}`);
    const topicId = await createTopic(cluster, TOPIC);
    await rebalanceBench(cluster, bootstrap);
    await commitBench(bootstrap, topicId);
  } finally {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
