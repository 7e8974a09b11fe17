/**
 * One disk trial: while kafkajs producers write with acks=all, the brokers' disks fill up or slow
 * down (engine/storage/disk-hooks.ts through the cluster's fault injector) for a seeded while.
 * On a full disk a client must be told Kafka's KAFKA_STORAGE_ERROR (checked with a probe that
 * does not retry); a slow disk only slows acknowledgements (or shrinks the ISR, see below). When
 * the disk frees, writes must be acknowledged again, and nothing acknowledged before, during or
 * after may be missing.
 */
import { listenerFactory } from '../../../engine/broker/listener.js';
import { silentLogger } from '../../../engine/broker/logger.js';
import { startCluster } from '../../../engine/cluster/cluster.js';
import { seededRandom } from '../../../engine/cluster/random.js';
import { asBrokerId } from '../../../engine/types.js';
import { createTopic, partitionOf } from '../../engine/cluster/cluster-harness.js';
import { tempDir } from '../../engine/cluster/helpers.js';
import { freePortRun } from '../../peers/ports.js';
import { reliabilityConfig } from '../cluster-config.js';
import { Load, type LoadFigures } from '../load.js';
import { kafkaOf, pause } from '../workload.js';

const TOPIC = 'disk';
const PARTITIONS = 3;
const BROKERS = 3;

/** Trial i gets fault i mod 4: every kind comes round, the shortest runs included. */
export const DISK_FAULTS = ['full-all', 'slow-all', 'full-leader', 'slow-leader'] as const;
export type DiskFault = (typeof DISK_FAULTS)[number];

export interface DiskTrialResult {
  readonly violations: string[];
  readonly figures: LoadFigures & { readonly fault: string; readonly probe: string };
}

export async function diskTrial(trialSeed: number, kind: DiskFault): Promise<DiskTrialResult> {
  const random = seededRandom(trialSeed);
  const holdMs = random.between(500, 2000);
  const slowMs = random.between(20, 150);
  const temp = tempDir('disk');
  const basePort = await freePortRun(BROKERS);
  const cluster = await startCluster({
    dataDir: temp.dir,
    brokers: BROKERS,
    basePort,
    seed: trialSeed,
    listener: listenerFactory({ logger: silentLogger }),
    config: reliabilityConfig(BROKERS),
  });
  const bootstrap = Array.from({ length: BROKERS }, (_, i) => `127.0.0.1:${basePort + i}`);
  let load: Load | undefined;
  try {
    await createTopic(cluster, TOPIC, PARTITIONS, BROKERS);
    load = await Load.start(bootstrap, TOPIC, PARTITIONS, 'disk-readers');
    const leader = asBrokerId(partitionOf(cluster, TOPIC, 0).leader);
    const targets = kind.endsWith('-all') ? [1, 2, 3].map(asBrokerId) : [leader];
    for (const id of targets) {
      if (kind.startsWith('full')) cluster.faults.fullDisk(id);
      else cluster.faults.slowDisk(id, slowMs);
    }
    const fault = `${kind}${kind.startsWith('slow') ? ` ${slowMs} ms` : ''} for ${holdMs} ms`;
    const probe = await probeSend(bootstrap);
    const violations: string[] = [];
    const expected = kind.startsWith('full') ? ['KAFKA_STORAGE_ERROR'] : SLOW_DISK_ANSWERS;
    if (!expected.includes(probe)) {
      violations.push(`a send to partition 0 during ${fault} got ${probe}, not ${expected.join(' or ')}`);
    }
    await pause(holdMs);
    await cluster.faults.heal();
    const finished = await load.finish();
    violations.push(...finished.violations);
    return { violations, figures: { ...finished.figures, fault, probe } };
  } finally {
    await load?.close();
    await cluster.faults.heal().catch(() => {});
    await cluster.stop();
    temp.remove();
  }
}

/**
 * A slow disk is no error, but followers that append slowly fall behind replica.lag.time.max.ms
 * and leave the ISR, as in Kafka: then acks=all answers NOT_ENOUGH_REPLICAS(_AFTER_APPEND), or
 * the leader's wait for them runs out.
 */
const SLOW_DISK_ANSWERS = [
  'acknowledged',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'REQUEST_TIMED_OUT',
];

/** One send to partition 0 with no retry: 'acknowledged', or the Kafka error it got. */
async function probeSend(bootstrap: readonly string[]): Promise<string> {
  const producer = kafkaOf(bootstrap, 'disk-probe').producer({ retry: { retries: 0 } });
  await producer.connect();
  try {
    await producer.send({
      topic: TOPIC,
      acks: -1,
      timeout: 5000,
      messages: [{ partition: 0, value: 'probe.0.0' }],
    });
    return 'acknowledged';
  } catch (err) {
    return kafkaErrorType(err) ?? String(err);
  } finally {
    await producer.disconnect();
  }
}

/** The Kafka error name kafkajs carries, possibly wrapped in its retry errors. */
function kafkaErrorType(err: unknown): string | undefined {
  for (let e = err as { type?: unknown; cause?: unknown; originalError?: unknown } | undefined; e;) {
    if (typeof e.type === 'string') return e.type;
    e = (e.originalError ?? e.cause) as typeof e | undefined;
  }
  return undefined;
}
