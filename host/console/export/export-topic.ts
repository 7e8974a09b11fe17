/**
 * Exporting a topic to a file (the `export.start` job, and `brokerlab export`): the range a scan
 * would cover (chosen partitions, from a start position to an end one) is read forward round by
 * round with the streaming reader, filtered where the log is, encoded and written through a
 * temporary file that is renamed over the target only once complete. One read round is in
 * memory at a time, so the memory an export needs does not grow with the topic.
 *
 * Progress: records examined (of the range's offsets, for a percent and an ETA), records
 * written (`matched`) and bytes written to the file.
 */
import type { LogRecord } from '../../../engine/records/record.js';
import { ApiError } from '../../api/errors.js';
import type { DecodedParts } from '../../schema-registry/decoder.js';
import { registryDecoder } from '../../schema-registry/registry-source.js';
import type { RegistryEndpoint } from '../../schema-registry/rest-client.js';
import type { ExportFormat } from '../../api/schemas/transfer.js';
import type { JobResult } from '../../api/schemas/jobs.js';
import type { ScanInput } from '../../api/schemas/messages.js';
import type { ClusterAccess } from '../../cluster-access.js';
import type { TaskReport } from '../../worker/implementation.js';
import { compileRecordMatcher, type FilterDecoding } from '../decoded-filter.js';
import { readRanges } from '../record-stream.js';
import { scanRanges } from '../scan.js';
import { ByteCounter, writeFileAtomically } from './atomic-file.js';
import { encoderFor, type RecordChunk } from './encoder.js';

/** What the export task needs: the export's input with its destination resolved to a path. */
export interface ExportTaskInput
  extends Pick<ScanInput, 'topic' | 'partitions' | 'start' | 'end'>, FilterDecoding {
  readonly filter?: ScanInput['filter'] | undefined;
  readonly format: ExportFormat;
  readonly gzip: boolean;
  /** Where the finished file goes (granted by the host; never a path the page named). */
  readonly path: string;
  /** The name shown to the user. */
  readonly fileName: string;
  /**
   * Write keys and values decoded through `schemaRegistry` too (the console's export; JSON Lines
   * writes them beside the bytes). Framed bytes that do not decode are written as bytes only.
   */
  readonly decode?: boolean;
  /**
   * `brokerlab export --decode`: decodes each written record's key and value its own way (the
   * CLI reports what does not decode). In-process callers only.
   */
  readonly decodeRecord?: (partition: number, record: LogRecord) => Promise<DecodedParts>;
}

export type ExportResult = Extract<JobResult, { kind: 'export' }>;

/** Each record's key and value decoded through a registry; what does not decode stays bytes only. */
function registryRecordDecoder(endpoint: RegistryEndpoint) {
  const decoder = registryDecoder(endpoint);
  const part = (bytes: Buffer | null) => decoder.decode(bytes).catch(() => null);
  return async (_partition: number, record: LogRecord): Promise<DecodedParts> => ({
    key: await part(record.key),
    value: await part(record.value),
  });
}

/** Bytes fetched per partition per round: big enough for speed, small enough for memory. */
const PARTITION_MAX_BYTES = 1024 * 1024;

/**
 * The rounds of `source`, asking for the next one as soon as one arrives, so the next fetch is
 * on the wire while this round is encoded and written (two rounds in memory at most).
 */
async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let pending = source.next();
  try {
    for (;;) {
      const { done, value } = await pending;
      if (done) return;
      pending = source.next();
      yield value;
    }
  } finally {
    // Settle the read in flight (an abort rejects it) before ending the source.
    await pending.catch(() => undefined);
    await source.return(undefined);
  }
}

export async function exportTopic(
  access: ClusterAccess,
  input: ExportTaskInput,
  report: TaskReport,
  signal: AbortSignal,
): Promise<ExportResult> {
  const ranges = await scanRanges(access, input, signal);
  const totalRecords = ranges.reduce((sum, r) => sum + Math.max(0, r.to - r.from), 0);
  const matches = compileRecordMatcher(input.filter, input.schemaRegistry);
  const decodeRecord =
    input.decodeRecord ??
    (input.decode && input.schemaRegistry ? registryRecordDecoder(input.schemaRegistry) : undefined);
  const encoder = encoderFor(input.format, input.topic);
  const counter = new ByteCounter();
  let scanned = 0;
  let written = 0;
  report.progress({ records: 0, bytes: 0, totalRecords, matched: 0 });

  async function matching(records: readonly LogRecord[]): Promise<LogRecord[]> {
    const kept: LogRecord[] = [];
    for (const record of records) {
      const verdict = matches(record);
      if (verdict === true || (verdict !== false && (await verdict))) kept.push(record);
    }
    return kept;
  }

  async function* encoded(): AsyncGenerator<Buffer> {
    const rounds = readRanges(access, input.topic, ranges, {
      signal,
      partitionMaxBytes: PARTITION_MAX_BYTES,
    });
    for await (const round of readAhead(rounds)) {
      const chunks: RecordChunk[] = [];
      for (const chunk of round.batches) {
        scanned += chunk.records.length;
        const kept = input.filter ? await matching(chunk.records) : chunk.records;
        written += kept.length;
        if (kept.length === 0) continue;
        const decoded = decodeRecord
          ? await Promise.all(kept.map((record) => decodeRecord(chunk.partition, record)))
          : undefined;
        chunks.push({ partition: chunk.partition, records: kept, ...(decoded ? { decoded } : {}) });
      }
      yield* encoder.encode(chunks);
      report.progress({ records: scanned, bytes: counter.bytes, totalRecords, matched: written });
    }
    yield* encoder.finish();
  }

  const bytes = await writeFileAtomically(input.path, encoded(), { gzip: input.gzip, signal, counter }).catch(
    (error: unknown) => {
      throw signal.aborted ? new ApiError('CANCELLED', `cancelled after ${written} records`) : error;
    },
  );
  report.progress({ records: scanned, bytes, totalRecords, matched: written });
  return { kind: 'export', scanned, records: written, bytes, fileName: input.fileName, downloadId: null };
}
