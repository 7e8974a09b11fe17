/**
 * OffsetForLeaderEpoch (key 23): the end offset of a leader epoch in the leader's log, so a
 * consumer or follower can detect truncation after a leader change (KIP-101, KIP-320).
 * Versions 2–4 (Kafka 4 dropped 0–1), flexible from 4.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.OffsetForLeaderEpoch;
export const minVersion = 2;
export const maxVersion = 4;
export const firstFlexibleVersion = 4;

/** ReplicaId of a consumer (v3+): -2 by convention, where -1 would mean a debugging tool. */
export const CONSUMER_REPLICA_ID = -2;

export interface OffsetForLeaderPartition {
  readonly partition: number;
  /** The epoch the requester believes current, for fencing, or -1. */
  readonly currentLeaderEpoch: number;
  /** The epoch whose end offset is wanted. */
  readonly leaderEpoch: number;
}

export interface OffsetForLeaderTopic {
  readonly topic: string;
  readonly partitions: readonly OffsetForLeaderPartition[];
}

export interface OffsetForLeaderEpochRequest {
  /** The follower's broker id, or CONSUMER_REPLICA_ID (v3+). */
  readonly replicaId: number;
  readonly topics: readonly OffsetForLeaderTopic[];
}

export interface EpochEndOffset {
  readonly errorCode: number;
  readonly partition: number;
  /** The largest epoch not above the requested one, or -1. */
  readonly leaderEpoch: number;
  readonly endOffset: bigint;
}

export interface OffsetForLeaderTopicResult {
  readonly topic: string;
  readonly partitions: readonly EpochEndOffset[];
}

export interface OffsetForLeaderEpochResponse {
  readonly throttleTimeMs: number;
  readonly topics: readonly OffsetForLeaderTopicResult[];
}

export function decodeRequest(r: Reader, version: number): OffsetForLeaderEpochRequest {
  r.flexible = version >= firstFlexibleVersion;
  // v3 adds the replica id.
  const replicaId = version >= 3 ? r.readInt32() : CONSUMER_REPLICA_ID;
  const topics = r.readArray((r): OffsetForLeaderTopic => {
    const topic = r.readString();
    const partitions = r.readArray((r): OffsetForLeaderPartition => {
      const p = { partition: r.readInt32(), currentLeaderEpoch: r.readInt32(), leaderEpoch: r.readInt32() };
      r.readTaggedFields();
      return p;
    });
    r.readTaggedFields();
    return { topic, partitions };
  });
  r.readTaggedFields();
  return { replicaId, topics };
}

export function encodeRequest(w: Writer, request: OffsetForLeaderEpochRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 3) w.writeInt32(request.replicaId);
  w.writeArray(request.topics, (w, topic) => {
    w.writeString(topic.topic);
    w.writeArray(topic.partitions, (w, p) => {
      w.writeInt32(p.partition)
        .writeInt32(p.currentLeaderEpoch)
        .writeInt32(p.leaderEpoch)
        .writeTaggedFields();
    });
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): OffsetForLeaderEpochResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const topics = r.readArray((r): OffsetForLeaderTopicResult => {
    const topic = r.readString();
    const partitions = r.readArray((r): EpochEndOffset => {
      const errorCode = r.readInt16();
      const partition = r.readInt32();
      const leaderEpoch = r.readInt32();
      const endOffset = r.readInt64();
      r.readTaggedFields();
      return { errorCode, partition, leaderEpoch, endOffset };
    });
    r.readTaggedFields();
    return { topic, partitions };
  });
  r.readTaggedFields();
  return { throttleTimeMs, topics };
}

export function encodeResponse(w: Writer, response: OffsetForLeaderEpochResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.topics, (w, topic) => {
    w.writeString(topic.topic);
    w.writeArray(topic.partitions, (w, p) => {
      w.writeInt16(p.errorCode).writeInt32(p.partition).writeInt32(p.leaderEpoch).writeInt64(p.endOffset);
      w.writeTaggedFields();
    });
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
