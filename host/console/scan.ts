/**
 * Filtered scans (the `messages.scan` job): read a range of a topic forward with the streaming
 * reader, test every record against the filter where the log is, and hand over only the matches,
 * round by round, with progress (records examined of the range's offsets, bytes, matches). Stops
 * at `maxMatches`, at the end of the range, or when cancelled.
 */
import type { ScanInput } from '../api/schemas/messages.js';
import type { JobResult } from '../api/schemas/jobs.js';
import type { ClusterAccess } from '../cluster-access.js';
import { listOffsets, partitionBounds, partitionKey } from '../kafka-client/offsets.js';
import type { RecordInput, ScanReport } from '../worker/implementation.js';
import { startPositions, topicPartitions } from './browse.js';
import { asNotFound } from './errors.js';
import { compileRecordMatcher, type FilterDecoding } from './decoded-filter.js';
import { readRanges, type PartitionRange } from './record-stream.js';
import { toMessageRecord } from './records.js';

/** The ranges a scan covers: from its start position up to (not including) its end. */
export async function scanRanges(
  access: ClusterAccess,
  input: Pick<ScanInput, 'topic' | 'partitions' | 'start' | 'end'>,
  signal: AbortSignal,
): Promise<PartitionRange[]> {
  const { partitions } = await topicPartitions(access, input.topic, input.partitions, signal);
  const refs = partitions.map((partition) => ({ topic: input.topic, partition }));
  const bounds = await partitionBounds(access, refs, { signal, deadlineMs: 10_000 }).catch((e: unknown) => {
    throw asNotFound(e);
  });
  const starts = await startPositions(
    access,
    input.topic,
    partitions,
    bounds,
    input.start,
    'oldest-first',
    signal,
  );
  const end = input.end;
  const byTime =
    end.to === 'timestamp' ? await listOffsets(access, refs, { timestamp: end.timestamp }, { signal }) : null;
  return partitions.map((partition) => {
    const key = partitionKey({ topic: input.topic, partition });
    const { highWatermark } = bounds.get(key)!;
    let to = highWatermark;
    // An end offset is included; an end time is not (records before it).
    if (end.to === 'offset') to = Math.min(end.offset + 1, highWatermark);
    else if (end.to === 'timestamp') to = byTime!.get(key)?.offset ?? highWatermark;
    return { partition, from: starts.get(partition)!, to };
  });
}

export async function scanTopic(
  access: ClusterAccess,
  input: ScanInput & FilterDecoding,
  report: ScanReport,
  signal: AbortSignal,
): Promise<Extract<JobResult, { kind: 'scan' }>> {
  const ranges = await scanRanges(access, input, signal);
  const totalRecords = ranges.reduce((sum, r) => sum + Math.max(0, r.to - r.from), 0);
  const matches = compileRecordMatcher(input.filter, input.schemaRegistry);
  let scanned = 0;
  let matched = 0;
  let bytes = 0;
  report.progress({ records: 0, bytes: 0, totalRecords, matched: 0 });
  for await (const round of readRanges(access, input.topic, ranges, {
    signal,
    partitionMaxBytes: 1024 * 1024,
  })) {
    const found: RecordInput[] = [];
    rounds: for (const chunk of round.batches) {
      for (const record of chunk.records) {
        scanned++;
        const verdict = matches(record);
        if (verdict !== true && (verdict === false || !(await verdict))) continue;
        found.push(toMessageRecord(chunk.partition, record, chunk.batch, input.maxValueBytes));
        if (++matched >= input.maxMatches) break rounds;
      }
    }
    bytes += round.bytes;
    if (found.length > 0) report.matches(found);
    report.progress({ records: scanned, bytes, totalRecords, matched });
    if (matched >= input.maxMatches) return { kind: 'scan', scanned, matched, limitReached: true };
  }
  return { kind: 'scan', scanned, matched, limitReached: false };
}
