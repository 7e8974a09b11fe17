/**
 * WriteTxnMarkers: the transaction coordinator (or an administrator aborting a hanging
 * transaction, as `kafka-transactions abort` does) asks a partition's leader to end a producer's
 * transaction there with a COMMIT or ABORT control batch. As Kafka's
 * KafkaApis.handleWriteTxnMarkersRequest:
 *
 * - a partition the cluster does not know: UNKNOWN_TOPIC_OR_PARTITION; one led elsewhere:
 *   NOT_LEADER_OR_FOLLOWER; the rest get one control batch each, appended as the coordinator
 *   (origin 'coordinator') with acks=all, so `min.insync.replicas` applies (NOT_ENOUGH_REPLICAS);
 * - the log fences a marker whose producer epoch is older than the producer's
 *   (INVALID_PRODUCER_EPOCH) or whose coordinator epoch is older than the last marker's
 *   (TRANSACTION_COORDINATOR_FENCED);
 * - once a marker is written to partitions of __consumer_offsets, the group coordinator makes
 *   the transaction's offsets visible (COMMIT) or drops them (ABORT).
 *
 * The marker's producer state update ends the transaction in that partition: the last stable
 * offset moves past it and an ABORT is recorded in the aborted-transaction index.
 */
import type { WritableTxnMarker, WritableTxnMarkerResult } from '../../protocol/apis/write-txn-markers.js';
import * as writeTxnMarkers from '../../protocol/apis/write-txn-markers.js';
import { ErrorCode } from '../../protocol/errors.js';
import { encodeUncompressedBatch } from '../../records/codec.js';
import { ControlRecordType, encodeControlKey, encodeEndTxnValue } from '../../records/control.js';
import { defineHandler, type HandlerContext } from '../handler.js';
import { GROUP_METADATA_TOPIC_NAME } from '../internal-topics.js';
import { partitionExists } from './partitions.js';

/** Kafka appends markers with the broker's request.timeout.ms (30 s by default). */
const MARKER_APPEND_TIMEOUT_MS = 30_000;

export default defineHandler({
  api: writeTxnMarkers,
  async handle(request, context) {
    // Markers of different producers are independent: write them side by side.
    const markers = await Promise.all(request.markers.map((marker) => writeMarker(marker, context)));
    return { markers };
  },
  errorResponse: (request, error) => ({
    markers: request.markers.map((m) => resultOf(m, () => error)),
  }),
});

async function writeMarker(
  marker: WritableTxnMarker,
  context: HandlerContext,
): Promise<WritableTxnMarkerResult> {
  const { metadata, replicas, groups } = context.services;
  const errors = new Map<string, ErrorCode>();
  const entries: { tp: { topic: string; partition: number }; records: Buffer }[] = [];
  const type = marker.transactionResult ? ControlRecordType.COMMIT : ControlRecordType.ABORT;
  for (const topic of marker.topics) {
    for (const partition of topic.partitionIndexes) {
      if (!partitionExists(metadata, topic.name, partition)) {
        errors.set(key(topic.name, partition), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        continue;
      }
      entries.push({
        tp: { topic: topic.name, partition },
        records: encodeUncompressedBatch({
          records: [{ key: encodeControlKey(type), value: encodeEndTxnValue(marker.coordinatorEpoch) }],
          isControl: true,
          isTransactional: true,
          producerId: marker.producerId,
          producerEpoch: marker.producerEpoch,
        }),
      });
    }
  }
  const results =
    entries.length === 0
      ? []
      : await replicas.appendRecords({
          acks: -1,
          timeoutMs: MARKER_APPEND_TIMEOUT_MS,
          transactionalId: null,
          origin: 'coordinator',
          entries,
        });
  for (const result of results) errors.set(key(result.tp.topic, result.tp.partition), result.errorCode);

  const offsetsPartitions = results
    .filter((r) => r.tp.topic === GROUP_METADATA_TOPIC_NAME && r.errorCode === ErrorCode.NONE)
    .map((r) => r.tp.partition);
  if (offsetsPartitions.length > 0 && groups !== undefined) {
    groups.completeTransaction(marker.producerId, offsetsPartitions, marker.transactionResult);
  }
  return resultOf(
    marker,
    (topic, partition) => errors.get(key(topic, partition)) ?? ErrorCode.UNKNOWN_SERVER_ERROR,
  );
}

function resultOf(
  marker: WritableTxnMarker,
  errorOf: (topic: string, partition: number) => ErrorCode,
): WritableTxnMarkerResult {
  return {
    producerId: marker.producerId,
    topics: marker.topics.map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((partitionIndex) => ({
        partitionIndex,
        errorCode: errorOf(t.name, partitionIndex),
      })),
    })),
  };
}

function key(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
