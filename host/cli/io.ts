/**
 * What a CLI command may touch of the outside world, so commands can run in-process in tests:
 * output streams, input, environment, and a way to wait for a stop signal.
 */
import type { Readable } from 'node:stream';

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly stdin: Readable;
  readonly env: NodeJS.ProcessEnv;
  /** Resolves on the first SIGINT or SIGTERM (or whatever stands for them in a test). */
  readonly stopSignal: () => Promise<NodeJS.Signals>;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    stopSignal: () =>
      new Promise((resolve) => {
        const on = (signal: NodeJS.Signals) => {
          process.off('SIGINT', on);
          process.off('SIGTERM', on);
          resolve(signal);
        };
        process.on('SIGINT', on);
        process.on('SIGTERM', on);
      }),
  };
}
