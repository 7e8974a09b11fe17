/**
 * A fuzz run: a one-broker cluster in a process of its own, a topic in it, a bystander asking it
 * for metadata throughout, and `concurrency` workers sending hostile connections (attack.ts)
 * until `frames` frames have gone out. The broker's heap and RSS are sampled (after a full
 * collection) at the start, after a warm-up tenth of the run, at every further tenth and at the
 * end. The run fails when the broker process dies, logs a handler bug, stalls the bystander, or
 * ends holding much more heap than after the warm-up.
 */
import { seededRandom } from '../../../engine/cluster/random.js';
import { tempDir } from '../../engine/cluster/helpers.js';
import { freePortRun } from '../../peers/ports.js';
import { ClusterChild } from '../cluster-child.js';
import { kafkaOf } from '../workload.js';
import { attack, attackFrames } from './attack.js';
import { Bystander } from './bystander.js';
import { buildCorpus, versionsCovered } from './corpus.js';

export interface FuzzOptions {
  readonly seed: number;
  readonly frames: number;
  readonly concurrency: number;
  readonly print: (line: string) => void;
  /** How long the bystander may wait for one answer before the run counts a stall (5 s by default). */
  readonly stallMs?: number;
}

export interface FuzzSummary {
  readonly frames: number;
  readonly answers: number;
  readonly connections: number;
  readonly closedEarly: number;
  readonly timedOut: number;
  readonly violations: string[];
}

const MB = 1024 * 1024;
/** Heap the broker may gain between the warm-up sample and the end (caches, fetch sessions). */
const HEAP_GROWTH_ALLOWED = 48 * MB;

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const { print } = options;
  const corpus = buildCorpus(options.seed, 4);
  print(
    `fuzz: seed ${options.seed}, ${options.frames} frames, ${options.concurrency} connections at a time; ` +
      `corpus of ${corpus.length} valid requests over ${versionsCovered(corpus)} API versions`,
  );
  const temp = tempDir('fuzz');
  const port = await freePortRun(1);
  const child = await ClusterChild.start({
    dataDir: temp.dir,
    basePort: port,
    brokers: 1,
    seed: options.seed,
  });
  const violations: string[] = [];
  const total = { frames: 0, answers: 0, connections: 0, closedEarly: 0, timedOut: 0 };
  let bystander: Bystander | undefined;
  try {
    const admin = kafkaOf([`127.0.0.1:${port}`], 'fuzz-admin').admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'events', numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();

    const memory = async (label: string) => {
      const usage = await child.memory();
      print(
        `  ${label}: ${total.frames} frames, heap ${(usage.heapUsed / MB).toFixed(1)} MB, ` +
          `rss ${(usage.rss / MB).toFixed(1)} MB, external ${(usage.external / MB).toFixed(1)} MB`,
      );
      return usage;
    };
    const start = await memory('start');
    bystander = await Bystander.start(port, options.stallMs);
    const started = Date.now();
    const tenth = Math.max(1, Math.floor(options.frames / 10));
    let nextSample = tenth;
    let warm = start;
    let sampling: Promise<void> = Promise.resolve();

    const worker = async (w: number) => {
      const random = seededRandom(options.seed).fork(`worker-${w}`);
      let source = w;
      while (total.frames < options.frames && child.alive) {
        const frames = attackFrames(corpus, random);
        total.frames += frames.length;
        const outcome = await attack(port, frames, (source += options.concurrency));
        total.connections++;
        total.answers += outcome.answers;
        if (outcome.closedEarly) total.closedEarly++;
        if (outcome.timedOut) total.timedOut++;
        if (total.frames >= nextSample) {
          const first = nextSample === tenth;
          nextSample += tenth;
          sampling = sampling.then(async () => {
            const usage = await memory(first ? 'after warm-up' : 'sample').catch(() => undefined);
            if (first && usage) warm = usage;
          });
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
    await sampling;
    const seconds = (Date.now() - started) / 1000;
    await bystander.stop();

    if (!child.alive) {
      violations.push(`the broker process died: ${JSON.stringify(await child.exited)} ${child.errorOutput}`);
    } else {
      const end = await memory('end');
      if (end.heapUsed > warm.heapUsed + HEAP_GROWTH_ALLOWED) {
        violations.push(
          `heap grew from ${(warm.heapUsed / MB).toFixed(1)} MB after warm-up to ${(end.heapUsed / MB).toFixed(1)} MB`,
        );
      }
      const after = await Bystander.start(port);
      const topics = await after.ask().catch((err: Error) => [`no answer: ${err.message}`]);
      await after.stop();
      if (!topics.includes('events')) violations.push(`broker not serving at the end: ${topics.join(', ')}`);
      else print('  broker up at the end: a new connection is answered and still lists topic events');
    }
    violations.push(...bystander.stalls.map((s) => `bystander: ${s}`));
    violations.push(...child.bugs.slice(0, 20).map((b) => `broker bug: ${b}`));
    print(
      `fuzz totals: ${total.frames} frames sent over ${total.connections} connections in ${seconds.toFixed(0)} s ` +
        `(${Math.round(total.frames / seconds)} frames/s); ${total.answers} answers; ` +
        `${total.answers + total.closedEarly} frames read by the broker at least (answered, or the bad one it closed at); ` +
        `${total.closedEarly} connections closed by the broker at a bad frame; ${total.timedOut} timed out; ` +
        `bystander: ${bystander.requests} answers, ${bystander.slow} slower than 1 s, slowest ${bystander.maxMs} ms; ` +
        `memory start heap ${(start.heapUsed / MB).toFixed(1)} MB rss ${(start.rss / MB).toFixed(1)} MB; ` +
        `${child.bugs.length} broker bugs; ${violations.length === 0 ? 'ok' : 'FAILED'}`,
    );
    for (const v of violations) print(`  ✗ ${v}`);
    if (violations.length > 0)
      print(`  replay: npm run fuzz -- --seed ${options.seed} --frames ${options.frames}`);
    return { ...total, violations };
  } finally {
    await bystander?.stop().catch(() => {});
    await child.stop().catch(() => {});
    temp.remove();
  }
}
