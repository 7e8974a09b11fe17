/**
 * What every client verb (topics, produce, consume, groups) shares: how to reach the cluster and
 * how to run a console operation.
 *
 *   --bootstrap host:port,...   default $BROKERLAB_BOOTSTRAP, else 127.0.0.1:9092
 *   --config key=value          a Kafka client property (security.protocol, sasl.*, ssl.*, ...);
 *                               on `topics create` and `topics alter-config`, a topic config
 *                               name (retention.ms, ...) is a topic config instead
 *   --client-config FILE        a Java properties file of client properties, as Kafka's tools
 *   --connection NAME           a connection saved in the console (its bootstrap servers and
 *                               properties; --config and --client-config add to them)
 *
 * Operations run in this process over the wire client, with their input checked by the API's
 * own schemas, so a bad argument is refused with the same words the console uses (exit 2).
 */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { topicConfigNames } from '../../../engine/storage/log-config.js';
import { methods, type MethodName } from '../../api/contract.js';
import { SavedConnectionError, savedConnectionForCli } from '../../connections/cli-connection.js';
import { defaultSettingsDir } from '../../control/data-dir.js';
import { invalidInput } from '../../api/errors.js';
import type { MethodParsedInput, MethodResult } from '../../api/types.js';
import { KafkaClient } from '../../kafka-client/client.js';
import { ClientConfigError, clientOptions, parseProperties } from '../../kafka-client/config.js';
import { CliError, usageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { bootstrapOption } from '../options.js';

export interface ClientCliOptions {
  readonly bootstrap: string;
  readonly config?: readonly string[];
  readonly clientConfig?: string;
  readonly connection?: string;
}

/** Collects a repeatable `key=value` option. */
export function collectPairs(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** Splits `key=value` pairs; refuses a pair without `=` as a usage error naming the option. */
export function parsePairs(pairs: readonly string[], option: string): [string, string][] {
  return pairs.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw usageError(`${option} takes key=value, got "${pair}"`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
}

export function addClientOptions(command: Command, io: CliIo): Command {
  return command
    .addOption(bootstrapOption(io))
    .addOption(
      new Option(
        '--config <key=value>',
        'Kafka client property, e.g. security.protocol=SASL_SSL (repeatable)',
      ).argParser(collectPairs),
    )
    .option('--client-config <file>', 'Java properties file of Kafka client properties')
    .option(
      '--connection <name>',
      'a connection saved in the console (secrets from its 0600 file or $BROKERLAB_<NAME>_PASSWORD)',
    );
}

/** The client for a verb's options; `topicConfigs` receives --config pairs that name topic configs. */
export function openClient(
  options: ClientCliOptions,
  io: CliIo,
  topicConfigs?: Record<string, string>,
): KafkaClient {
  const properties: Record<string, string> = {};
  let bootstrap = options.bootstrap;
  if (options.connection !== undefined) {
    try {
      const saved = savedConnectionForCli(options.connection, defaultSettingsDir(io.env), io.env);
      bootstrap = saved.bootstrap;
      Object.assign(properties, saved.properties);
    } catch (error) {
      if (error instanceof SavedConnectionError) throw usageError(error.message);
      throw error;
    }
  }
  if (options.clientConfig) {
    let text: string;
    try {
      text = readFileSync(options.clientConfig, 'utf8');
    } catch (error) {
      throw usageError(
        `cannot read --client-config ${options.clientConfig}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      );
    }
    Object.assign(properties, parseProperties(text));
  }
  for (const [key, value] of parsePairs(options.config ?? [], '--config')) {
    if (topicConfigs && topicConfigNames.includes(key)) topicConfigs[key] = value;
    else properties[key] = value;
  }
  try {
    return new KafkaClient(clientOptions(bootstrap, properties, io.env));
  } catch (error) {
    if (error instanceof ClientConfigError || error instanceof RangeError) throw usageError(error.message);
    throw error;
  }
}

/** Runs `fn` with a client, closing it afterwards whatever happens. */
export async function withClient<T>(
  client: KafkaClient,
  fn: (client: KafkaClient) => Promise<T>,
): Promise<T> {
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** Checks a verb's input with the API's schema: bad input is a usage error in the API's words. */
export function parseInput<N extends MethodName>(name: N, input: unknown): MethodParsedInput<N> {
  const parsed = methods[name].input.safeParse(input);
  if (!parsed.success)
    throw usageError(
      invalidInput(name, parsed.error.issues).message.replace(/^invalid input for [\w.]+: /, ''),
    );
  return parsed.data as MethodParsedInput<N>;
}

/** A console operation's result checked against the contract (as the console service does). */
export function checkOutput<N extends MethodName>(name: N, result: MethodResult<N>): MethodResult<N> {
  const checked = methods[name].output.safeParse(result);
  if (!checked.success) throw new CliError(`${name} answered something malformed: ${checked.error.message}`);
  return checked.data as MethodResult<N>;
}

/** For operations a verb never cancels (short ones: SIGINT simply ends the process). */
export const noSignal: AbortSignal = new AbortController().signal;

/** A signal that aborts on the first SIGINT or SIGTERM (long verbs stop cleanly). */
export function stopSignal(io: CliIo): AbortSignal {
  const controller = new AbortController();
  void io.stopSignal().then(() => controller.abort());
  return controller.signal;
}

/** "12 KiB": sizes for tables. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
