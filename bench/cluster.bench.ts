/**
 * The embedded cluster's own figures (`npm run bench cluster`), in this process; produce and
 * failover go to the brokers' services directly, without a client:
 *
 *   produce RF=1 vs RF=3 acks=all (min.insync.replicas 2), through each leader's ReplicaManager
 *     as the produce handler calls it, in alternating rounds: records/s  goal: RF=3 ≥ half of RF=1
 *   failover: leader killed → first acknowledged acks=all write, median and p99 of 20 trials
 *                                                           goal: session timeout + 300 ms
 *   cold start of 3 brokers (client listeners included), empty        goal < 500 ms
 *   cold start of 3 brokers holding 1 GB of partition data            goal < 3 s
 *   resident memory of an idle 3-broker cluster (a fresh process)     goal < 150 MB
 *
 * Prints figures; never fails on a number. BENCH_RECORDS, BENCH_FAILOVER_TRIALS and
 * BENCH_COLD_BYTES scale the runs down on a busy machine; other load on the machine shows in
 * the printed load average and skews every figure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenerFactory } from '../engine/broker/listener.js';
import { silentLogger } from '../engine/broker/logger.js';
import { type Cluster, startCluster, type StartClusterOptions } from '../engine/cluster/cluster.js';
import { ErrorCode } from '../engine/protocol/errors.js';
import { encodeBatch } from '../engine/records/codec.js';
import type { BrokerId } from '../engine/types.js';

const RECORD_BYTES = 100;
const RECORDS_PER_BATCH = 1000;
const PARTITIONS = 6;
const IN_FLIGHT = 5;
const PRODUCE_RECORDS = Number(process.env.BENCH_RECORDS ?? 2_000_000);
const FAILOVER_TRIALS = Number(process.env.BENCH_FAILOVER_TRIALS ?? 20);
const COLD_BYTES = Number(process.env.BENCH_COLD_BYTES ?? 1024 ** 3);
const MB = 1024 * 1024;

const listener = listenerFactory({ logger: silentLogger });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function row(what: string, value: string, goal: string): void {
  console.log(`  ${what.padEnd(50)} ${value.padStart(14)}   ${goal}`);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function withCluster<T>(
  options: Partial<StartClusterOptions>,
  run: (cluster: Cluster) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-bench-cluster-'));
  const cluster = await startCluster({ dataDir, brokers: 3, listener, ...options });
  try {
    return await run(cluster);
  } finally {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function createTopic(
  cluster: Cluster,
  name: string,
  partitions: number,
  replicationFactor: number,
): Promise<void> {
  const configs: Record<string, string> = replicationFactor > 1 ? { 'min.insync.replicas': '2' } : {};
  const [result] = await cluster.admin.createTopics(
    [{ name, numPartitions: partitions, replicationFactor, assignments: [], configs }],
    { validateOnly: false, timeoutMs: 30_000 },
  );
  if (result?.errorCode !== ErrorCode.NONE) throw new Error(`cannot create ${name}: ${result?.errorMessage}`);
  await until(() =>
    cluster
      .snapshot()
      .partitions.filter((p) => p.topic === name)
      .every((p) => p.leader !== -1 && p.isr.length === replicationFactor && p.highWatermark >= 0),
  );
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the cluster');
    await pause(5);
  }
}

/** Sends one batch to the partition's current leader; answers its error code. */
async function send(cluster: Cluster, topic: string, partition: number, batch: Buffer): Promise<ErrorCode> {
  const leader = cluster.snapshot().partitions.find((p) => p.topic === topic && p.partition === partition)
    ?.leader as BrokerId | -1 | undefined;
  if (leader === undefined || leader === -1) return ErrorCode.LEADER_NOT_AVAILABLE;
  const node = cluster.broker(leader);
  if (node.processState !== 'running') return ErrorCode.NOT_LEADER_OR_FOLLOWER;
  const [result] = await node.services.replicas.appendRecords({
    acks: -1,
    timeoutMs: 30_000,
    transactionalId: null,
    // The log patches base offsets into the buffer it is given: each request gets its own copy.
    entries: [{ tp: { topic, partition }, records: Buffer.from(batch) }],
  });
  return result?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
}

/**
 * Produces `records` records to every partition of `topic`, IN_FLIGHT requests per partition.
 * Answers records per second of wall-clock time, and per second of this process's CPU time
 * (which other load on the machine barely moves).
 */
async function produceThroughput(
  cluster: Cluster,
  topic: string,
  records: number,
): Promise<{ wall: number; cpu: number }> {
  const batch = await encodeBatch({
    records: Array.from({ length: RECORDS_PER_BATCH }, (_, i) => ({
      key: null,
      value: Buffer.alloc(RECORD_BYTES, i & 0xff),
    })),
  });
  const requestsPerPartition = Math.ceil(records / RECORDS_PER_BATCH / PARTITIONS);
  const leaders = new Map(
    cluster
      .snapshot()
      .partitions.filter((p) => p.topic === topic)
      .map((p) => [p.partition, cluster.broker(p.leader as BrokerId).services.replicas]),
  );
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    [...leaders].map(async ([partition, replicas]) => {
      let next = 0;
      const lane = async () => {
        while (next < requestsPerPartition) {
          next++;
          const [result] = await replicas.appendRecords({
            acks: -1,
            timeoutMs: 30_000,
            transactionalId: null,
            entries: [{ tp: { topic, partition }, records: Buffer.from(batch) }],
          });
          if (result?.errorCode !== ErrorCode.NONE) throw new Error(`produce failed: ${result?.errorCode}`);
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    }),
  );
  const secondsTaken = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const produced = requestsPerPartition * PARTITIONS * RECORDS_PER_BATCH;
  return { wall: produced / secondsTaken, cpu: produced / ((cpu.user + cpu.system) / 1e6) };
}

/**
 * RF=1 and RF=3 rounds alternate (4 of each, a quarter of the records each time) and the medians
 * are compared, so that load from elsewhere on the machine drifting during the run skews both
 * sides alike rather than one.
 */
async function benchProduce(): Promise<void> {
  const rounds = 4;
  const rates = await withCluster({ config: { 'auto.create.topics.enable': 'false' } }, async (cluster) => {
    await createTopic(cluster, 'rf1', PARTITIONS, 1);
    await createTopic(cluster, 'rf3', PARTITIONS, 3);
    const rf1: { wall: number; cpu: number }[] = [];
    const rf3: { wall: number; cpu: number }[] = [];
    for (let round = 0; round < rounds; round++) {
      rf1.push(await produceThroughput(cluster, 'rf1', PRODUCE_RECORDS / rounds));
      rf3.push(await produceThroughput(cluster, 'rf3', PRODUCE_RECORDS / rounds));
    }
    const median = (list: number[]) =>
      percentile(
        [...list].sort((a, b) => a - b),
        50,
      );
    return {
      rf1: median(rf1.map((r) => r.wall)),
      rf3: median(rf3.map((r) => r.wall)),
      rf1Cpu: median(rf1.map((r) => r.cpu)),
      rf3Cpu: median(rf3.map((r) => r.cpu)),
    };
  });
  const percent = (a: number, b: number) => `${Math.round((a / b) * 100)}% of RF=1`;
  row(
    `produce RF=1 acks=all, median of ${rounds} (records/s)`,
    fmt(rates.rf1),
    `${fmt((rates.rf1 * RECORD_BYTES) / MB)} MB/s`,
  );
  row(
    `produce RF=3 acks=all, min ISR 2, median of ${rounds}`,
    fmt(rates.rf3),
    `${percent(rates.rf3, rates.rf1)}; goal ≥ 50%`,
  );
  row('  RF=1 per CPU second (records)', fmt(rates.rf1Cpu), '');
  row('  RF=3 per CPU second (records)', fmt(rates.rf3Cpu), percent(rates.rf3Cpu, rates.rf1Cpu));
}

/**
 * Kills the leader of a 3-replica partition, then writes acks=all until one is acknowledged.
 * When the leader also hosts the active controller, a new controller must be elected first and
 * then wait out the session timeout itself (it never saw the dead broker's heartbeats, as in
 * KRaft), so those trials are also shown apart.
 */
async function benchFailover(): Promise<void> {
  const sessionTimeoutMs = 1500;
  const trials = await withCluster(
    { config: { 'broker.session.timeout.ms': sessionTimeoutMs } },
    async (cluster) => {
      await createTopic(cluster, 'failover', 1, 3);
      const batch = await encodeBatch({ records: [{ key: null, value: Buffer.from('x') }] });
      const measured: { ms: number; controller: boolean }[] = [];
      for (let trial = 0; trial < FAILOVER_TRIALS; trial++) {
        while ((await send(cluster, 'failover', 0, batch)) !== ErrorCode.NONE) await pause(5);
        const victim = cluster.snapshot().partitions[0]?.leader as BrokerId;
        const controller = cluster.snapshot().controller.id === victim;
        const started = process.hrtime.bigint();
        await cluster.faults.kill(victim);
        // A client retrying as fast as its metadata refreshes allow.
        while ((await send(cluster, 'failover', 0, batch)) !== ErrorCode.NONE) await pause(5);
        measured.push({ ms: Number(process.hrtime.bigint() - started) / 1e6, controller });
        await cluster.faults.start(victim);
        await until(() => cluster.snapshot().partitions[0]?.isr.length === 3);
      }
      return measured;
    },
  );
  const sorted = (list: typeof trials) => list.map((t) => t.ms).sort((a, b) => a - b);
  const all = sorted(trials);
  const goal = `goal ≤ ${sessionTimeoutMs + 300} (session timeout ${sessionTimeoutMs} + 300)`;
  row(`failover to first acks=all write, median (ms)`, fmt(percentile(all, 50)), goal);
  row(`failover, p99 of ${all.length} trials (ms)`, fmt(percentile(all, 99)), goal);
  for (const [what, controller] of [
    ['leader only', false],
    ['leader and active controller', true],
  ] as const) {
    const some = sorted(trials.filter((t) => t.controller === controller));
    if (some.length === 0) continue;
    const figures = `${fmt(percentile(some, 50))} / ${fmt(percentile(some, 99))}`;
    row(`  killed ${what}: ${some.length} trials, median / p99 (ms)`, figures, '');
  }
}

async function timedStart(dataDir: string): Promise<{ cluster: Cluster; ms: number }> {
  const started = process.hrtime.bigint();
  const cluster = await startCluster({ dataDir, brokers: 3, listener });
  return { cluster, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

async function benchColdStart(): Promise<void> {
  const empty: number[] = [];
  for (let i = 0; i < 5; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-bench-cold-'));
    const { cluster, ms } = await timedStart(dataDir);
    empty.push(ms);
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  row(
    'cold start, 3 brokers, empty (median of 5, ms)',
    fmt(
      percentile(
        empty.sort((a, b) => a - b),
        50,
      ),
    ),
    'goal < 500',
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-bench-cold-'));
  try {
    const { cluster } = await timedStart(dataDir);
    await createTopic(cluster, 'stored', PARTITIONS, 1);
    const big = await encodeBatch({
      records: Array.from({ length: 1000 }, (_, i) => ({ key: null, value: Buffer.alloc(1000, i & 0xff) })),
    });
    const perPartition = Math.ceil(COLD_BYTES / big.length / PARTITIONS);
    await Promise.all(
      Array.from({ length: PARTITIONS }, async (_, partition) => {
        for (let i = 0; i < perPartition; i++) {
          if ((await send(cluster, 'stored', partition, big)) !== ErrorCode.NONE)
            throw new Error('filling the cluster failed');
        }
      }),
    );
    const stored = cluster
      .brokers()
      .flatMap((b) => cluster.broker(b.id).replicaManager?.allPartitions() ?? [])
      .reduce((sum, p) => sum + p.log.size, 0);
    await cluster.stop();
    const { cluster: again, ms } = await timedStart(dataDir);
    row(`cold start, 3 brokers, ${(stored / 1024 ** 3).toFixed(2)} GB stored (ms)`, fmt(ms), 'goal < 3,000');
    await again.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** RSS of a fresh process running only an idle cluster (bench/idle-cluster.ts). */
function benchIdleMemory(): void {
  const child = spawnSync('node', ['--import', 'tsx', '--expose-gc', join('bench', 'idle-cluster.ts')], {
    encoding: 'utf8',
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    console.log(`  idle memory: the child failed: ${child.stderr.trim().split('\n').at(-1)}`);
    return;
  }
  const { baselineRss, idleRss, heapUsed } = JSON.parse(line) as {
    baselineRss: number;
    idleRss: number;
    heapUsed: number;
  };
  row('idle 3-broker cluster, process RSS (MB)', fmt(idleRss / MB), 'goal < 150');
  row('  of which node + tsx before loading the engine (MB)', fmt(baselineRss / MB), '');
  row('  JS heap used (MB)', fmt(heapUsed / MB), '');
}

async function main(): Promise<void> {
  console.log(
    `embedded cluster, 3 brokers in one process; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  await benchProduce();
  await benchFailover();
  await benchColdStart();
  benchIdleMemory();
}

await main();
