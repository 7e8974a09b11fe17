/**
 * `npm run crash -- [--trials 100] [--disk-trials 100] [--seed N] [--kill-index K | --disk-index K]`:
 * whole-cluster SIGKILL trials, then full- and slow-disk trials; a line per trial and totals. A
 * failed trial prints the command that replays it; the run then exits non-zero.
 */
import { intOptions } from '../args.js';
import { runCrash } from './run-crash.js';

// -1: not given (a value given must be ≥ 0).
const options = intOptions({ trials: 100, 'disk-trials': 100, seed: 1, 'kill-index': -1, 'disk-index': -1 });
const replay =
  options['kill-index'] >= 0
    ? { kind: 'kill' as const, index: options['kill-index'] }
    : options['disk-index'] >= 0
      ? { kind: 'disk' as const, index: options['disk-index'] }
      : undefined;
const summary = await runCrash({
  seed: options.seed,
  trials: options.trials,
  diskTrials: options['disk-trials'],
  replay,
  print: (line) => console.log(line),
});
process.exit(summary.failed === 0 ? 0 : 1);
