/** A chaos run: schedules 0..n-1 of a seed (or one of them), with a line per schedule and totals. */
import { runSchedule, BROKERS, PARTITIONS } from './run-schedule.js';
import { describeSchedule, scheduleOf } from './schedule.js';

export interface ChaosOptions {
  readonly seed: number;
  readonly schedules: number;
  readonly steps: number;
  /** Run only this schedule index (a replay). */
  readonly replay?: number;
  readonly print: (line: string) => void;
}

export interface ChaosSummary {
  readonly schedules: number;
  readonly failed: number;
  readonly acked: number;
  readonly verified: number;
  readonly faults: number;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const { print } = options;
  const indexes =
    options.replay !== undefined ? [options.replay] : Array.from({ length: options.schedules }, (_, i) => i);
  const started = Date.now();
  const total = {
    schedules: 0,
    failed: 0,
    acked: 0,
    verified: 0,
    faults: 0,
    failedSends: 0,
    uncertainLanded: 0,
  };
  print(
    `chaos: seed ${options.seed}, ${indexes.length} schedule(s) of ${options.steps} steps, ${BROKERS} brokers`,
  );
  for (const index of indexes) {
    const schedule = scheduleOf(options.seed, index, {
      brokers: BROKERS,
      partitions: PARTITIONS,
      steps: options.steps,
    });
    const t0 = Date.now();
    const result = await runSchedule(schedule).catch((err: Error) => ({
      schedule,
      violations: [`the run itself failed: ${err.stack ?? err.message}`],
      log: [],
      figures: { acked: 0, verified: 0, uncertainLanded: 0, faults: 0, failedSends: 0, commitSamples: 0 },
    }));
    const f = result.figures;
    total.schedules++;
    total.acked += f.acked;
    total.verified += f.verified;
    total.faults += f.faults;
    total.failedSends += f.failedSends;
    total.uncertainLanded += f.uncertainLanded;
    const ok = result.violations.length === 0;
    print(
      `schedule ${index} (seed ${schedule.seed}): ${ok ? 'ok' : 'FAILED'} — ${f.faults} faults, ` +
        `${f.acked} acked, ${f.verified} verified, ${f.failedSends} failed sends, ` +
        `${f.commitSamples} offset samples, ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    if (!ok) {
      total.failed++;
      print(
        `  replay: npm run chaos -- --seed ${options.seed} --schedule-index ${index} --steps ${options.steps}`,
      );
      for (const line of describeSchedule(schedule)) print(line);
      for (const line of result.log) print(`  ran ${line}`);
      for (const v of result.violations.slice(0, 20)) print(`  ✗ ${v}`);
      if (result.violations.length > 20) print(`  … and ${result.violations.length - 20} more`);
    }
  }
  print(
    `chaos totals: ${total.schedules} schedules, ${total.failed} failed; ${total.faults} faults injected; ` +
      `${total.acked} records acknowledged, ${total.verified} verified at their acknowledged offsets; ` +
      `${total.failedSends} failed sends (${total.uncertainLanded} of their records landed anyway); ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return total;
}
