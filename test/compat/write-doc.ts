/**
 * Writes docs/compatibility.md from the last compatibility run (test-results/compat/results.json).
 * Usage: npm run compat:doc [-- RESULTS_JSON]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { repoRoot } from '../peers/cache.js';
import { renderCompatibility } from './report.js';
import { readResults, resultsFile } from './results.js';

const file = process.argv[2] ?? resultsFile;
if (!existsSync(file)) {
  console.error(`no results at ${file}: run the suite first (npx vitest run test/compat)`);
  process.exit(1);
}
const target = join(repoRoot, 'docs/compatibility.md');
// Formatted as the repository's Prettier config would, so `npm run lint` accepts the file as written.
const options = (await prettier.resolveConfig(target)) ?? {};
writeFileSync(
  target,
  await prettier.format(renderCompatibility(readResults(file)), { ...options, parser: 'markdown' }),
);
console.log(`wrote ${target}`);
