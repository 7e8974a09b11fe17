/**
 * Runs one chaos schedule against a fresh embedded 3-broker cluster: kafkajs producers (one
 * idempotent) and a two-member consumer group work while the schedule's faults come and go;
 * then every fault is healed and the cluster is held to its promises (see ../checks.ts), plus:
 * every partition back online with its full ISR, committed group offsets never moved backwards,
 * and the group caught up with everything acknowledged.
 */
import { listenerFactory } from '../../../engine/broker/listener.js';
import { silentLogger } from '../../../engine/broker/logger.js';
import { type Cluster, startCluster } from '../../../engine/cluster/cluster.js';
import { offsetsPartitionFor } from '../../../engine/groups/partitioner.js';
import { asBrokerId, type BrokerId } from '../../../engine/types.js';
import { createTopic, fastConfig } from '../../engine/cluster/cluster-harness.js';
import { tempDir, waitFor } from '../../engine/cluster/helpers.js';
import { freePortRun } from '../../peers/ports.js';
import { type CheckFigures, checkLogs } from '../checks.js';
import { readPartitions } from '../read-log.js';
import { CommitWatch, GroupReaders, kafkaOf, pause, ProducerLoop } from '../workload.js';
import { describeFault, type Fault, type Schedule, type Target } from './schedule.js';

export const TOPIC = 'chaos';
export const PARTITIONS = 3;
export const BROKERS = 3;
const GROUP = 'chaos-readers';
const OFFSETS_PARTITIONS = 3;

export interface ScheduleResult {
  readonly schedule: Schedule;
  readonly violations: string[];
  readonly figures: CheckFigures & {
    readonly faults: number;
    readonly failedSends: number;
    readonly commitSamples: number;
  };
  /** What each fault hit, as it ran ("kill the active controller → broker 2"). */
  readonly log: string[];
}

export async function runSchedule(schedule: Schedule): Promise<ScheduleResult> {
  const temp = tempDir('chaos');
  const basePort = await freePortRun(BROKERS);
  const cluster = await startCluster({
    dataDir: temp.dir,
    brokers: BROKERS,
    basePort,
    seed: schedule.seed,
    listener: listenerFactory({ logger: silentLogger }),
    config: {
      ...fastConfig,
      'auto.create.topics.enable': 'false',
      'group.initial.rebalance.delay.ms': '0',
      'min.insync.replicas': '2',
      'offsets.topic.num.partitions': OFFSETS_PARTITIONS,
    },
  });
  const bootstrap = Array.from({ length: BROKERS }, (_, i) => `127.0.0.1:${basePort + i}`);
  const log: string[] = [];
  let faults = 0;
  const producers: ProducerLoop[] = [];
  let readers: GroupReaders | undefined;
  let watch: CommitWatch | undefined;
  try {
    await createTopic(cluster, TOPIC, PARTITIONS, BROKERS);
    readers = new GroupReaders(kafkaOf(bootstrap, 'chaos-reader'), TOPIC, GROUP);
    await readers.start(2);
    watch = new CommitWatch(kafkaOf(bootstrap, 'chaos-watch'), TOPIC, GROUP);
    producers.push(
      new ProducerLoop(kafkaOf(bootstrap, 'chaos-idem'), TOPIC, PARTITIONS, 'idem', true),
      new ProducerLoop(kafkaOf(bootstrap, 'chaos-plain'), TOPIC, PARTITIONS, 'plain', false),
    );
    await waitFor(() => producers.every((p) => p.tally.acked.length > 0), {
      timeoutMs: 20_000,
      what: 'both producers acknowledged before the first fault',
    });

    for (const [i, step] of schedule.steps.entries()) {
      for (const fault of step.faults) {
        const summary = await inject(cluster, fault);
        if (summary !== null) faults++;
        log.push(`step ${i + 1}: ${describeFault(fault)} → ${summary ?? 'skipped (broker already down)'}`);
      }
      await pause(step.holdMs);
      await cluster.faults.heal();
      await pause(step.gapMs);
    }

    const violations: string[] = [];
    await waitFor(() => allOnline(cluster), {
      timeoutMs: 30_000,
      what: 'every partition online with its full ISR',
    }).catch((err: Error) =>
      violations.push(`not back online after heal: ${err.message}; ${offline(cluster).join(', ')}`),
    );
    // Some acknowledged writes after the heal show the cluster serves again, not just that it looks healthy.
    const ackedBefore = producers.map((p) => p.tally.acked.length);
    await waitFor(() => producers.every((p, i) => p.tally.acked.length > ackedBefore[i]!), {
      timeoutMs: 30_000,
      what: 'both producers acknowledged again after the heal',
    }).catch((err: Error) => violations.push(err.message));
    await Promise.all(producers.map((p) => p.stop()));

    const logs = await readPartitions(bootstrap, TOPIC, PARTITIONS);
    const checked = checkLogs(
      logs,
      producers.map((p) => p.tally),
    );
    violations.push(...checked.violations);

    const ends = new Map([...logs].map(([p, records]) => [p, (records.at(-1)?.offset ?? -1) + 1]));
    await waitFor(
      async () => {
        await watch!.sample().catch(() => {});
        return [...ends].every(([p, end]) => (watch!.latest.get(p) ?? 0) >= end);
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the group to commit every partition to its end' },
    ).catch((err: Error) =>
      violations.push(
        `${err.message}: committed ${JSON.stringify([...watch!.latest])}, ends ${JSON.stringify([...ends])}`,
      ),
    );
    await watch.stop();
    violations.push(...watch.regressions);
    const unread = producers.flatMap((p) => p.tally.acked).filter((r) => !readers!.seen.has(r.value));
    if (unread.length > 0) {
      violations.push(`the group never read ${unread.length} acknowledged records, e.g. ${unread[0]!.value}`);
    }

    return {
      schedule,
      violations,
      log,
      figures: {
        ...checked.figures,
        faults,
        failedSends: producers.reduce((n, p) => n + p.tally.failures, 0),
        commitSamples: watch.samples,
      },
    };
  } finally {
    await Promise.all(producers.map((p) => p.stop()));
    await watch?.stop();
    await readers?.stop();
    await cluster.faults.heal().catch(() => {});
    await cluster.stop();
    temp.remove();
  }
}

/** Injects a fault on the broker its target names right now; null when that broker is already down. */
async function inject(cluster: Cluster, fault: Fault): Promise<string | null> {
  const id = resolve(cluster, fault.target);
  const running = cluster.broker(id).processState === 'running';
  if ((fault.kind === 'kill' || fault.kind === 'stop') && !running) return null;
  if (fault.kind === 'kill')
    return (await cluster.faults.kill(id, { loseUnflushedData: fault.loseUnflushedData })).summary;
  if (fault.kind === 'stop') return (await cluster.faults.stop(id)).summary;
  if (fault.kind === 'isolate') return cluster.faults.isolate(id, fault.from).summary;
  if (fault.kind === 'delay') return cluster.faults.delay(id, fault.ms).summary;
  return cluster.faults.loss(id, fault.rate).summary;
}

/** The broker a target names now (a role without a holder falls back to broker 1). */
function resolve(cluster: Cluster, target: Target): BrokerId {
  const snapshot = cluster.snapshot();
  const leaderOf = (topic: string, partition: number) =>
    snapshot.partitions.find((p) => p.topic === topic && p.partition === partition)?.leader ?? -1;
  let id: number;
  if (target.role === 'broker') id = target.id;
  else if (target.role === 'controller') id = snapshot.controller.id;
  else if (target.role === 'leader') id = leaderOf(TOPIC, target.partition);
  else id = leaderOf('__consumer_offsets', offsetsPartitionFor(GROUP, OFFSETS_PARTITIONS));
  return asBrokerId(id === -1 ? 1 : id);
}

function allOnline(cluster: Cluster): boolean {
  return offline(cluster).length === 0;
}

function offline(cluster: Cluster): string[] {
  const snapshot = cluster.snapshot();
  const down = snapshot.brokers.filter((b) => b.state !== 'up').map((b) => `broker ${b.id} ${b.state}`);
  const partitions = snapshot.partitions
    .filter((p) => p.leader === -1 || p.isr.length < p.replicas.length)
    .map((p) => `${p.topic}-${p.partition} leader ${p.leader} isr [${p.isr.join(',')}]`);
  return [...down, ...partitions];
}
