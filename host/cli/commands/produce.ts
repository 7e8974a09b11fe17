/**
 * `brokerlab produce TOPIC`: one record per line of stdin (or --file), as Kafka's console
 * producer. `--key K` gives every record that key; `--key-separator SEP` takes each line's key
 * from before the first SEP. `--header k=v` adds a header to every record. Lines are sent in
 * batches as they come (a batch is whatever arrived while the previous one was in flight), so
 * typing lines sends them at once and piping a file sends it fast. Ends at the end of input (or
 * on SIGINT after the batch in flight) with a count of what was written.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Command, Option } from 'commander';
import { CliError, usageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { addJsonOption, intIn, oneOf } from '../options.js';
import { printJson } from '../output.js';
import { compressionTypes, type CompressionName } from '../../console/records.js';
import { Producer, type Acks, type ProducerRecord } from '../../kafka-client/producer.js';
import {
  addClientOptions,
  collectPairs,
  openClient,
  parsePairs,
  parseInput,
  stopSignal,
  withClient,
  type ClientCliOptions,
} from './kafka-options.js';

interface ProduceOptions extends ClientCliOptions {
  readonly file?: string;
  readonly key?: string;
  readonly keySeparator?: string;
  readonly header?: string[];
  readonly acks: string;
  readonly partition?: number;
  readonly compression: CompressionName;
  readonly json?: boolean;
}

const acksByName: Record<string, Acks> = { all: -1, '-1': -1, leader: 1, '1': 1, none: 0, '0': 0 };
/** Lines per request at most. */
const MAX_BATCH = 5_000;

export function registerProduce(program: Command, io: CliIo): void {
  const command = program
    .command('produce')
    .description('produce lines of stdin (or a file) as records')
    .argument('<topic>', 'topic to write to')
    .option('--file <path>', 'read lines from this file instead of stdin')
    .option('--key <key>', 'the key of every record')
    .option('--key-separator <sep>', "each line is key<sep>value (Kafka's parse.key)")
    .option('--header <key=value>', 'a header on every record (repeatable)', collectPairs)
    .addOption(
      new Option('--acks <acks>', 'acknowledgements: all, leader (1) or none (0)')
        .choices(['all', 'leader', 'none', '-1', '1', '0'])
        .default('all'),
    )
    .option('--partition <n>', 'write every record to this partition', intIn(0, 2 ** 31 - 1))
    .option(
      '--compression <codec>',
      'none, gzip, snappy, lz4 or zstd',
      oneOf('none', 'gzip', 'snappy', 'lz4', 'zstd'),
      'none',
    )
    .action(async (topic: string, options: ProduceOptions) => {
      if (options.key !== undefined && options.keySeparator !== undefined) {
        throw usageError('give --key or --key-separator, not both');
      }
      if (options.keySeparator === '') throw usageError('--key-separator cannot be empty');
      parseInput('messages.produce', { topic, value: null, partition: options.partition });
      const headers = parsePairs(options.header ?? [], '--header').map(([key, value]) => ({
        key,
        value: Buffer.from(value),
      }));
      const input: Readable = options.file ? createReadStream(options.file) : io.stdin;
      const signal = stopSignal(io);
      const client = openClient(options, io);
      const result = await withClient(client, async () => {
        const producer = new Producer(client, {
          acks: acksByName[options.acks]!,
          compression: compressionTypes[options.compression],
        });
        return sendLines(producer, topic, input, options, headers, signal);
      });
      if (options.json) printJson(io, { topic, ...result });
      else
        io.stdout.write(
          `produced ${result.produced} record${result.produced === 1 ? '' : 's'} to ${topic}\n`,
        );
    });
  addClientOptions(command, io);
  addJsonOption(command);
}

async function sendLines(
  producer: Producer,
  topic: string,
  input: Readable,
  options: ProduceOptions,
  headers: { key: string; value: Buffer }[],
  signal: AbortSignal,
): Promise<{
  produced: number;
  partitions: { partition: number; firstOffset: number | null; lastOffset: number | null }[];
}> {
  const ranges = new Map<number, { firstOffset: number | null; lastOffset: number | null }>();
  let produced = 0;
  let lineNumber = 0;
  let queue: ProducerRecord[] = [];
  const toRecord = (line: string): ProducerRecord => {
    lineNumber++;
    let key = options.key === undefined ? null : Buffer.from(options.key);
    let value = line;
    if (options.keySeparator !== undefined) {
      const at = line.indexOf(options.keySeparator);
      if (at < 0) {
        throw new CliError(
          `line ${lineNumber} has no key separator ${JSON.stringify(options.keySeparator)} (${produced} records were produced before it)`,
        );
      }
      key = Buffer.from(line.slice(0, at));
      value = line.slice(at + options.keySeparator.length);
    }
    return {
      key,
      value: Buffer.from(value),
      headers,
      ...(options.partition !== undefined ? { partition: options.partition } : {}),
    };
  };
  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      for (const meta of await producer.send(topic, batch)) {
        const range = ranges.get(meta.partition) ?? { firstOffset: meta.offset, lastOffset: meta.offset };
        range.lastOffset = meta.offset;
        ranges.set(meta.partition, range);
      }
      produced += batch.length;
    }
  };
  const lines = createInterface({ input, crlfDelay: Infinity });
  signal.addEventListener('abort', () => lines.close(), { once: true });
  let sending: Promise<void> = Promise.resolve();
  let failed: unknown = null;
  try {
    for await (const line of lines) {
      queue.push(toRecord(line));
      // One send at a time; lines that arrive meanwhile wait and go out together.
      sending = sending.then(flush).catch((error: unknown) => {
        failed ??= error;
        lines.close();
      });
      if (failed) break;
    }
  } finally {
    lines.close();
  }
  await sending;
  if (!failed) await flush().catch((error: unknown) => (failed = error));
  if (failed) throw failed;
  return {
    produced,
    partitions: [...ranges].sort(([a], [b]) => a - b).map(([partition, range]) => ({ partition, ...range })),
  };
}
