#!/usr/bin/env node
// `npm run bench [name ...]`: runs each benchmark in bench/ (or the ones named) one after the
// other in its own process and prints their figures. A benchmark never fails on a number; a
// benchmark that crashes is reported and makes the run exit non-zero.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const all = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const chosen = wanted.length ? all.filter((f) => wanted.some((w) => f.includes(w))) : all;
const crashed = [];
for (const file of chosen) {
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  const result = spawnSync('node', ['--import', 'tsx', '--expose-gc', join('bench', file)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) crashed.push(file);
}
if (crashed.length) {
  console.error(`\nbenchmarks that crashed: ${crashed.join(', ')}`);
  process.exit(1);
}
