/**
 * CreatePartitions (key 37): raise a topic's partition count, optionally placing the new
 * partitions. Versions 0–3, flexible from 2.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.CreatePartitions;
export const minVersion = 0;
export const maxVersion = 3;
export const firstFlexibleVersion = 2;

export interface CreatePartitionsAssignment {
  readonly brokerIds: readonly number[];
}

export interface CreatePartitionsTopic {
  readonly name: string;
  /** The new total number of partitions. */
  readonly count: number;
  /** One assignment per new partition, or null to let the controller place them. */
  readonly assignments: readonly CreatePartitionsAssignment[] | null;
}

export interface CreatePartitionsRequest {
  readonly topics: readonly CreatePartitionsTopic[];
  readonly timeoutMs: number;
  readonly validateOnly: boolean;
}

export interface CreatePartitionsTopicResult {
  readonly name: string;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

export interface CreatePartitionsResponse {
  readonly throttleTimeMs: number;
  readonly results: readonly CreatePartitionsTopicResult[];
}

export function decodeRequest(r: Reader, version: number): CreatePartitionsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const topics = r.readArray((r): CreatePartitionsTopic => {
    const name = r.readString();
    const count = r.readInt32();
    const assignments = r.readNullableArray((r): CreatePartitionsAssignment => {
      const assignment = { brokerIds: r.readInt32Array() };
      r.readTaggedFields();
      return assignment;
    });
    r.readTaggedFields();
    return { name, count, assignments };
  });
  const timeoutMs = r.readInt32();
  const validateOnly = r.readBoolean();
  r.readTaggedFields();
  return { topics, timeoutMs, validateOnly };
}

export function encodeRequest(w: Writer, request: CreatePartitionsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeArray(request.topics, (w, topic) => {
    w.writeString(topic.name).writeInt32(topic.count);
    w.writeNullableArray(topic.assignments, (w, a) => w.writeInt32Array(a.brokerIds).writeTaggedFields());
    w.writeTaggedFields();
  });
  w.writeInt32(request.timeoutMs).writeBoolean(request.validateOnly).writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): CreatePartitionsResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const results = r.readArray((r): CreatePartitionsTopicResult => {
    const result = { name: r.readString(), errorCode: r.readInt16(), errorMessage: r.readNullableString() };
    r.readTaggedFields();
    return result;
  });
  r.readTaggedFields();
  return { throttleTimeMs, results };
}

export function encodeResponse(w: Writer, response: CreatePartitionsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.results, (w, t) => {
    w.writeString(t.name).writeInt16(t.errorCode).writeNullableString(t.errorMessage).writeTaggedFields();
  });
  w.writeTaggedFields();
}
