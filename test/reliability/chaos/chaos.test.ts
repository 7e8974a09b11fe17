/**
 * A short chaos run in the default suite: two seeded schedules (kills, stops, isolations, delays
 * and losses aimed at the controller, the group's coordinator and partition leaders) with kafkajs
 * producing and consuming, then every check of the long run (`npm run chaos`).
 */
import { expect, it } from 'vitest';
import { runChaos } from './run-chaos.js';

it('loses, duplicates and reorders nothing acknowledged through two chaos schedules', async () => {
  const lines: string[] = [];
  const summary = await runChaos({
    seed: 20261123,
    schedules: 2,
    steps: 3,
    print: (line) => lines.push(line),
  });
  expect(summary.failed, lines.join('\n')).toBe(0);
  expect(summary.faults).toBeGreaterThan(0);
  expect(summary.verified).toBe(summary.acked);
  expect(summary.acked).toBeGreaterThan(0);
}, 120_000);
