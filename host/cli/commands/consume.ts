/**
 * `brokerlab consume TOPIC`: records to stdout, one per line, as Kafka's console consumer.
 *
 * Without --group it reads partitions directly: from the end (new records only), from the
 * start with --from-beginning, or from --offset N; --partition picks one partition. With
 * --group G it joins the consumer group (range assignor), starts where the group committed
 * (else from the end, or the start with --from-beginning), and commits what it printed.
 * It runs until --max records, until --timeout-ms passes without a record, or until SIGINT.
 *
 * --format value (default) prints each value as text; key-value prints key<TAB>value; json
 * prints one object per line with keys, values and header values in the API's exact encoding
 * (UTF-8 text, or base64 with a marker), so binary data survives a round trip. --decode shows
 * keys and values in the schema registry's wire format as the JSON they decode to
 * (consume-decode.ts).
 */
import { Command, Option } from 'commander';
import type { LogRecord } from '../../../engine/records/record.js';
import type { CliIo } from '../io.js';
import { intIn } from '../options.js';
import { usageError } from '../errors.js';
import type { KafkaClient } from '../../kafka-client/client.js';
import { GroupConsumer } from '../../kafka-client/group-consumer.js';
import { partitionBounds, partitionKey } from '../../kafka-client/offsets.js';
import { topicPartitions } from '../../console/browse.js';
import { readRanges } from '../../console/record-stream.js';
import { batchInfo, toMessageRecord, type BatchInfo } from '../../console/records.js';
import { decodedView, type DecodedParts } from '../../schema-registry/decoder.js';
import { recordDecoder, type RecordDecoder } from './consume-decode.js';
import {
  addClientOptions,
  openClient,
  parseInput,
  stopSignal,
  withClient,
  type ClientCliOptions,
} from './kafka-options.js';

type Format = 'value' | 'key-value' | 'json';

interface ConsumeOptions extends ClientCliOptions {
  readonly fromBeginning?: boolean;
  readonly partition?: number;
  readonly offset?: number;
  readonly max?: number;
  readonly timeoutMs?: number;
  readonly format: Format;
  readonly group?: string;
  readonly decode?: boolean;
  readonly registry?: string;
}

const WAIT_MS = 500;

type Printer = (partition: number, record: LogRecord, batch: BatchInfo, decoded?: DecodedParts) => string;

function formatter(format: Format, topic: string): Printer {
  const text = (bytes: Buffer | null, decoded?: DecodedParts['value']): string =>
    decoded ? JSON.stringify(decoded.json) : bytes === null ? 'null' : bytes.toString('utf8');
  if (format === 'value') return (_p, r, _b, d) => text(r.value, d?.value);
  if (format === 'key-value') return (_p, r, _b, d) => `${text(r.key, d?.key)}\t${text(r.value, d?.value)}`;
  return (partition, r, batch, d) => {
    const m = toMessageRecord(partition, r, batch, Infinity);
    return JSON.stringify({
      topic,
      partition,
      offset: m.offset,
      timestamp: m.timestamp,
      timestampType: m.timestampType,
      key: m.key,
      value: m.value,
      headers: m.headers,
      ...(d?.key ? { keyDecoded: decodedView(d.key) } : {}),
      ...(d?.value ? { valueDecoded: decodedView(d.value) } : {}),
    });
  };
}

/** The printer, decoding each record first when asked. */
function printer(options: ConsumeOptions, topic: string, io: CliIo) {
  const print = formatter(options.format, topic);
  const decode: RecordDecoder | null = options.decode ? recordDecoder(options.registry, io) : null;
  return async (partition: number, record: LogRecord, batch: BatchInfo): Promise<string> =>
    print(partition, record, batch, decode ? await decode(partition, record) : undefined);
}

export function registerConsume(program: Command, io: CliIo): void {
  const command = program
    .command('consume')
    .description('print records of a topic, as they come')
    .argument('<topic>', 'topic to read')
    .option('--from-beginning', 'start at the oldest record (with --group: where the group has no offset)')
    .option('--partition <n>', 'read only this partition', intIn(0, 2 ** 31 - 1))
    .option('--offset <n>', 'start at this offset', intIn(0, Number.MAX_SAFE_INTEGER))
    .option('--max <n>', 'stop after this many records', intIn(1, Number.MAX_SAFE_INTEGER))
    .option('--timeout-ms <ms>', 'stop when no record came for this long', intIn(1, 2 ** 31 - 1))
    .addOption(
      new Option('--format <format>', 'value, key-value or json')
        .choices(['value', 'key-value', 'json'])
        .default('value'),
    )
    .option('--group <group>', 'consume as a member of this consumer group, committing offsets')
    .option('--decode', 'show schema-registry framed keys and values (Avro, Protobuf, JSON Schema) as JSON')
    .option('--registry <url>', "schema registry for --decode (default: the running embedded cluster's)")
    .action(async (topic: string, options: ConsumeOptions) => {
      parseInput('messages.browse', {
        topic,
        partitions: options.partition === undefined ? undefined : [options.partition],
      });
      if (options.group !== undefined) {
        if (options.partition !== undefined || options.offset !== undefined) {
          throw usageError(
            '--partition and --offset cannot be used with --group (the group assigns partitions and keeps offsets)',
          );
        }
        parseInput('groups.describe', { groupId: options.group });
      }
      if (options.offset !== undefined && options.fromBeginning)
        throw usageError('give --offset or --from-beginning, not both');
      if (options.registry !== undefined && !options.decode)
        throw usageError('--registry goes with --decode');
      const signal = stopSignal(io);
      const client = openClient(options, io);
      await withClient(client, (c) =>
        options.group !== undefined
          ? consumeAsGroup(c, topic, options, io, signal)
          : consumeDirect(c, topic, options, io, signal),
      );
    });
  addClientOptions(command, io);
}

/** Counts printed records and decides when to stop (max, idle timeout). */
class Budget {
  printed = 0;
  private lastRecordAt = Date.now();
  constructor(private readonly options: ConsumeOptions) {}
  take(count: number): number {
    const left = this.options.max === undefined ? count : Math.min(count, this.options.max - this.printed);
    if (left > 0) this.lastRecordAt = Date.now();
    this.printed += left;
    return left;
  }
  get done(): boolean {
    if (this.options.max !== undefined && this.printed >= this.options.max) return true;
    return this.options.timeoutMs !== undefined && Date.now() - this.lastRecordAt >= this.options.timeoutMs;
  }
}

async function consumeDirect(
  client: KafkaClient,
  topic: string,
  options: ConsumeOptions,
  io: CliIo,
  signal: AbortSignal,
): Promise<void> {
  const { partitions } = await topicPartitions(
    client,
    topic,
    options.partition === undefined ? undefined : [options.partition],
    signal,
  );
  const bounds = await partitionBounds(
    client,
    partitions.map((partition) => ({ topic, partition })),
    { signal },
  );
  const ranges = partitions.map((partition) => {
    const { logStartOffset, highWatermark } = bounds.get(partitionKey({ topic, partition }))!;
    const from =
      options.offset !== undefined
        ? Math.min(Math.max(options.offset, logStartOffset), highWatermark)
        : options.fromBeginning
          ? logStartOffset
          : highWatermark;
    return { partition, from, to: Infinity };
  });
  const print = printer(options, topic, io);
  const budget = new Budget(options);
  try {
    for await (const round of readRanges(client, topic, ranges, {
      signal,
      follow: true,
      maxWaitMs: WAIT_MS,
    })) {
      const lines: string[] = [];
      for (const chunk of round.batches) {
        const take = budget.take(chunk.records.length);
        for (const record of chunk.records.slice(0, take))
          lines.push(await print(chunk.partition, record, chunk.batch));
      }
      if (lines.length > 0) io.stdout.write(`${lines.join('\n')}\n`);
      if (budget.done) return;
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

async function consumeAsGroup(
  client: KafkaClient,
  topic: string,
  options: ConsumeOptions,
  io: CliIo,
  signal: AbortSignal,
): Promise<void> {
  await topicPartitions(client, topic, undefined, signal);
  const consumer = new GroupConsumer(client, {
    groupId: options.group!,
    topics: [topic],
    autoOffsetReset: options.fromBeginning ? 'earliest' : 'latest',
    maxWaitMs: WAIT_MS,
  });
  const print = printer(options, topic, io);
  const budget = new Budget(options);
  try {
    while (!budget.done && !signal.aborted) {
      const records = await consumer.poll(signal);
      const taken = records.slice(0, budget.take(records.length));
      if (taken.length > 0) {
        const lines = [];
        for (const r of taken) lines.push(await print(r.partition, r.record, batchInfo(r.batch)));
        io.stdout.write(`${lines.join('\n')}\n`);
      }
      consumer.markConsumed(taken);
      await consumer.commit(signal).catch(() => undefined);
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    await consumer.close();
  }
}
