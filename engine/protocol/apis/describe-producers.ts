/**
 * DescribeProducers (key 61): the active idempotent and transactional producers of partitions
 * (KIP-664), what `kafka-transactions describe-producers` shows. Version 0, flexible.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.DescribeProducers;
export const minVersion = 0;
export const maxVersion = 0;
export const firstFlexibleVersion = 0;

export interface DescribeProducersTopicRequest {
  readonly name: string;
  readonly partitionIndexes: readonly number[];
}

export interface DescribeProducersRequest {
  readonly topics: readonly DescribeProducersTopicRequest[];
}

export interface ProducerState {
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly lastSequence: number;
  readonly lastTimestamp: bigint;
  readonly coordinatorEpoch: number;
  /** First offset of the producer's open transaction, or -1. */
  readonly currentTxnStartOffset: bigint;
}

export interface DescribeProducersPartitionResponse {
  readonly partitionIndex: number;
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly activeProducers: readonly ProducerState[];
}

export interface DescribeProducersTopicResponse {
  readonly name: string;
  readonly partitions: readonly DescribeProducersPartitionResponse[];
}

export interface DescribeProducersResponse {
  readonly throttleTimeMs: number;
  readonly topics: readonly DescribeProducersTopicResponse[];
}

export function decodeRequest(r: Reader, version: number): DescribeProducersRequest {
  r.flexible = version >= firstFlexibleVersion;
  const topics = r.readArray((r): DescribeProducersTopicRequest => {
    const topic = { name: r.readString(), partitionIndexes: r.readInt32Array() };
    r.readTaggedFields();
    return topic;
  });
  r.readTaggedFields();
  return { topics };
}

export function encodeRequest(w: Writer, request: DescribeProducersRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeArray(request.topics, (w, t) =>
    w.writeString(t.name).writeInt32Array(t.partitionIndexes).writeTaggedFields(),
  );
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): DescribeProducersResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const topics = r.readArray((r): DescribeProducersTopicResponse => {
    const name = r.readString();
    const partitions = r.readArray((r): DescribeProducersPartitionResponse => {
      const partitionIndex = r.readInt32();
      const errorCode = r.readInt16();
      const errorMessage = r.readNullableString();
      const activeProducers = r.readArray((r): ProducerState => {
        const producerId = r.readInt64();
        const producerEpoch = r.readInt32();
        const lastSequence = r.readInt32();
        const lastTimestamp = r.readInt64();
        const coordinatorEpoch = r.readInt32();
        const currentTxnStartOffset = r.readInt64();
        r.readTaggedFields();
        return {
          producerId,
          producerEpoch,
          lastSequence,
          lastTimestamp,
          coordinatorEpoch,
          currentTxnStartOffset,
        };
      });
      r.readTaggedFields();
      return { partitionIndex, errorCode, errorMessage, activeProducers };
    });
    r.readTaggedFields();
    return { name, partitions };
  });
  r.readTaggedFields();
  return { throttleTimeMs, topics };
}

export function encodeResponse(w: Writer, response: DescribeProducersResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.topics, (w, t) => {
    w.writeString(t.name);
    w.writeArray(t.partitions, (w, p) => {
      w.writeInt32(p.partitionIndex).writeInt16(p.errorCode).writeNullableString(p.errorMessage);
      w.writeArray(p.activeProducers, (w, s) => {
        w.writeInt64(s.producerId).writeInt32(s.producerEpoch).writeInt32(s.lastSequence);
        w.writeInt64(s.lastTimestamp).writeInt32(s.coordinatorEpoch).writeInt64(s.currentTxnStartOffset);
        w.writeTaggedFields();
      });
      w.writeTaggedFields();
    });
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
