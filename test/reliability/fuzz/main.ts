/**
 * `npm run fuzz -- [--frames 1000000] [--seed N] [--concurrency 8]`: mutated requests of every API
 * and version against a broker in its own process; prints frames sent, answers, closes, frames/s,
 * the broker's memory through the run, and whether it is up at the end. Exits non-zero on failure.
 */
import { intOptions } from '../args.js';
import { runFuzz } from './run-fuzz.js';

const options = intOptions({ frames: 1_000_000, seed: 1, concurrency: 8 });
const summary = await runFuzz({ ...options, print: (line) => console.log(line) });
process.exit(summary.violations.length === 0 ? 0 : 1);
