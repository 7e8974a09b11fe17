/**
 * Importing a file into a topic (the `import.start` job, and `brokerlab import`): records are
 * read in batches and produced with acks=all by an idempotent producer, batch after batch, so
 * what the result counts was acknowledged by every in-sync replica. Keys, values and headers are
 * kept exactly (values encoded with a subject's schema when asked, ./value-encoding.ts);
 * partitions and timestamps from the file only when asked (else by key, as producers do, and the
 * time of writing).
 *
 * A bad line stops the import before the batch that holds it is sent (batches of
 * IMPORT_BATCH_RECORDS): the error names the line
 * and says how many records were written before it. Cancelling stops after the batch in flight.
 */
import { ApiError } from '../../api/errors.js';
import type { ImportInput } from '../../api/schemas/transfer.js';
import type { JobResult } from '../../api/schemas/jobs.js';
import type { ClusterAccess } from '../../cluster-access.js';
import { throwIfAborted } from '../../kafka-client/errors.js';
import { Producer, type ProducerRecord, type RecordMetadata } from '../../kafka-client/producer.js';
import type { TaskReport } from '../../worker/implementation.js';
import { topicPartitions } from '../browse.js';
import { asNotFound } from '../errors.js';
import { ImportLineError, type ImportRecord } from './import-record.js';
import { inspectImportFile, readImportFile } from './import-file.js';
import { importValueEncoder, type ValueEncoder } from './value-encoding.js';
import type { RegistryEndpoint } from '../../schema-registry/rest-client.js';

export interface ImportTaskInput extends Pick<
  ImportInput,
  'topic' | 'format' | 'keepPartitions' | 'keepTimestamps' | 'encode'
> {
  /** The connection's schema registry, for `encode`. */
  readonly schemaRegistry?: RegistryEndpoint | undefined;
  /** The file to read (granted by the host). */
  readonly path: string;
  /** Its name as the user knows it (guides the format guess). */
  readonly fileName: string;
}

export type ImportResult = Extract<JobResult, { kind: 'import' }>;

/**
 * Records per produce call, or fewer when their keys and values reach IMPORT_BATCH_BYTES: large
 * enough that replication round trips do not set the pace (1000 gave a third of the rate).
 */
export const IMPORT_BATCH_RECORDS = 10_000;
export const IMPORT_BATCH_BYTES = 8 * 1024 * 1024;

function toProducerRecord(
  r: ImportRecord,
  input: ImportTaskInput,
  partitions: ReadonlySet<number>,
  encodeValue: ValueEncoder | null,
): ProducerRecord {
  let partition: number | undefined;
  if (input.keepPartitions) {
    if (r.partition === null)
      throw new ImportLineError(r.line, 'has no partition, and the import keeps partitions');
    if (!partitions.has(r.partition))
      throw new ImportLineError(r.line, `partition ${r.partition} does not exist in topic "${input.topic}"`);
    partition = r.partition;
  }
  let timestamp: number | undefined;
  if (input.keepTimestamps) {
    if (r.timestamp === null)
      throw new ImportLineError(r.line, 'has no timestamp, and the import keeps timestamps');
    timestamp = r.timestamp;
  }
  return {
    key: r.key,
    value: encodeValue ? encodeValue(r) : r.value,
    headers: r.headers,
    ...(partition !== undefined ? { partition } : {}),
    ...(timestamp !== undefined ? { timestamp } : {}),
  };
}

export async function importFile(
  access: ClusterAccess,
  input: ImportTaskInput,
  report: TaskReport,
  signal: AbortSignal,
): Promise<ImportResult> {
  const { partitions } = await topicPartitions(access, input.topic, undefined, signal);
  const existing = new Set(partitions);
  const info = await inspectImportFile(input.path, input.fileName, input.format);
  const encodeValue = input.encode
    ? await importValueEncoder(input.schemaRegistry, input.encode, signal)
    : null;
  const producer = new Producer(access, { acks: -1 });
  const ranges = new Map<number, { firstOffset: number; lastOffset: number }>();
  let written = 0;
  let bytesRead = 0;
  report.progress({ records: 0, bytes: 0, totalBytes: info.bytes });
  const record = (sent: readonly RecordMetadata[]): void => {
    for (const meta of sent) {
      if (meta.offset === null) continue;
      const range = ranges.get(meta.partition);
      if (!range) ranges.set(meta.partition, { firstOffset: meta.offset, lastOffset: meta.offset });
      else {
        range.firstOffset = Math.min(range.firstOffset, meta.offset);
        range.lastOffset = Math.max(range.lastOffset, meta.offset);
      }
    }
    written += sent.length;
    report.progress({ records: written, bytes: bytesRead, totalBytes: info.bytes });
  };
  // One batch is sent while the next is read and parsed; sends stay in file order.
  let inFlight: Promise<void> = Promise.resolve();
  try {
    for await (const batch of readImportFile(input.path, info, {
      signal,
      batchRecords: IMPORT_BATCH_RECORDS,
      batchBytes: IMPORT_BATCH_BYTES,
      onBytes: (bytes) => (bytesRead = bytes),
    })) {
      throwIfAborted(signal);
      const records = batch.map((r) => toProducerRecord(r, input, existing, encodeValue));
      await inFlight;
      inFlight = producer.send(input.topic, records, { signal }).then(record, (e: unknown) => {
        throw asNotFound(e);
      });
      // Its failure is seen when it is awaited (next batch, end, or the catch below).
      inFlight.catch(() => undefined);
    }
    await inFlight;
  } catch (error) {
    // What was already sent counts: wait for it before saying how much was written.
    await inFlight.catch(() => undefined);
    if (signal.aborted) throw new ApiError('CANCELLED', `cancelled after writing ${written} records`);
    // The error keeps its kind (a bad line, a Kafka error); its words say what was written.
    if (error instanceof Error)
      error.message += ` (${written} record${written === 1 ? ' was' : 's were'} written to "${input.topic}" before it)`;
    throw error;
  }
  return {
    kind: 'import',
    records: written,
    partitions: [...ranges].sort(([a], [b]) => a - b).map(([partition, range]) => ({ partition, ...range })),
  };
}
