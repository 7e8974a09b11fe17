/**
 * One reliability run's clients and its final verdict: two producers (idempotent and plain, both
 * acks=all), a consumer group and a watch on its committed offsets, all over the wire; then
 * `finish` stops the producers, reads every partition back and checks it (checks.ts), checks
 * that committed offsets never moved backwards and that the group caught up with everything
 * acknowledged.
 */
import { waitFor } from '../engine/cluster/helpers.js';
import { type CheckFigures, checkLogs, type LogRecord } from './checks.js';
import { readPartitions } from './read-log.js';
import { CommitWatch, GroupReaders, kafkaOf, pause, ProducerLoop } from './workload.js';

/**
 * How long the cluster may take to serve again (acknowledge, commit, raise a high watermark)
 * before a run calls it stuck. Generous, because the machine running the checks may be busy with
 * other work: a slow run costs time, a stuck one still fails.
 */
export const LIVENESS_MS = 60_000;

export interface LoadFigures extends CheckFigures {
  readonly failedSends: number;
  readonly commitSamples: number;
}

export class Load {
  private constructor(
    private readonly bootstrap: readonly string[],
    private readonly topic: string,
    private readonly partitions: number,
    readonly producers: readonly ProducerLoop[],
    readonly readers: GroupReaders,
    readonly watch: CommitWatch,
  ) {}

  static async start(
    bootstrap: readonly string[],
    topic: string,
    partitions: number,
    group: string,
  ): Promise<Load> {
    const readers = new GroupReaders(kafkaOf(bootstrap, `${topic}-reader`), topic, group);
    await readers.start(2);
    const watch = new CommitWatch(kafkaOf(bootstrap, `${topic}-watch`), topic, group);
    const producers = [
      new ProducerLoop(kafkaOf(bootstrap, `${topic}-idem`), topic, partitions, 'idem', true),
      new ProducerLoop(kafkaOf(bootstrap, `${topic}-plain`), topic, partitions, 'plain', false),
    ];
    const load = new Load(bootstrap, topic, partitions, producers, readers, watch);
    await load.acknowledgedAgain('before any fault');
    return load;
  }

  get acked(): number {
    return this.producers.reduce((n, p) => n + p.tally.acked.length, 0);
  }

  /** Waits until every producer has had another record acknowledged. */
  async acknowledgedAgain(what: string, timeoutMs = LIVENESS_MS): Promise<void> {
    const before = this.producers.map((p) => p.tally.acked.length);
    await waitFor(() => this.producers.every((p, i) => p.tally.acked.length > before[i]!), {
      timeoutMs,
      what: `both producers acknowledged ${what}`,
    });
  }

  /** Stops producing and holds the cluster to everything it acknowledged. */
  async finish(): Promise<{ violations: string[]; figures: LoadFigures }> {
    const violations: string[] = [];
    await this.acknowledgedAgain('after the heal').catch((err: Error) => violations.push(err.message));
    await Promise.all(this.producers.map((p) => p.stop()));

    const logs = await this.readAcknowledged(violations);
    const checked = checkLogs(
      logs,
      this.producers.map((p) => p.tally),
    );
    violations.push(...checked.violations);

    const ends = new Map([...logs].map(([p, records]) => [p, (records.at(-1)?.offset ?? -1) + 1]));
    const watch = this.watch;
    await waitFor(
      async () => {
        await watch.sample().catch(() => {});
        return [...ends].every(([p, end]) => (watch.latest.get(p) ?? 0) >= end);
      },
      { timeoutMs: LIVENESS_MS, intervalMs: 200, what: 'the group to commit every partition to its end' },
    ).catch(async (err: Error) =>
      violations.push(
        `${err.message}: committed ${JSON.stringify([...watch.latest])}, ends ${JSON.stringify([...ends])}; ` +
          `${await watch.describeGroup()}; consumer crashes: ${this.readers.crashes.join(' | ') || 'none'}`,
      ),
    );
    await watch.stop();
    violations.push(...watch.regressions);
    const unread = this.producers
      .flatMap((p) => p.tally.acked)
      .filter((r) => !this.readers.seen.has(r.value));
    if (unread.length > 0) {
      violations.push(`the group never read ${unread.length} acknowledged records, e.g. ${unread[0]!.value}`);
    }
    return {
      violations,
      figures: {
        ...checked.figures,
        failedSends: this.producers.reduce((n, p) => n + p.tally.failures, 0),
        commitSamples: watch.samples,
      },
    };
  }

  /**
   * Reads every partition once its high watermark covers what was acknowledged in it. A leader
   * that has just restarted serves up to the high watermark it checkpointed, which may lag the
   * acknowledged end until its followers fetch again (as in Kafka): that is a wait, not a loss.
   * If the high watermark never gets there, the partitions are read as they are.
   */
  private async readAcknowledged(violations: string[]): Promise<Map<number, LogRecord[]>> {
    const needed = new Map<number, number>();
    for (const record of this.producers.flatMap((p) => p.tally.acked)) {
      needed.set(record.partition, Math.max(needed.get(record.partition) ?? 0, record.offset + 1));
    }
    const short = (logs: Map<number, LogRecord[]>) =>
      [...needed].filter(([p, end]) => (logs.get(p)?.at(-1)?.offset ?? -1) + 1 < end);
    const deadline = Date.now() + LIVENESS_MS;
    for (;;) {
      const logs = await readPartitions(this.bootstrap, this.topic, this.partitions);
      const behind = short(logs);
      if (behind.length === 0) return logs;
      if (Date.now() > deadline) {
        for (const [p, end] of behind) {
          const served = (logs.get(p)?.at(-1)?.offset ?? -1) + 1;
          violations.push(`partition ${p} serves offsets below ${served} only, ${end} were acknowledged`);
        }
        return logs;
      }
      await pause(200);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.producers.map((p) => p.stop()));
    await this.watch.stop();
    await this.readers.stop();
  }
}
