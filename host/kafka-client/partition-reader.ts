/**
 * Reading partitions over any ClusterAccess: Fetch from each partition's leader (with retries),
 * then the record batches of each answer as zero-copy header views, and their records decoded
 * (decompressed through engine/records) on demand.
 *
 * What a fetch answer holds, and what is kept:
 * - whole batches from the one holding the fetch offset on (its records before the offset are
 *   dropped on decode), possibly ending with a partial batch cut by maxBytes: dropped;
 * - control batches (transaction markers): skipped unless asked for (`keepControl`), but they
 *   always count for `nextOffset`;
 * - a partition whose answer is only a partial batch (a batch bigger than partitionMaxBytes,
 *   possible beside another partition's data) is fetched again alone with room for that batch.
 */
import {
  BATCH_LENGTH_OFFSET,
  LOG_OVERHEAD,
  batchesOf,
  type BatchHeader,
} from '../../engine/records/batch.js';
import { decodeBatchRecords } from '../../engine/records/codec.js';
import type { LogRecord } from '../../engine/records/record.js';
import type { FetchPartition, FetchTopic } from '../../engine/protocol/apis/fetch.js';
import type { RecordSet } from '../../engine/protocol/apis/shared.js';
import { ErrorCode } from '../../engine/protocol/errors.js';
import { ZERO_UUID } from '../../engine/protocol/uuid.js';
import type { ClusterAccess } from '../cluster-access.js';
import { partitionKey } from './offsets.js';
import { forEachLeader, type ItemResult, type PartitionRef, type RetryOptions } from './routing.js';

export interface FetchItem extends PartitionRef {
  readonly offset: number;
}

export interface PartitionFetch {
  readonly topic: string;
  readonly partition: number;
  /** The offset asked for. */
  readonly fetchOffset: number;
  /** Complete data batches holding offsets at or past fetchOffset, in order. */
  readonly batches: readonly BatchHeader[];
  /** Where the next fetch of this partition starts (fetchOffset when nothing came). */
  readonly nextOffset: number;
  readonly highWatermark: number;
  readonly lastStableOffset: number;
  readonly logStartOffset: number;
  /** Bytes of the complete batches received (control batches included). */
  readonly bytes: number;
  /** read_committed only: the aborted transactions the batches overlap (KIP-98), else empty. */
  readonly abortedTransactions: readonly { readonly producerId: bigint; readonly firstOffset: number }[];
}

export interface FetchOptions extends RetryOptions {
  /** Long poll: how long the leader may wait for minBytes. Default 0 (answer at once). */
  readonly maxWaitMs?: number;
  readonly minBytes?: number;
  /** Bytes per partition. Default 1 MB. */
  readonly partitionMaxBytes?: number;
  /** Bytes per response. Default 50 MB. */
  readonly maxBytes?: number;
  /** 0 read_uncommitted (default), 1 read_committed. */
  readonly isolationLevel?: 0 | 1;
  /** Keep control batches (transaction markers) in `batches`. */
  readonly keepControl?: boolean;
  readonly lane?: string;
}

/** A record set as one buffer (in-process answers may be a list of segment slices). */
function asBuffer(records: RecordSet | null): Buffer {
  if (records === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(records)) return records;
  return records.length === 1 ? records[0]! : Buffer.concat(records);
}

function toPartitionFetch(
  item: FetchItem,
  data: {
    highWatermark: bigint;
    lastStableOffset: bigint;
    logStartOffset: bigint;
    abortedTransactions: readonly { producerId: bigint; firstOffset: bigint }[] | null;
    records: RecordSet | null;
  },
  keepControl: boolean,
): PartitionFetch & { partialBatchBytes: number } {
  const buffer = asBuffer(data.records);
  const batches: BatchHeader[] = [];
  let nextOffset = item.offset;
  let end = 0;
  for (const batch of batchesOf(buffer)) {
    end = batch.position + batch.sizeInBytes;
    if (batch.lastOffset < item.offset) continue;
    nextOffset = batch.nextOffset;
    if ((keepControl || !batch.isControl) && batch.recordCount > 0) batches.push(batch);
  }
  // A partial batch with nothing complete before it: how big the whole batch is.
  const partialBatchBytes =
    end === 0 && buffer.length >= LOG_OVERHEAD ? buffer.readInt32BE(BATCH_LENGTH_OFFSET) + LOG_OVERHEAD : 0;
  return {
    topic: item.topic,
    partition: item.partition,
    fetchOffset: item.offset,
    batches,
    nextOffset,
    highWatermark: Number(data.highWatermark),
    lastStableOffset: Number(data.lastStableOffset),
    logStartOffset: Number(data.logStartOffset),
    bytes: end,
    abortedTransactions: (data.abortedTransactions ?? []).map((a) => ({
      producerId: a.producerId,
      firstOffset: Number(a.firstOffset),
    })),
    partialBatchBytes,
  };
}

/**
 * Fetches each item's partition from its offset. Answers a result per item keyed by
 * `partitionKey`; a partition's error (OFFSET_OUT_OF_RANGE, an unknown topic, a leader not
 * found before the deadline) is its result, not a throw.
 */
export async function fetchPartitions(
  access: ClusterAccess,
  items: readonly FetchItem[],
  options: FetchOptions = {},
): Promise<Map<string, ItemResult<PartitionFetch>>> {
  const partitionMaxBytes = options.partitionMaxBytes ?? 1024 * 1024;
  const results = await fetchOnce(access, items, partitionMaxBytes, options);
  const out = new Map<string, ItemResult<PartitionFetch>>();
  for (const [item, result] of results) {
    if (
      result.ok &&
      result.value.batches.length === 0 &&
      result.value.partialBatchBytes > partitionMaxBytes
    ) {
      const again = await fetchOnce(access, [item], result.value.partialBatchBytes, {
        ...options,
        maxWaitMs: 0,
      });
      out.set(partitionKey(item), again.get(item)!);
    } else {
      out.set(partitionKey(item), result);
    }
  }
  return out;
}

async function fetchOnce(
  access: ClusterAccess,
  items: readonly FetchItem[],
  partitionMaxBytes: number,
  options: FetchOptions,
): Promise<Map<FetchItem, ItemResult<PartitionFetch & { partialBatchBytes: number }>>> {
  return forEachLeader(
    access,
    items,
    async (leader, group, epochs) => {
      const byTopic = new Map<string, FetchPartition[]>();
      for (const item of group) {
        const list = byTopic.get(item.topic) ?? [];
        list.push({
          partition: item.partition,
          currentLeaderEpoch: epochs.get(item) ?? -1,
          fetchOffset: BigInt(item.offset),
          lastFetchedEpoch: -1,
          logStartOffset: -1n,
          partitionMaxBytes,
          replicaDirectoryId: ZERO_UUID,
          highWatermark: 0x7fffffffffffffffn,
        });
        byTopic.set(item.topic, list);
      }
      const topics: FetchTopic[] = [...byTopic].map(([topic, partitions]) => ({
        topic,
        topicId: ZERO_UUID,
        partitions,
      }));
      const response = await access.request(
        'Fetch',
        {
          clusterId: null,
          replicaId: -1,
          replicaEpoch: -1n,
          maxWaitMs: options.maxWaitMs ?? 0,
          minBytes: options.minBytes ?? 1,
          maxBytes: Math.max(options.maxBytes ?? 50 * 1024 * 1024, partitionMaxBytes),
          isolationLevel: options.isolationLevel ?? 0,
          sessionId: 0,
          sessionEpoch: -1,
          topics,
          forgottenTopicsData: [],
          rackId: '',
        },
        { broker: leader },
        { signal: options.signal, ...(options.lane ? { lane: options.lane } : {}) },
      );
      if (response.errorCode !== ErrorCode.NONE) {
        return group.map((item) => ({ item, errorCode: response.errorCode }));
      }
      const answers = new Map<string, (typeof response.responses)[number]['partitions'][number]>();
      for (const topic of response.responses) {
        for (const p of topic.partitions) answers.set(`${topic.topic}:${p.partitionIndex}`, p);
      }
      return group.map((item) => {
        const answer = answers.get(partitionKey(item));
        if (!answer)
          return {
            item,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            errorMessage: 'missing from the Fetch response',
          };
        if (answer.errorCode !== ErrorCode.NONE) return { item, errorCode: answer.errorCode };
        return {
          item,
          errorCode: ErrorCode.NONE,
          value: toPartitionFetch(item, answer, options.keepControl ?? false),
        };
      });
    },
    options,
  );
}

/** The records of a batch at or after `fromOffset`, decompressed and decoded. */
export async function batchRecords(batch: BatchHeader, fromOffset = 0): Promise<LogRecord[]> {
  const records = await decodeBatchRecords(batch);
  if (batch.baseOffset >= fromOffset) return records;
  return records.filter((r) => r.offset >= fromOffset);
}
