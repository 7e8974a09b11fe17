/** An in-memory CliIo: captured output, a given environment, and a stop signal the test fires. */
import { Readable } from 'node:stream';
import type { CliIo } from '../../../host/cli/io.js';

export interface TestIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
  /** Fires the stop signal (as SIGTERM would). */
  readonly stop: () => void;
}

export function testIo(env: NodeJS.ProcessEnv = {}): TestIo {
  let out = '';
  let err = '';
  let fire: (signal: NodeJS.Signals) => void = () => {};
  const stopped = new Promise<NodeJS.Signals>((resolve) => (fire = resolve));
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    stdin: Readable.from([]),
    env,
    stopSignal: () => stopped,
    out: () => out,
    err: () => err,
    stop: () => fire('SIGTERM'),
  };
}
