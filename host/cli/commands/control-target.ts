/** Resolves --control / --data-dir into a control endpoint target, failing in one sentence. */
import { resolveControlTarget, type ControlTarget } from '../../control/client.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';

export interface ControlOptions {
  readonly control?: string;
  readonly dataDir: string;
}

export function controlTarget(options: ControlOptions, io: CliIo): ControlTarget {
  try {
    return resolveControlTarget({ control: options.control, dataDir: options.dataDir, env: io.env });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}
