/**
 * A short fuzz run in the default suite: some thousands of mutated requests of every API and
 * version at a broker in its own process, with the long run's checks (`npm run fuzz`): the broker
 * stays up, logs no handler bug, keeps answering a well-behaved client, and does not grow its heap.
 */
import { expect, it } from 'vitest';
import { runFuzz } from './run-fuzz.js';

it('answers or closes every hostile connection and stays up and responsive', async () => {
  const lines: string[] = [];
  const summary = await runFuzz({
    seed: 20261123,
    frames: 5000,
    concurrency: 4,
    // The default suite shares two cores with other test files: a stall here means a broker that
    // stopped answering (a handler holding its loop), not a busy machine's slow second.
    stallMs: 30_000,
    print: (line) => lines.push(line),
  });
  expect(summary.violations, lines.join('\n')).toEqual([]);
  expect(summary.frames).toBeGreaterThanOrEqual(5000);
  expect(summary.answers).toBeGreaterThan(0);
  expect(summary.closedEarly).toBeGreaterThan(0);
}, 60_000);
