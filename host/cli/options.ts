/**
 * Options and argument parsers shared by the verbs, so every verb spells and checks them alike:
 * --bootstrap (client verbs), --control and --data-dir (cluster verbs), --json.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { defaultDataDir, defaultSettingsDir } from '../control/data-dir.js';
import type { CliIo } from './io.js';

/** Integer parser for commander: `intIn(1, 65535)`; refuses "1.5", "12abc", "". */
export function intIn(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^-?\d+$/.test(value.trim()))
      throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
    const n = Number(value);
    if (n < min || n > max)
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}, got ${n}`);
    return n;
  };
}

export const brokerIdArg = intIn(0, 2 ** 31 - 1);

export function oneOf<T extends string>(...values: T[]): (value: string) => T {
  return (value) => {
    if (!(values as string[]).includes(value))
      throw new InvalidArgumentError(`expected one of ${values.join(', ')}`);
    return value as T;
  };
}

export const DEFAULT_BOOTSTRAP = '127.0.0.1:9092';

/** --bootstrap, defaulting to BROKERLAB_BOOTSTRAP, else 127.0.0.1:9092. */
export function bootstrapOption(io: CliIo): Option {
  return new Option('--bootstrap <servers>', 'Kafka bootstrap servers, host:port[,host:port...]').default(
    io.env.BROKERLAB_BOOTSTRAP || DEFAULT_BOOTSTRAP,
    io.env.BROKERLAB_BOOTSTRAP ? '$BROKERLAB_BOOTSTRAP' : DEFAULT_BOOTSTRAP,
  );
}

/** --settings-dir: where saved connections are kept, defaulting to the user's configuration directory. */
export function settingsDirOption(io: CliIo): Option {
  return new Option('--settings-dir <dir>', 'folder of saved connections').default(
    defaultSettingsDir(io.env),
    "the user's configuration directory",
  );
}

/** --data-dir, defaulting to the user's data directory. */
export function dataDirOption(io: CliIo, description = 'data directory'): Option {
  return new Option('--data-dir <dir>', description).default(
    defaultDataDir(io.env),
    "the user's data directory",
  );
}

/** --control and --data-dir, for verbs that talk to a running cluster's control endpoint. */
export function addControlOptions(command: Command, io: CliIo): Command {
  return command
    .addOption(
      new Option(
        '--control <url>',
        'control endpoint URL (token from $BROKERLAB_CONTROL_TOKEN or the data dir)',
      ),
    )
    .addOption(dataDirOption(io, 'data directory of the running cluster (its control.json is read)'));
}

export function addJsonOption(command: Command): Command {
  return command.option('--json', 'print JSON for scripts');
}

/** Loopback addresses only: the bundled cluster never listens beyond this machine. */
export function loopbackHost(value: string): string {
  if (value === 'localhost' || value === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(value))
    return value;
  throw new InvalidArgumentError('Brokerlab listens on loopback addresses only (127.0.0.1, localhost, ::1)');
}

/** An ISO 8601 date-time (`2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.000+02:00`, `2024-05-01`). */
export function datetimeArg(value: string): number {
  const time = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(
    value,
  )
    ? Date.parse(value)
    : NaN;
  if (Number.isNaN(time))
    throw new InvalidArgumentError(`expected an ISO date-time like 2024-05-01T12:00:00Z, got "${value}"`);
  return time;
}
