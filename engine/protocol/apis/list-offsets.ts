/**
 * ListOffsets (key 2): the offset for a timestamp per partition, or one of the special
 * timestamps (-1 latest, -2 earliest, -3 max timestamp, -4 earliest local, -5 latest tiered).
 * Versions 1–11 (Kafka 4 dropped v0 and its offsets array), flexible from 6.
 * v7–v9 and v11 change no field, they only allow newer special timestamps.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.ListOffsets;
export const minVersion = 1;
export const maxVersion = 11;
export const firstFlexibleVersion = 6;

export interface ListOffsetsPartition {
  readonly partitionIndex: number;
  /** The leader epoch the client believes current (v4+), or -1. */
  readonly currentLeaderEpoch: number;
  readonly timestamp: bigint;
}

export interface ListOffsetsTopic {
  readonly name: string;
  readonly partitions: readonly ListOffsetsPartition[];
}

export interface ListOffsetsRequest {
  /** -1 for consumers. */
  readonly replicaId: number;
  /** 0: read_uncommitted (up to the high watermark), 1: read_committed (up to the last stable offset). */
  readonly isolationLevel: number;
  readonly topics: readonly ListOffsetsTopic[];
  /** How long to wait for offsets in remote storage (v10+, KIP-1075); 0 before. */
  readonly timeoutMs: number;
}

export interface ListOffsetsPartitionResponse {
  readonly partitionIndex: number;
  readonly errorCode: number;
  readonly timestamp: bigint;
  readonly offset: bigint;
  readonly leaderEpoch: number;
}

export interface ListOffsetsTopicResponse {
  readonly name: string;
  readonly partitions: readonly ListOffsetsPartitionResponse[];
}

export interface ListOffsetsResponse {
  readonly throttleTimeMs: number;
  readonly topics: readonly ListOffsetsTopicResponse[];
}

export function decodeRequest(r: Reader, version: number): ListOffsetsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const replicaId = r.readInt32();
  // v2 adds the isolation level.
  const isolationLevel = version >= 2 ? r.readInt8() : 0;
  const topics = r.readArray((r): ListOffsetsTopic => {
    const name = r.readString();
    const partitions = r.readArray((r): ListOffsetsPartition => {
      const partitionIndex = r.readInt32();
      // v4 adds the current leader epoch, for fencing (KIP-320).
      const currentLeaderEpoch = version >= 4 ? r.readInt32() : -1;
      const timestamp = r.readInt64();
      r.readTaggedFields();
      return { partitionIndex, currentLeaderEpoch, timestamp };
    });
    r.readTaggedFields();
    return { name, partitions };
  });
  // v10 adds a timeout for remote list offsets (KIP-1075).
  const timeoutMs = version >= 10 ? r.readInt32() : 0;
  r.readTaggedFields();
  return { replicaId, isolationLevel, topics, timeoutMs };
}

export function encodeRequest(w: Writer, request: ListOffsetsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(request.replicaId);
  if (version >= 2) w.writeInt8(request.isolationLevel);
  w.writeArray(request.topics, (w, topic) => {
    w.writeString(topic.name);
    w.writeArray(topic.partitions, (w, p) => {
      w.writeInt32(p.partitionIndex);
      if (version >= 4) w.writeInt32(p.currentLeaderEpoch);
      w.writeInt64(p.timestamp).writeTaggedFields();
    });
    w.writeTaggedFields();
  });
  if (version >= 10) w.writeInt32(request.timeoutMs);
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): ListOffsetsResponse {
  r.flexible = version >= firstFlexibleVersion;
  // v2 adds the throttle time.
  const throttleTimeMs = version >= 2 ? r.readInt32() : 0;
  const topics = r.readArray((r): ListOffsetsTopicResponse => {
    const name = r.readString();
    const partitions = r.readArray((r): ListOffsetsPartitionResponse => {
      const partitionIndex = r.readInt32();
      const errorCode = r.readInt16();
      const timestamp = r.readInt64();
      const offset = r.readInt64();
      // v4 adds the leader epoch of the returned offset.
      const leaderEpoch = version >= 4 ? r.readInt32() : -1;
      r.readTaggedFields();
      return { partitionIndex, errorCode, timestamp, offset, leaderEpoch };
    });
    r.readTaggedFields();
    return { name, partitions };
  });
  r.readTaggedFields();
  return { throttleTimeMs, topics };
}

export function encodeResponse(w: Writer, response: ListOffsetsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 2) w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.topics, (w, topic) => {
    w.writeString(topic.name);
    w.writeArray(topic.partitions, (w, p) => {
      w.writeInt32(p.partitionIndex).writeInt16(p.errorCode).writeInt64(p.timestamp).writeInt64(p.offset);
      if (version >= 4) w.writeInt32(p.leaderEpoch);
      w.writeTaggedFields();
    });
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
