/**
 * `npm run chaos -- [--schedules 100] [--seed N] [--schedule-index K] [--steps 5]`: runs seeded
 * chaos schedules one after another, each on a fresh cluster, and prints one line per schedule
 * and the totals. A failing schedule prints its steps, what they hit and the command that replays
 * it; the run then exits non-zero.
 */
import { intOptions } from '../args.js';
import { runChaos } from './run-chaos.js';

const options = intOptions({ schedules: 100, seed: 1, 'schedule-index': -1, steps: 5 });
// -1: not given (a value given must be ≥ 0).
const replay = options['schedule-index'] >= 0 ? options['schedule-index'] : undefined;
const summary = await runChaos({
  seed: options.seed,
  schedules: options.schedules,
  steps: options.steps,
  replay,
  print: (line) => console.log(line),
});
process.exit(summary.failed === 0 ? 0 : 1);
