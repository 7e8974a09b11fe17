/**
 * WriteTxnMarkers (key 27): the transaction coordinator asks partition leaders to write COMMIT
 * or ABORT control batches. Versions 1–2 (Kafka 4 dropped v0), flexible in both.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.WriteTxnMarkers;
export const minVersion = 1;
export const maxVersion = 2;
export const firstFlexibleVersion = 1;

export interface WritableTxnMarkerTopic {
  readonly name: string;
  readonly partitionIndexes: readonly number[];
}

export interface WritableTxnMarker {
  readonly producerId: bigint;
  readonly producerEpoch: number;
  /** true: COMMIT, false: ABORT. */
  readonly transactionResult: boolean;
  readonly topics: readonly WritableTxnMarkerTopic[];
  readonly coordinatorEpoch: number;
  /** The transaction protocol version of the transaction (v2+, KIP-890), 0 before. */
  readonly transactionVersion: number;
}

export interface WriteTxnMarkersRequest {
  readonly markers: readonly WritableTxnMarker[];
}

export interface WritableTxnMarkerPartitionResult {
  readonly partitionIndex: number;
  readonly errorCode: number;
}

export interface WritableTxnMarkerTopicResult {
  readonly name: string;
  readonly partitions: readonly WritableTxnMarkerPartitionResult[];
}

export interface WritableTxnMarkerResult {
  readonly producerId: bigint;
  readonly topics: readonly WritableTxnMarkerTopicResult[];
}

export interface WriteTxnMarkersResponse {
  readonly markers: readonly WritableTxnMarkerResult[];
}

export function decodeRequest(r: Reader, version: number): WriteTxnMarkersRequest {
  r.flexible = version >= firstFlexibleVersion;
  const markers = r.readArray((r): WritableTxnMarker => {
    const producerId = r.readInt64();
    const producerEpoch = r.readInt16();
    const transactionResult = r.readBoolean();
    const topics = r.readArray((r): WritableTxnMarkerTopic => {
      const topic = { name: r.readString(), partitionIndexes: r.readInt32Array() };
      r.readTaggedFields();
      return topic;
    });
    const coordinatorEpoch = r.readInt32();
    // v2 adds the transaction version (KIP-890).
    const transactionVersion = version >= 2 ? r.readInt8() : 0;
    r.readTaggedFields();
    return { producerId, producerEpoch, transactionResult, topics, coordinatorEpoch, transactionVersion };
  });
  r.readTaggedFields();
  return { markers };
}

export function encodeRequest(w: Writer, request: WriteTxnMarkersRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeArray(request.markers, (w, m) => {
    w.writeInt64(m.producerId).writeInt16(m.producerEpoch).writeBoolean(m.transactionResult);
    w.writeArray(m.topics, (w, t) =>
      w.writeString(t.name).writeInt32Array(t.partitionIndexes).writeTaggedFields(),
    );
    w.writeInt32(m.coordinatorEpoch);
    if (version >= 2) w.writeInt8(m.transactionVersion);
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): WriteTxnMarkersResponse {
  r.flexible = version >= firstFlexibleVersion;
  const markers = r.readArray((r): WritableTxnMarkerResult => {
    const producerId = r.readInt64();
    const topics = r.readArray((r): WritableTxnMarkerTopicResult => {
      const name = r.readString();
      const partitions = r.readArray((r): WritableTxnMarkerPartitionResult => {
        const result = { partitionIndex: r.readInt32(), errorCode: r.readInt16() };
        r.readTaggedFields();
        return result;
      });
      r.readTaggedFields();
      return { name, partitions };
    });
    r.readTaggedFields();
    return { producerId, topics };
  });
  r.readTaggedFields();
  return { markers };
}

export function encodeResponse(w: Writer, response: WriteTxnMarkersResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeArray(response.markers, (w, m) => {
    w.writeInt64(m.producerId);
    w.writeArray(m.topics, (w, t) => {
      w.writeString(t.name);
      w.writeArray(t.partitions, (w, p) =>
        w.writeInt32(p.partitionIndex).writeInt16(p.errorCode).writeTaggedFields(),
      );
      w.writeTaggedFields();
    });
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
