/**
 * Crash and disk trials, each from its own seed (the run's seed forked by trial number), with a
 * line per trial, the replay command of a failed one, and totals.
 */
import { seededRandom } from '../../../engine/cluster/random.js';
import { DISK_FAULTS, diskTrial } from './disk-trial.js';
import { killTrial } from './kill-trial.js';

export interface CrashOptions {
  readonly seed: number;
  readonly trials: number;
  readonly diskTrials: number;
  /** Run only this trial number (a replay), of the kind given. */
  readonly replay?: { readonly kind: 'kill' | 'disk'; readonly index: number };
  readonly print: (line: string) => void;
}

export interface CrashSummary {
  readonly trials: number;
  readonly failed: number;
  readonly acked: number;
  readonly verified: number;
  readonly kills: number;
}

export function trialSeed(runSeed: number, kind: 'kill' | 'disk', index: number): number {
  return Math.floor(seededRandom(runSeed).fork(`${kind}-${index}`).next() * 0x7fff_ffff);
}

export async function runCrash(options: CrashOptions): Promise<CrashSummary> {
  const { print } = options;
  const started = Date.now();
  const total = { trials: 0, failed: 0, acked: 0, verified: 0, kills: 0, failedSends: 0, storageErrors: 0 };
  const plan: { kind: 'kill' | 'disk'; index: number }[] = options.replay
    ? [options.replay]
    : [
        ...Array.from({ length: options.trials }, (_, index) => ({ kind: 'kill' as const, index })),
        ...Array.from({ length: options.diskTrials }, (_, index) => ({ kind: 'disk' as const, index })),
      ];
  print(`crash: seed ${options.seed}, ${plan.length} trial(s)`);
  for (const { kind, index } of plan) {
    const seed = trialSeed(options.seed, kind, index);
    const t0 = Date.now();
    const outcome = await (
      kind === 'kill' ? killTrial(seed) : diskTrial(seed, DISK_FAULTS[index % DISK_FAULTS.length]!)
    ).catch((err: Error) => ({
      violations: [`the trial itself failed: ${err.stack ?? err.message}`],
      figures: undefined,
    }));
    const f = outcome.figures;
    total.trials++;
    total.acked += f?.acked ?? 0;
    total.verified += f?.verified ?? 0;
    total.failedSends += f?.failedSends ?? 0;
    if (kind === 'kill' && f) total.kills++;
    if (f && 'probe' in f && f.probe === 'KAFKA_STORAGE_ERROR') total.storageErrors++;
    const ok = outcome.violations.length === 0;
    const what =
      f === undefined
        ? ''
        : 'killAfterMs' in f
          ? `SIGKILL after ${f.killAfterMs} ms with ${f.ackedAtKill} acked, `
          : `${f.fault}, probe ${f.probe}, `;
    print(
      `${kind} trial ${index} (seed ${seed}): ${ok ? 'ok' : 'FAILED'} — ${what}` +
        `${f?.acked ?? 0} acked, ${f?.verified ?? 0} verified, ${f?.failedSends ?? 0} failed sends, ` +
        `${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    if (!ok) {
      total.failed++;
      print(`  replay: npm run crash -- --seed ${options.seed} --${kind}-index ${index}`);
      for (const v of outcome.violations.slice(0, 20)) print(`  ✗ ${v}`);
      if (outcome.violations.length > 20) print(`  … and ${outcome.violations.length - 20} more`);
    }
  }
  print(
    `crash totals: ${total.trials} trials, ${total.failed} failed; ${total.kills} whole-cluster SIGKILLs; ` +
      `${total.acked} records acknowledged, ${total.verified} verified after restart or heal; ` +
      `${total.storageErrors} full-disk probes answered KAFKA_STORAGE_ERROR; ${total.failedSends} failed sends; ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return total;
}
