/**
 * ListPartitionReassignments (key 46): partitions whose replicas are being moved, with the
 * replicas being added and removed (KIP-455); `kafka-topics --describe` asks for it.
 * Version 0, flexible.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.ListPartitionReassignments;
export const minVersion = 0;
export const maxVersion = 0;
export const firstFlexibleVersion = 0;

export interface ListPartitionReassignmentsTopics {
  readonly name: string;
  readonly partitionIndexes: readonly number[];
}

export interface ListPartitionReassignmentsRequest {
  readonly timeoutMs: number;
  /** Null for every partition. */
  readonly topics: readonly ListPartitionReassignmentsTopics[] | null;
}

export interface OngoingPartitionReassignment {
  readonly partitionIndex: number;
  /** The current replica set. */
  readonly replicas: readonly number[];
  readonly addingReplicas: readonly number[];
  readonly removingReplicas: readonly number[];
}

export interface OngoingTopicReassignment {
  readonly name: string;
  readonly partitions: readonly OngoingPartitionReassignment[];
}

export interface ListPartitionReassignmentsResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly topics: readonly OngoingTopicReassignment[];
}

export function decodeRequest(r: Reader, version: number): ListPartitionReassignmentsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const timeoutMs = r.readInt32();
  const topics = r.readNullableArray((r): ListPartitionReassignmentsTopics => {
    const topic = { name: r.readString(), partitionIndexes: r.readInt32Array() };
    r.readTaggedFields();
    return topic;
  });
  r.readTaggedFields();
  return { timeoutMs, topics };
}

export function encodeRequest(w: Writer, request: ListPartitionReassignmentsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(request.timeoutMs);
  w.writeNullableArray(request.topics, (w, t) =>
    w.writeString(t.name).writeInt32Array(t.partitionIndexes).writeTaggedFields(),
  );
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): ListPartitionReassignmentsResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const errorCode = r.readInt16();
  const errorMessage = r.readNullableString();
  const topics = r.readArray((r): OngoingTopicReassignment => {
    const name = r.readString();
    const partitions = r.readArray((r): OngoingPartitionReassignment => {
      const partition = {
        partitionIndex: r.readInt32(),
        replicas: r.readInt32Array(),
        addingReplicas: r.readInt32Array(),
        removingReplicas: r.readInt32Array(),
      };
      r.readTaggedFields();
      return partition;
    });
    r.readTaggedFields();
    return { name, partitions };
  });
  r.readTaggedFields();
  return { throttleTimeMs, errorCode, errorMessage, topics };
}

export function encodeResponse(
  w: Writer,
  response: ListPartitionReassignmentsResponse,
  version: number,
): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs)
    .writeInt16(response.errorCode)
    .writeNullableString(response.errorMessage);
  w.writeArray(response.topics, (w, t) => {
    w.writeString(t.name);
    w.writeArray(t.partitions, (w, p) => {
      w.writeInt32(p.partitionIndex).writeInt32Array(p.replicas);
      w.writeInt32Array(p.addingReplicas).writeInt32Array(p.removingReplicas).writeTaggedFields();
    });
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
