/**
 * What the message inspector says about transactional records: whether each one's transaction
 * committed, aborted or is still open, and which batches are the markers that ended them.
 *
 * A window of one partition's batches (data and control, in offset order) settles most records
 * itself: a producer's transactional batches belong to the transaction its next marker in the
 * partition ends (COMMIT or ABORT). Records whose marker lies past the window are settled by
 * asking the leader: DescribeProducers says whether the producer's transaction is still open
 * there (it started at or before the record); otherwise the partition is read on, a bounded
 * stretch, until that producer's marker. Past that bound the state is left unknown.
 *
 * read_committed reads use the fetch's aborted-transaction list instead, as Kafka's consumers do:
 * from an aborted transaction's first offset, that producer's batches are dropped until its ABORT
 * marker; everything a read_committed read keeps is committed.
 */
import type { BatchHeader } from '../../engine/records/batch.js';
import { ControlRecordType, decodeEndTxnMarker } from '../../engine/records/control.js';
import type { ClusterAccess } from '../cluster-access.js';
import { partitionKey } from '../kafka-client/offsets.js';
import { batchRecords, fetchPartitions, type PartitionFetch } from '../kafka-client/partition-reader.js';
import { openTransactionsOf } from './transactions.js';

export type TxnState = 'committed' | 'aborted' | 'open';

export type BatchMark =
  | { readonly kind: 'data'; readonly producerId: number; readonly state: TxnState | null }
  | {
      readonly kind: 'control';
      readonly producerId: number;
      readonly type: 'commit' | 'abort';
      readonly coordinatorEpoch: number;
    };

/** How far past a window the partition is read for a transaction's marker. */
const MARKER_SEARCH_BYTES = 8 * 1024 * 1024;

interface Marker {
  readonly producerId: bigint;
  readonly commit: boolean;
  readonly coordinatorEpoch: number;
}

async function markerOf(batch: BatchHeader): Promise<Marker | null> {
  const [record] = await batchRecords(batch);
  if (!record) return null;
  try {
    const marker = decodeEndTxnMarker(record.key, record.value);
    return {
      producerId: batch.producerId,
      commit: marker.type === ControlRecordType.COMMIT,
      coordinatorEpoch: marker.coordinatorEpoch,
    };
  } catch {
    // Another kind of control record (none are written today): not a transaction's end.
    return null;
  }
}

/** Marks the transactional and control batches of one read_uncommitted window. */
export async function markWindow(
  access: ClusterAccess,
  topic: string,
  partition: number,
  batches: readonly BatchHeader[],
  windowEnd: number,
  signal: AbortSignal,
): Promise<Map<BatchHeader, BatchMark>> {
  const marks = new Map<BatchHeader, BatchMark>();
  const pending = new Map<bigint, BatchHeader[]>();
  const settle = (producerId: bigint, state: TxnState | null): void => {
    for (const header of pending.get(producerId) ?? [])
      marks.set(header, { kind: 'data', producerId: Number(producerId), state });
    pending.delete(producerId);
  };
  for (const batch of batches) {
    if (batch.isControl) {
      const marker = await markerOf(batch);
      if (marker === null) continue;
      settle(marker.producerId, marker.commit ? 'committed' : 'aborted');
      marks.set(batch, {
        kind: 'control',
        producerId: Number(marker.producerId),
        type: marker.commit ? 'commit' : 'abort',
        coordinatorEpoch: marker.coordinatorEpoch,
      });
    } else if (batch.isTransactional) {
      const list = pending.get(batch.producerId) ?? [];
      list.push(batch);
      pending.set(batch.producerId, list);
    }
  }
  if (pending.size === 0) return marks;
  const open = await openTransactionsOf(access, topic, [partition], signal)
    .then((described) => described.get(partition)?.open ?? [])
    .catch(() => []);
  const later = new Map<bigint, boolean>();
  for (const [producerId, headers] of pending) {
    const first = headers[0]!.baseOffset;
    if (open.some((o) => BigInt(o.producerId) === producerId && o.startOffset <= first)) {
      settle(producerId, 'open');
      continue;
    }
    later.set(producerId, false);
  }
  if (later.size > 0) {
    const found = await findMarkers(access, topic, partition, windowEnd, new Set(later.keys()), signal);
    for (const producerId of later.keys()) {
      const marker = found.get(producerId);
      settle(producerId, marker === undefined ? null : marker.commit ? 'committed' : 'aborted');
    }
  }
  return marks;
}

/** Reads on from `from` until each producer's next marker, or the search bound. */
async function findMarkers(
  access: ClusterAccess,
  topic: string,
  partition: number,
  from: number,
  producers: Set<bigint>,
  signal: AbortSignal,
): Promise<Map<bigint, Marker>> {
  const found = new Map<bigint, Marker>();
  let offset = from;
  let read = 0;
  while (found.size < producers.size && read < MARKER_SEARCH_BYTES) {
    const results = await fetchPartitions(access, [{ topic, partition, offset }], {
      signal,
      keepControl: true,
      partitionMaxBytes: 1024 * 1024,
      deadlineMs: 10_000,
    });
    const result = results.get(partitionKey({ topic, partition }));
    if (!result?.ok) break;
    const fetched: PartitionFetch = result.value;
    for (const batch of fetched.batches) {
      if (!batch.isControl || !producers.has(batch.producerId) || found.has(batch.producerId)) continue;
      const marker = await markerOf(batch);
      if (marker) found.set(batch.producerId, marker);
    }
    if (fetched.nextOffset <= offset) break;
    offset = fetched.nextOffset;
    read += Math.max(1, fetched.bytes);
  }
  return found;
}

/**
 * The batches a read_committed consumer keeps: data batches outside aborted transactions (and,
 * when `keepControl`, the markers), with what each is.
 */
export async function committedBatches(
  fetched: PartitionFetch,
  keepControl: boolean,
): Promise<{ batch: BatchHeader; mark: BatchMark | null }[]> {
  const aborted = [...fetched.abortedTransactions].sort((a, b) => a.firstOffset - b.firstOffset);
  const abortedProducers = new Set<bigint>();
  const kept: { batch: BatchHeader; mark: BatchMark | null }[] = [];
  let next = 0;
  for (const batch of fetched.batches) {
    while (next < aborted.length && aborted[next]!.firstOffset <= batch.lastOffset) {
      abortedProducers.add(aborted[next]!.producerId);
      next++;
    }
    if (batch.isControl) {
      const marker = await markerOf(batch);
      if (marker === null) continue;
      if (!marker.commit) abortedProducers.delete(marker.producerId);
      if (keepControl) {
        kept.push({
          batch,
          mark: {
            kind: 'control',
            producerId: Number(marker.producerId),
            type: marker.commit ? 'commit' : 'abort',
            coordinatorEpoch: marker.coordinatorEpoch,
          },
        });
      }
      continue;
    }
    if (!batch.isTransactional) {
      kept.push({ batch, mark: null });
    } else if (!abortedProducers.has(batch.producerId)) {
      kept.push({ batch, mark: { kind: 'data', producerId: Number(batch.producerId), state: 'committed' } });
    }
  }
  return kept;
}
