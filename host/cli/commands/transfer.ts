/**
 * `brokerlab export TOPIC --out FILE` and `brokerlab import FILE --topic T`: the console's export
 * and import (host/console/export, host/console/import) run in this process over the wire
 * client, so they work against the embedded cluster and any Kafka cluster (--bootstrap).
 *
 * Export writes through a temporary file renamed at the end: a failed or interrupted (SIGINT)
 * export leaves nothing under FILE. The format comes from --format, else from FILE's ending
 * (.jsonl, .csv, .txt, .parquet; .gz compresses), else JSON Lines. Progress (records, percent,
 * rate, ETA) goes to stderr about once a second; the summary goes to stdout.
 */
import { access, constants } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { JobStatus } from '../../api/schemas/jobs.js';
import type { ExportFormat } from '../../api/schemas/transfer.js';
import { exportTopic } from '../../console/export/export-topic.js';
import { importFile } from '../../console/import/import-topic.js';
import type { KafkaClient } from '../../kafka-client/client.js';
import { formatDuration } from '../../kafka-client/errors.js';
import { JobRegistry, type JobContext } from '../../service/jobs.js';
import type { JobResult } from '../../api/schemas/jobs.js';
import { ApiError } from '../../api/errors.js';
import { CliError, usageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { addJsonOption, datetimeArg, intIn } from '../options.js';
import { recordDecoder } from './consume-decode.js';
import { registryUrl } from './registry-url.js';
import { defaultDataDir } from '../../control/data-dir.js';
import { printJson } from '../output.js';
import {
  addClientOptions,
  formatBytes,
  openClient,
  parseInput,
  stopSignal,
  withClient,
  type ClientCliOptions,
} from './kafka-options.js';

interface ExportOptions extends ClientCliOptions {
  readonly out: string;
  readonly format?: ExportFormat;
  readonly partition?: number[];
  readonly fromOffset?: number;
  readonly toOffset?: number;
  readonly fromTime?: number;
  readonly toTime?: number;
  readonly gzip?: boolean;
  readonly json?: boolean;
  readonly decode?: boolean;
  readonly registry?: string;
}

interface ImportOptions extends ClientCliOptions {
  readonly topic: string;
  readonly format?: 'jsonl' | 'csv';
  readonly keepPartitions?: boolean;
  readonly keepTimestamps?: boolean;
  readonly encodeSubject?: string;
  readonly encodeVersion?: number;
  readonly registry?: string;
  readonly json?: boolean;
}

const offsetArg = intIn(0, Number.MAX_SAFE_INTEGER);
const partitionArg = intIn(0, 2 ** 31 - 1);

function collectPartitions(value: string, previous: number[] = []): number[] {
  return [...previous, partitionArg(value)];
}

/** The format a file name suggests, and whether it ends in .gz. */
export function formatOfName(name: string): { format: ExportFormat | null; gzip: boolean } {
  const gzip = /\.gz$/i.test(name);
  const ending = /\.(jsonl|ndjson|csv|txt|parquet)(?:\.gz)?$/i.exec(name)?.[1]?.toLowerCase();
  const format: ExportFormat | null =
    ending === 'jsonl' || ending === 'ndjson'
      ? 'jsonl'
      : ending === 'csv'
        ? 'csv'
        : ending === 'txt'
          ? 'raw'
          : ending === 'parquet'
            ? 'parquet'
            : null;
  return { format, gzip };
}

function progressLine(verb: string, status: JobStatus): string {
  const p = status.progress;
  const parts = [`${verb} ${p.records.toLocaleString('en-US')}`];
  if (p.totalRecords !== null) parts[0] += ` of ${p.totalRecords.toLocaleString('en-US')} records`;
  else parts[0] += ' records';
  if (p.percent !== null) parts.push(`${p.percent.toFixed(0)}%`);
  parts.push(formatBytes(p.bytes), `${Math.round(p.recordsPerSecond).toLocaleString('en-US')} records/s`);
  parts.push(`${formatBytes(Math.round(p.bytesPerSecond))}/s`);
  if (p.etaMs !== null) parts.push(`ETA ${formatDuration(Math.round(p.etaMs / 1000) * 1000)}`);
  return parts.join(', ');
}

/**
 * Runs `work` as a job of a local registry (the console's own progress machinery: rates, percent,
 * ETA), printing progress to stderr; SIGINT cancels it.
 */
async function runJob<R extends JobResult>(
  io: CliIo,
  kind: 'export' | 'import',
  verb: string,
  work: (context: JobContext) => Promise<R>,
): Promise<R> {
  const jobs = new JobRegistry({ publishEveryMs: 1000 });
  const signal = stopSignal(io);
  return new Promise<R>((resolvePromise, reject) => {
    let id = '';
    let running: Promise<unknown> = Promise.resolve();
    const stop = jobs.onChange((status) => {
      if (status.id !== id) return;
      if (status.state === 'running') {
        if (status.progress.records > 0) io.stderr.write(`${progressLine(verb, status)}\n`);
        return;
      }
      stop();
      if (status.state === 'done') return resolvePromise(status.result as R);
      const error = status.error
        ? ApiError.fromEnvelope(status.error)
        : new CliError(`interrupted: ${verb} ${status.progress.records} records`);
      // A cancelled job ends at once; its work may still be removing a temporary file.
      void running.catch(() => undefined).then(() => reject(error));
    });
    id = jobs.start(kind, verb, (context) => (running = work(context))).id;
    signal.addEventListener('abort', () => jobs.cancel(id), { once: true });
  });
}

export function registerTransfer(program: Command, io: CliIo): void {
  const exporting = program
    .command('export')
    .description('export a topic (or partitions, a range) to a file')
    .argument('<topic>', 'topic to export')
    .requiredOption('--out <file>', 'file to write (replaced only when the export is complete)')
    .addOption(
      new Option('--format <format>', 'jsonl, csv, raw or parquet (default: from --out, else jsonl)').choices(
        ['jsonl', 'csv', 'raw', 'parquet'],
      ),
    )
    .option('--partition <n>', 'export only this partition (repeatable)', collectPartitions)
    .option('--from-offset <n>', 'start at this offset in each partition', offsetArg)
    .option('--to-offset <n>', 'end at this offset in each partition (included)', offsetArg)
    .option('--from-time <iso>', 'start at the first record at or after this time', datetimeArg)
    .option('--to-time <iso>', 'end before the first record at or after this time', datetimeArg)
    .option('--gzip', 'compress the file with gzip (default when --out ends in .gz)')
    .option(
      '--decode',
      'JSON Lines: add schema-registry framed keys and values decoded to JSON (keyDecoded, valueDecoded)',
    )
    .option('--registry <url>', "schema registry for --decode (default: the running embedded cluster's)")
    .action(async (topic: string, options: ExportOptions) => {
      if (options.fromOffset !== undefined && options.fromTime !== undefined)
        throw usageError('give --from-offset or --from-time, not both');
      if (options.toOffset !== undefined && options.toTime !== undefined)
        throw usageError('give --to-offset or --to-time, not both');
      const named = formatOfName(options.out);
      const format = options.format ?? named.format ?? 'jsonl';
      const input = parseInput('export.start', {
        topic,
        partitions: options.partition,
        start:
          options.fromOffset !== undefined
            ? { from: 'offset', offset: options.fromOffset }
            : options.fromTime !== undefined
              ? { from: 'timestamp', timestamp: options.fromTime }
              : { from: 'oldest' },
        end:
          options.toOffset !== undefined
            ? { to: 'offset', offset: options.toOffset }
            : options.toTime !== undefined
              ? { to: 'timestamp', timestamp: options.toTime }
              : { to: 'now' },
        format,
        gzip: options.gzip ?? (named.gzip && format !== 'parquet'),
        destination: { to: 'download', fileName: basename(options.out) },
      });
      if (options.registry !== undefined && !options.decode)
        throw usageError('--registry goes with --decode');
      if (options.decode && format !== 'jsonl')
        throw usageError('--decode writes JSON Lines only (--format jsonl)');
      const decode = options.decode ? recordDecoder(options.registry, io) : undefined;
      const path = resolve(options.out);
      const client = openClient(options, io);
      const result = await withClient(client, (c: KafkaClient) =>
        runJob(io, 'export', 'exported', (context) =>
          exportTopic(
            c,
            { ...input, path, fileName: basename(path), decodeRecord: decode },
            context,
            context.signal,
          ),
        ),
      );
      if (options.json) return printJson(io, { ...result, path });
      io.stdout.write(
        `exported ${result.records} record${result.records === 1 ? '' : 's'} of ${topic} ` +
          `(${result.scanned} examined) to ${path} (${formatBytes(result.bytes)})\n`,
      );
    });
  addJsonOption(addClientOptions(exporting, io));

  const importing = program
    .command('import')
    .description('import a JSON Lines or CSV file (plain or gzip) into a topic')
    .argument('<file>', 'file to read')
    .requiredOption('--topic <topic>', 'topic to write to')
    .addOption(
      new Option(
        '--format <format>',
        'jsonl or csv (default: from the file name, else its first line)',
      ).choices(['jsonl', 'csv']),
    )
    .option('--keep-partitions', 'write each record to the partition the file names (else by key)')
    .option('--keep-timestamps', "keep each record's timestamp from the file (else the time of writing)")
    .option(
      '--encode-subject <subject>',
      "encode each value (JSON: an export's valueDecoded, else the value's text) with this subject's schema",
    )
    .option(
      '--encode-version <n>',
      'the subject version to encode with (default: the latest)',
      intIn(1, 2 ** 31 - 1),
    )
    .option(
      '--registry <url>',
      "schema registry for --encode-subject (default: the running embedded cluster's)",
    )
    .action(async (file: string, options: ImportOptions) => {
      if (options.encodeSubject === undefined && (options.encodeVersion ?? options.registry) !== undefined)
        throw usageError('--encode-version and --registry go with --encode-subject');
      const input = parseInput('import.start', {
        topic: options.topic,
        fileId: '0'.repeat(32),
        format: options.format,
        keepPartitions: options.keepPartitions ?? false,
        keepTimestamps: options.keepTimestamps ?? false,
        ...(options.encodeSubject !== undefined
          ? { encode: { subject: options.encodeSubject, version: options.encodeVersion } }
          : {}),
      });
      const schemaRegistry =
        options.encodeSubject !== undefined
          ? { url: registryUrl({ registry: options.registry, dataDir: defaultDataDir(io.env) }) }
          : undefined;
      const path = resolve(file);
      try {
        await access(path, constants.R_OK);
      } catch {
        throw usageError(`cannot read ${file}`);
      }
      const client = openClient(options, io);
      const result = await withClient(client, (c: KafkaClient) =>
        runJob(io, 'import', 'imported', (context) =>
          importFile(
            c,
            { ...input, path, fileName: basename(path), schemaRegistry },
            context,
            context.signal,
          ),
        ),
      );
      if (options.json) return printJson(io, result);
      const ranges = result.partitions
        .map((p) => `partition ${p.partition}: offsets ${p.firstOffset}-${p.lastOffset}`)
        .join(', ');
      io.stdout.write(
        `imported ${result.records} record${result.records === 1 ? '' : 's'} into ${options.topic}` +
          `${ranges ? ` (${ranges})` : ''}\n`,
      );
    });
  addJsonOption(addClientOptions(importing, io));
}
