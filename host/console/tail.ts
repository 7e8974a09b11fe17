/**
 * The live tail (`messages.tail`): records as they are appended, from each partition's end at
 * the time of subscribing, filtered where the log is, sent in batches. Long polls (Fetch with a
 * wait) on their own connection lane so they never hold up other calls. When the tail covers
 * every partition and the topic grows new ones, they are followed from their start.
 */
import type { StreamEventInput, StreamParsedArgs } from '../api/types.js';
import type { ClusterAccess } from '../cluster-access.js';
import { partitionBounds, partitionKey } from '../kafka-client/offsets.js';
import type { RecordInput } from '../worker/implementation.js';
import { topicPartitions } from './browse.js';
import { compileRecordMatcher, type FilterDecoding } from './decoded-filter.js';
import { readRanges } from './record-stream.js';
import { toMessageRecord } from './records.js';

/** How long a tail's fetch waits for new records at the broker. */
export const TAIL_WAIT_MS = 500;
/** How often a tail of every partition looks for new partitions. */
const PARTITION_CHECK_MS = 10_000;
/** Records per event at most, so one burst does not make one huge message. */
const MAX_EVENT_RECORDS = 500;

export async function tail(
  access: ClusterAccess,
  args: StreamParsedArgs<'messages.tail'> & FilterDecoding,
  emit: (event: StreamEventInput<'messages.tail'>) => void,
  signal: AbortSignal,
): Promise<void> {
  const matches = compileRecordMatcher(args.filter, args.schemaRegistry);
  let { partitions } = await topicPartitions(access, args.topic, args.partitions, signal);
  const refs = partitions.map((partition) => ({ topic: args.topic, partition }));
  const bounds = await partitionBounds(access, refs, { signal });
  const positions = new Map(
    partitions.map((p) => [p, bounds.get(partitionKey({ topic: args.topic, partition: p }))!.highWatermark]),
  );
  try {
    for (;;) {
      const checkAt = Date.now() + PARTITION_CHECK_MS;
      const ranges = partitions.map((partition) => ({
        partition,
        from: positions.get(partition)!,
        to: Infinity,
      }));
      for await (const round of readRanges(access, args.topic, ranges, {
        signal,
        follow: true,
        maxWaitMs: TAIL_WAIT_MS,
        lane: 'tail',
        partitionMaxBytes: 1024 * 1024,
        isolationLevel: args.isolation === 'read_committed' ? 1 : 0,
      })) {
        for (const [p, at] of round.positions) positions.set(p, at);
        const records: RecordInput[] = [];
        for (const chunk of round.batches) {
          for (const record of chunk.records) {
            const matched = matches(record);
            if (matched === true || (matched !== false && (await matched)))
              records.push(toMessageRecord(chunk.partition, record, chunk.batch, args.maxValueBytes));
          }
        }
        for (let i = 0; i < records.length; i += MAX_EVENT_RECORDS) {
          emit({ records: records.slice(i, i + MAX_EVENT_RECORDS) });
        }
        if (!args.partitions && Date.now() >= checkAt) break;
      }
      const grown = (await access.metadata({ topics: [args.topic], refresh: true, signal })).topics.get(
        args.topic,
      );
      for (const p of grown?.partitions ?? []) {
        if (!positions.has(p.partition)) positions.set(p.partition, 0);
      }
      partitions = [...positions.keys()];
    }
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
}
