#!/usr/bin/env node
/** The `brokerlab` command (bin/brokerlab.js loads the compiled form of this module). */
import { verbs } from './commands/index.js';
import { processIo } from './io.js';
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2), processIo(), verbs);
// Once the verb is done, idle keep-alive sockets and the like must not hold the process open;
// flush what was written first, since exit() does not wait for piped output.
await new Promise<void>((resolve) =>
  process.stdout.write('', () => process.stderr.write('', () => resolve())),
);
process.exit(code);
