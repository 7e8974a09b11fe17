/**
 * OffsetDelete (key 47): delete a group's committed offsets for partitions it no longer consumes
 * (KIP-496). Version 0, never flexible.
 */
import { ApiKey } from '../api-keys.js';
import { NEVER_FLEXIBLE } from '../api.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.OffsetDelete;
export const minVersion = 0;
export const maxVersion = 0;
export const firstFlexibleVersion = NEVER_FLEXIBLE;

export interface OffsetDeleteRequestTopic {
  readonly name: string;
  readonly partitions: readonly { readonly partitionIndex: number }[];
}

export interface OffsetDeleteRequest {
  readonly groupId: string;
  readonly topics: readonly OffsetDeleteRequestTopic[];
}

export interface OffsetDeleteResponsePartition {
  readonly partitionIndex: number;
  readonly errorCode: number;
}

export interface OffsetDeleteResponseTopic {
  readonly name: string;
  readonly partitions: readonly OffsetDeleteResponsePartition[];
}

export interface OffsetDeleteResponse {
  readonly errorCode: number;
  readonly throttleTimeMs: number;
  readonly topics: readonly OffsetDeleteResponseTopic[];
}

export function decodeRequest(r: Reader, _version: number): OffsetDeleteRequest {
  r.flexible = false;
  const groupId = r.readString();
  const topics = r.readArray((r): OffsetDeleteRequestTopic => ({
    name: r.readString(),
    partitions: r.readArray((r) => ({ partitionIndex: r.readInt32() })),
  }));
  return { groupId, topics };
}

export function encodeRequest(w: Writer, request: OffsetDeleteRequest, _version: number): void {
  w.flexible = false;
  w.writeString(request.groupId);
  w.writeArray(request.topics, (w, t) => {
    w.writeString(t.name).writeArray(t.partitions, (w, p) => w.writeInt32(p.partitionIndex));
  });
}

export function decodeResponse(r: Reader, _version: number): OffsetDeleteResponse {
  r.flexible = false;
  const errorCode = r.readInt16();
  const throttleTimeMs = r.readInt32();
  const topics = r.readArray((r): OffsetDeleteResponseTopic => ({
    name: r.readString(),
    partitions: r.readArray((r) => ({ partitionIndex: r.readInt32(), errorCode: r.readInt16() })),
  }));
  return { errorCode, throttleTimeMs, topics };
}

export function encodeResponse(w: Writer, response: OffsetDeleteResponse, _version: number): void {
  w.flexible = false;
  w.writeInt16(response.errorCode).writeInt32(response.throttleTimeMs);
  w.writeArray(response.topics, (w, t) => {
    w.writeString(t.name).writeArray(t.partitions, (w, p) =>
      w.writeInt32(p.partitionIndex).writeInt16(p.errorCode),
    );
  });
}
