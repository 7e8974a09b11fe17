#!/usr/bin/env node
// Sets up the test peers (Apache Kafka's jars, the Java and franz-go scenario programs, a venv with
// confluent-kafka from PyPI) in a cache folder outside the source tree; see test/peers/setup/.
// Idempotent: a second run reuses the cache and needs no network.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(new URL('../node_modules/tsx', import.meta.url))) {
  console.error('setup-peers: run `npm ci` first (it needs tsx from the dev dependencies)');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', 'test/peers/setup/main.ts'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
