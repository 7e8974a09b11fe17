/**
 * A short crash run in the default suite: two whole-cluster SIGKILLs under load with a restart on
 * the same data directory, and two disk trials (full, then slow), with every check of the long
 * run (`npm run crash`).
 */
import { expect, it } from 'vitest';
import { runCrash } from './run-crash.js';

it('keeps every acknowledged record and committed offset through SIGKILLs and full or slow disks', async () => {
  const lines: string[] = [];
  const summary = await runCrash({
    seed: 20261123,
    trials: 2,
    diskTrials: 2,
    print: (line) => lines.push(line),
  });
  expect(summary.failed, lines.join('\n')).toBe(0);
  expect(summary.kills).toBe(2);
  expect(summary.verified).toBe(summary.acked);
  expect(summary.acked).toBeGreaterThan(0);
}, 120_000);
