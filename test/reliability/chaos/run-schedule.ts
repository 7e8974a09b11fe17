/**
 * Runs one chaos schedule against a fresh embedded 3-broker cluster: kafkajs producers (one
 * idempotent) and a two-member consumer group work while the schedule's faults come and go;
 * then every fault is healed, every partition must be back online with its full ISR, and the
 * cluster is held to everything it acknowledged (../load.ts).
 */
import { listenerFactory } from '../../../engine/broker/listener.js';
import { silentLogger } from '../../../engine/broker/logger.js';
import { type Cluster, startCluster } from '../../../engine/cluster/cluster.js';
import { offsetsPartitionFor } from '../../../engine/groups/partitioner.js';
import { asBrokerId, type BrokerId } from '../../../engine/types.js';
import { createTopic } from '../../engine/cluster/cluster-harness.js';
import { tempDir, waitFor } from '../../engine/cluster/helpers.js';
import { freePortRun } from '../../peers/ports.js';
import { OFFSETS_PARTITIONS, reliabilityConfig } from '../cluster-config.js';
import { Load, LIVENESS_MS, type LoadFigures } from '../load.js';
import { pause } from '../workload.js';
import { describeFault, type Fault, type Schedule, type Target } from './schedule.js';

export const TOPIC = 'chaos';
export const PARTITIONS = 3;
export const BROKERS = 3;
const GROUP = 'chaos-readers';

export interface ScheduleResult {
  readonly schedule: Schedule;
  readonly violations: string[];
  readonly figures: LoadFigures & { readonly faults: number };
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
    config: reliabilityConfig(BROKERS),
  });
  const bootstrap = Array.from({ length: BROKERS }, (_, i) => `127.0.0.1:${basePort + i}`);
  const log: string[] = [];
  let faults = 0;
  let load: Load | undefined;
  try {
    await createTopic(cluster, TOPIC, PARTITIONS, BROKERS);
    load = await Load.start(bootstrap, TOPIC, PARTITIONS, GROUP);

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
    await waitFor(() => offline(cluster).length === 0, {
      timeoutMs: LIVENESS_MS,
      what: 'every partition online with its full ISR',
    }).catch((err: Error) =>
      violations.push(`not back online after heal: ${err.message}; ${offline(cluster).join(', ')}`),
    );
    const finished = await load.finish();
    violations.push(...finished.violations);
    return { schedule, violations, log, figures: { ...finished.figures, faults } };
  } finally {
    await load?.close();
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

function offline(cluster: Cluster): string[] {
  const snapshot = cluster.snapshot();
  const down = snapshot.brokers.filter((b) => b.state !== 'up').map((b) => `broker ${b.id} ${b.state}`);
  const partitions = snapshot.partitions
    .filter((p) => p.leader === -1 || p.isr.length < p.replicas.length)
    .map((p) => `${p.topic}-${p.partition} leader ${p.leader} isr [${p.isr.join(',')}]`);
  return [...down, ...partitions];
}
