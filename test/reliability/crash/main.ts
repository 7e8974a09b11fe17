/**
 * `npm run crash -- [--trials 100] [--disk-trials 100] [--seed N] [--kill-index K | --disk-index K]`:
 * whole-cluster SIGKILL trials, then full- and slow-disk trials; a line per trial and totals. A
 * failed trial prints the command that replays it; the run then exits non-zero.
 */
import { intOptions } from '../args.js';
import { runCrash } from './run-crash.js';

const options = intOptions({ trials: 100, 'disk-trials': 100, seed: 1, 'kill-index': 0, 'disk-index': 0 });
const only = process.argv.includes('--kill-index')
  ? { kind: 'kill' as const, index: options['kill-index'] }
  : process.argv.includes('--disk-index')
    ? { kind: 'disk' as const, index: options['disk-index'] }
    : undefined;
const summary = await runCrash({
  seed: options.seed,
  trials: options.trials,
  diskTrials: options['disk-trials'],
  only,
  print: (line) => console.log(line),
});
process.exit(summary.failed === 0 ? 0 : 1);
