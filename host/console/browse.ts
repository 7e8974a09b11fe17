/**
 * Browsing: one page of records from a topic's partitions, oldest or newest first, from an
 * offset, a time, the oldest or the newest record, optionally filtered; and one record whole.
 *
 * A page merges the partitions by timestamp (ties by partition, then offset), the way a reader
 * of the whole topic would meet the records; each partition is read only as far as the page
 * needs (a bounded window per fetch), never the whole topic. Reading backward (newest first)
 * fetches a window ending at the position and walks it from its end; windows grow while a
 * filter keeps rejecting records.
 *
 * The cursor carries each partition's position (oldest first: the next offset to read; newest
 * first: the offset to read below), so the next page continues exactly where this one stopped
 * even when records were buffered and not shown.
 */
import { ErrorCode, KafkaError } from '../../engine/protocol/errors.js';
import { ApiError } from '../api/errors.js';
import type { MethodParsedInput as Input, MethodResult as Result } from '../api/types.js';
import type { ClusterAccess, TopicRoute } from '../cluster-access.js';
import { throwIfAborted } from '../kafka-client/errors.js';
import { listOffsets, partitionBounds, partitionKey, type PartitionBounds } from '../kafka-client/offsets.js';
import { batchRecords, fetchPartitions } from '../kafka-client/partition-reader.js';
import { asNotFound, kafkaFailure } from './errors.js';
import { compileRecordMatcher, type FilterDecoding } from './decoded-filter.js';
import { readWindow, type Entry, type ReadMode } from './browse-window.js';
import { batchInfo, toMessageRecord } from './records.js';

type Order = 'oldest-first' | 'newest-first';

interface Cursor {
  readonly v: 1;
  readonly topic: string;
  readonly order: Order;
  readonly positions: readonly (readonly [number, number])[];
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function badCursor(message: string): ApiError {
  return new ApiError('INVALID_INPUT', `invalid input for messages.browse: cursor: ${message}`, {
    issues: [{ path: ['cursor'], message, code: 'custom' }],
  });
}

export function decodeCursor(text: string, topic: string, order: Order): Cursor {
  let cursor: Cursor;
  try {
    cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw badCursor('not a cursor of a previous page');
  }
  const wellFormed =
    cursor?.v === 1 &&
    Array.isArray(cursor.positions) &&
    cursor.positions.every((p) => Array.isArray(p) && p.every((n) => Number.isSafeInteger(n) && n >= 0));
  if (!wellFormed) throw badCursor('not a cursor of a previous page');
  if (cursor.topic !== topic) throw badCursor(`it belongs to topic "${cursor.topic}", not "${topic}"`);
  if (cursor.order !== order) throw badCursor(`it was made for ${cursor.order} pages`);
  return cursor;
}

/** The topic's route and the partitions asked for, or NOT_FOUND naming what is missing. */
export async function topicPartitions(
  access: ClusterAccess,
  topic: string,
  asked: readonly number[] | undefined,
  signal: AbortSignal,
): Promise<{ route: TopicRoute; partitions: number[] }> {
  const metadata = await access.metadata({ topics: [topic], signal });
  const route = metadata.topics.get(topic);
  if (!route) throw kafkaFailure(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic "${topic}"`);
  const all = route.partitions.map((p) => p.partition);
  for (const p of asked ?? []) {
    if (!all.includes(p)) {
      throw new ApiError('NOT_FOUND', `topic "${topic}" has no partition ${p} (it has ${all.length})`);
    }
  }
  return { route, partitions: asked ? [...asked] : all };
}

/** Where each partition starts for the given start position and order. */
export async function startPositions(
  access: ClusterAccess,
  topic: string,
  partitions: readonly number[],
  bounds: ReadonlyMap<string, PartitionBounds>,
  start: Input<'messages.browse'>['start'],
  order: Order,
  signal: AbortSignal,
): Promise<Map<number, number>> {
  const positions = new Map<number, number>();
  const refs = partitions.map((partition) => ({ topic, partition }));
  // A time names the records stamped at or after it (oldest first) or at or before it (newest
  // first): reading below the first offset stamped after it includes the records at that instant.
  const byTime =
    start.from === 'timestamp'
      ? await listOffsets(
          access,
          refs,
          { timestamp: order === 'oldest-first' ? start.timestamp : start.timestamp + 1 },
          { signal },
        )
      : null;
  for (const partition of partitions) {
    const { logStartOffset, highWatermark } = bounds.get(partitionKey({ topic, partition }))!;
    const clamp = (n: number): number => Math.min(Math.max(n, logStartOffset), highWatermark);
    let position: number;
    switch (start.from) {
      case 'oldest':
        position = logStartOffset;
        break;
      case 'newest':
        position = highWatermark;
        break;
      case 'offset':
        // Newest first reads below the position: include the record at the offset itself.
        position = clamp(order === 'oldest-first' ? start.offset : start.offset + 1);
        break;
      case 'timestamp':
        position = byTime!.get(partitionKey({ topic, partition }))?.offset ?? highWatermark;
        break;
    }
    positions.set(partition, position);
  }
  return positions;
}

/** One partition's records for a page: a window read from the log, consumed from one end. */
class PartitionBuffer {
  entries: Entry[] = [];
  /** Oldest first: the next offset to read; newest first: the offset to read below. */
  position: number;
  exhausted = false;
  private window: number;

  constructor(
    readonly partition: number,
    start: number,
    private bounds: PartitionBounds,
    private readonly order: Order,
    initialWindow: number,
    private readonly mode: ReadMode,
  ) {
    this.position = start;
    this.window = initialWindow;
    this.exhausted =
      order === 'oldest-first' ? start >= bounds.highWatermark : start <= bounds.logStartOffset;
  }

  get head(): Entry | undefined {
    return this.entries[this.entries.length - 1];
  }

  get logStartOffset(): number {
    return this.bounds.logStartOffset;
  }

  get highWatermark(): number {
    return this.bounds.highWatermark;
  }

  take(): Entry {
    const entry = this.entries.pop()!;
    this.position = this.order === 'oldest-first' ? entry.record.offset + 1 : entry.record.offset;
    if (this.entries.length === 0) {
      this.exhausted =
        this.order === 'oldest-first'
          ? this.position >= this.highWatermark
          : this.position <= this.logStartOffset;
    }
    return entry;
  }

  /** Reads the next window; `entries` ends up with the next record to take last. */
  async refill(access: ClusterAccess, topic: string, signal: AbortSignal): Promise<void> {
    if (this.order === 'oldest-first') {
      const fetched = await readWindow(
        access,
        topic,
        this.partition,
        this.position,
        Infinity,
        this.window,
        this.mode,
        signal,
      );
      this.bounds = {
        ...this.bounds,
        highWatermark: Math.max(this.bounds.highWatermark, fetched.highWatermark),
      };
      this.entries = fetched.entries.reverse();
      if (this.entries.length === 0) {
        // Only control records (transaction markers) or nothing at all in this stretch.
        this.position = Math.max(this.position, fetched.nextOffset);
        this.exhausted = this.position >= this.highWatermark || fetched.nextOffset === this.position;
      }
      this.window = Math.min(this.window * 2, MAX_WINDOW_BYTES);
      return;
    }
    // Newest first: read [from, position) forward, then take from its end.
    while (this.entries.length === 0 && this.position > this.logStartOffset) {
      throwIfAborted(signal);
      const from = Math.max(this.logStartOffset, this.position - this.windowRecords());
      const entries: Entry[] = [];
      let at = from;
      while (at < this.position) {
        const fetched = await readWindow(
          access,
          topic,
          this.partition,
          at,
          this.position,
          MAX_WINDOW_BYTES,
          this.mode,
          signal,
        );
        entries.push(...fetched.entries);
        if (fetched.nextOffset <= at) break;
        at = fetched.nextOffset;
      }
      this.entries = entries;
      if (entries.length === 0) this.position = from;
      this.window = Math.min(this.window * 2, MAX_WINDOW_BYTES);
    }
    this.exhausted = this.entries.length === 0;
  }

  /** How many offsets a backward window spans: the window in bytes over a guess of 100 bytes a record, at least 100. */
  private windowRecords(): number {
    return Math.max(100, Math.floor(this.window / 100));
  }
}

const MAX_WINDOW_BYTES = 4 * 1024 * 1024;

/** The buffer whose head comes next in the merged order, refilling empty ones first. */
async function nextBuffer(
  buffers: readonly PartitionBuffer[],
  order: Order,
  access: ClusterAccess,
  topic: string,
  signal: AbortSignal,
): Promise<PartitionBuffer | undefined> {
  await Promise.all(
    buffers.filter((b) => b.entries.length === 0 && !b.exhausted).map((b) => b.refill(access, topic, signal)),
  );
  let best: PartitionBuffer | undefined;
  for (const buffer of buffers) {
    const head = buffer.head;
    if (!head) continue;
    if (!best) {
      best = buffer;
      continue;
    }
    const other = best.head!;
    const diff =
      head.record.timestamp - other.record.timestamp ||
      buffer.partition - best.partition ||
      head.record.offset - other.record.offset;
    if (order === 'oldest-first' ? diff < 0 : diff > 0) best = buffer;
  }
  return best;
}

export async function browse(
  access: ClusterAccess,
  input: Input<'messages.browse'> & FilterDecoding,
  signal: AbortSignal,
): Promise<Result<'messages.browse'>> {
  const { partitions } = await topicPartitions(access, input.topic, input.partitions, signal);
  const refs = partitions.map((partition) => ({ topic: input.topic, partition }));
  const bounds = await partitionBounds(access, refs, { signal, deadlineMs: 10_000 }).catch((e: unknown) => {
    throw asNotFound(e);
  });
  let positions: Map<number, number>;
  if (input.cursor) {
    const cursor = decodeCursor(input.cursor, input.topic, input.order);
    const saved = new Map(cursor.positions.map(([p, o]) => [p, o] as const));
    positions = new Map(
      partitions.map((p) => {
        const { logStartOffset, highWatermark } = bounds.get(
          partitionKey({ topic: input.topic, partition: p }),
        )!;
        const fallback = input.order === 'oldest-first' ? logStartOffset : highWatermark;
        return [p, Math.min(Math.max(saved.get(p) ?? fallback, logStartOffset), highWatermark)];
      }),
    );
  } else {
    positions = await startPositions(
      access,
      input.topic,
      partitions,
      bounds,
      input.start,
      input.order,
      signal,
    );
  }

  const matches = compileRecordMatcher(input.filter, input.schemaRegistry);
  const window = input.filter ? 1024 * 1024 : Math.min(256 * 1024, Math.max(16 * 1024, input.limit * 1024));
  const buffers = partitions.map(
    (p) =>
      new PartitionBuffer(
        p,
        positions.get(p)!,
        bounds.get(partitionKey({ topic: input.topic, partition: p }))!,
        input.order,
        window,
        { committed: input.isolation === 'read_committed', showControl: input.showControl },
      ),
  );
  const records: Result<'messages.browse'>['records'] = [];
  let scanned = 0;
  while (records.length < input.limit && scanned < input.maxScan) {
    throwIfAborted(signal);
    const buffer = await nextBuffer(buffers, input.order, access, input.topic, signal);
    if (!buffer) break;
    const { record, batch, mark } = buffer.take();
    scanned++;
    const matched = matches(record);
    if (matched === true || (matched !== false && (await matched)))
      records.push(toMessageRecord(buffer.partition, record, batch, input.maxValueBytes, mark));
  }
  return {
    topic: input.topic,
    records,
    cursor: encodeCursor({
      v: 1,
      topic: input.topic,
      order: input.order,
      positions: buffers.map((b) => [b.partition, b.position] as const),
    }),
    atEnd: buffers.every((b) => b.exhausted && b.entries.length === 0),
    scanned,
    partitions: buffers.map((b) => ({
      partition: b.partition,
      logStartOffset: b.logStartOffset,
      highWatermark: b.highWatermark,
    })),
  };
}

export async function getMessage(
  access: ClusterAccess,
  input: Input<'messages.get'>,
  signal: AbortSignal,
): Promise<Result<'messages.get'>> {
  await topicPartitions(access, input.topic, [input.partition], signal);
  const where = `topic "${input.topic}" partition ${input.partition}`;
  const results = await fetchPartitions(
    access,
    [{ topic: input.topic, partition: input.partition, offset: input.offset }],
    {
      signal,
      deadlineMs: 15_000,
    },
  );
  const result = results.get(partitionKey({ topic: input.topic, partition: input.partition }))!;
  let bounds: PartitionBounds;
  if (result.ok) {
    for (const batch of result.value.batches) {
      if (batch.lastOffset < input.offset) continue;
      const record = (await batchRecords(batch, input.offset)).find((r) => r.offset === input.offset);
      if (record) return toMessageRecord(input.partition, record, batchInfo(batch), Infinity);
      break;
    }
    bounds = result.value;
  } else {
    const error = asNotFound(result.error);
    if (!(error instanceof KafkaError && error.code === ErrorCode.OFFSET_OUT_OF_RANGE)) throw error;
    const ref = { topic: input.topic, partition: input.partition };
    bounds = (await partitionBounds(access, [ref], { signal })).get(partitionKey(ref))!;
  }
  const reason =
    input.offset >= bounds.highWatermark
      ? `the partition ends at ${bounds.highWatermark}`
      : input.offset < bounds.logStartOffset
        ? `the partition starts at ${bounds.logStartOffset}`
        : 'it was removed by compaction or is a transaction marker';
  throw new ApiError('NOT_FOUND', `there is no record at offset ${input.offset} of ${where}: ${reason}`);
}
