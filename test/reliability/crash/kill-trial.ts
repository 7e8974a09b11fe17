/**
 * One crash trial: a 3-broker cluster in a process of its own, under load from kafkajs producers
 * (acks=all, one idempotent) and a committing consumer group, is killed with SIGKILL at a seeded
 * moment, all brokers at once, and started again on the same data directory. The clients ride
 * through the restart (their retries reach the restarted cluster); then everything acknowledged
 * must be there, at its offset, and no committed offset may have moved backwards.
 */
import { seededRandom } from '../../../engine/cluster/random.js';
import { tempDir } from '../../engine/cluster/helpers.js';
import { freePortRun } from '../../peers/ports.js';
import { ClusterChild } from '../cluster-child.js';
import { topicReadyEverywhere } from '../topic-ready.js';
import { Load, type LoadFigures } from '../load.js';
import { kafkaOf, pause } from '../workload.js';

export const TOPIC = 'crash';
const PARTITIONS = 3;
const BROKERS = 3;

export interface TrialResult {
  readonly violations: string[];
  readonly figures: LoadFigures & { readonly killAfterMs: number; readonly ackedAtKill: number };
}

export async function killTrial(trialSeed: number): Promise<TrialResult> {
  const killAfterMs = seededRandom(trialSeed).between(100, 2500);
  const temp = tempDir('crash');
  const basePort = await freePortRun(BROKERS);
  const start = () =>
    ClusterChild.start({ dataDir: temp.dir, basePort, brokers: BROKERS, seed: trialSeed, warnings: true });
  const ports = Array.from({ length: BROKERS }, (_, i) => basePort + i);
  const bootstrap = ports.map((port) => `127.0.0.1:${port}`);
  let child = await start();
  let load: Load | undefined;
  try {
    await createTopic(bootstrap);
    await topicReadyEverywhere(ports, TOPIC, PARTITIONS);
    load = await Load.start(bootstrap, TOPIC, PARTITIONS, 'crash-readers').catch((err: Error) => {
      throw new Error(`${err.message}; the brokers' last warnings: ${child.warnings.join(' | ')}`, {
        cause: err,
      });
    });
    await pause(killAfterMs);
    const ackedAtKill = load.acked;
    await child.kill();
    const bugs = [...child.bugs];
    child = await start();
    const finished = await load.finish();
    const violations = [...finished.violations, ...[...bugs, ...child.bugs].map((b) => `broker bug: ${b}`)];
    return { violations, figures: { ...finished.figures, killAfterMs, ackedAtKill } };
  } finally {
    await load?.close();
    await child.stop();
    temp.remove();
  }
}

async function createTopic(bootstrap: readonly string[]): Promise<void> {
  const admin = kafkaOf(bootstrap, 'crash-admin').admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({
      topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: BROKERS }],
      // kafkajs gives up on UNKNOWN_TOPIC_OR_PARTITION from a broker that has not caught up yet;
      // topicReadyEverywhere waits on every broker instead.
      waitForLeaders: false,
    });
    if (!created) throw new Error(`topic ${TOPIC} already exists in a fresh cluster`);
  } finally {
    await admin.disconnect();
  }
}
