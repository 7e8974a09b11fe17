#!/usr/bin/env node
// The `brokerlab` command: the compiled CLI in dist/. `npm run build` (or `npm start`) makes it.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/host/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('brokerlab: not built yet; run `npm run build` in the Brokerlab folder first');
  process.exit(1);
}
await import(cli.href);
