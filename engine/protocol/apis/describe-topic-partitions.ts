/**
 * DescribeTopicPartitions (key 75): topic and partition metadata, paged by a cursor, with the
 * eligible leader replicas of KIP-966; what Kafka 4's `kafka-topics --describe` uses.
 * Version 0, flexible.
 *
 * The cursor is a nullable struct: an int8 marker (-1 null, 1 present) then the struct.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.DescribeTopicPartitions;
export const minVersion = 0;
export const maxVersion = 0;
export const firstFlexibleVersion = 0;

/** Where a page starts: the first partition to describe. */
export interface Cursor {
  readonly topicName: string;
  readonly partitionIndex: number;
}

export interface DescribeTopicPartitionsRequest {
  readonly topics: readonly { readonly name: string }[];
  /** The most partitions to return in one response. */
  readonly responsePartitionLimit: number;
  readonly cursor: Cursor | null;
}

export interface DescribeTopicPartitionsResponsePartition {
  readonly errorCode: number;
  readonly partitionIndex: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly replicaNodes: readonly number[];
  readonly isrNodes: readonly number[];
  /** Replicas that may become leader though out of the ISR (KIP-966), or null. */
  readonly eligibleLeaderReplicas: readonly number[] | null;
  readonly lastKnownElr: readonly number[] | null;
  readonly offlineReplicas: readonly number[];
}

export interface DescribeTopicPartitionsResponseTopic {
  readonly errorCode: number;
  readonly name: string | null;
  readonly topicId: string;
  readonly isInternal: boolean;
  readonly partitions: readonly DescribeTopicPartitionsResponsePartition[];
  readonly topicAuthorizedOperations: number;
}

export interface DescribeTopicPartitionsResponse {
  readonly throttleTimeMs: number;
  readonly topics: readonly DescribeTopicPartitionsResponseTopic[];
  /** Where the next page starts, or null when this was the last. */
  readonly nextCursor: Cursor | null;
}

function readCursor(r: Reader): Cursor | null {
  if (r.readInt8() < 0) return null;
  const cursor = { topicName: r.readString(), partitionIndex: r.readInt32() };
  r.readTaggedFields();
  return cursor;
}

function writeCursor(w: Writer, cursor: Cursor | null): void {
  if (cursor === null) {
    w.writeInt8(-1);
    return;
  }
  w.writeInt8(1).writeString(cursor.topicName).writeInt32(cursor.partitionIndex).writeTaggedFields();
}

export function decodeRequest(r: Reader, version: number): DescribeTopicPartitionsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const topics = r.readArray((r) => {
    const topic = { name: r.readString() };
    r.readTaggedFields();
    return topic;
  });
  const responsePartitionLimit = r.readInt32();
  const cursor = readCursor(r);
  r.readTaggedFields();
  return { topics, responsePartitionLimit, cursor };
}

export function encodeRequest(w: Writer, request: DescribeTopicPartitionsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeArray(request.topics, (w, t) => w.writeString(t.name).writeTaggedFields());
  w.writeInt32(request.responsePartitionLimit);
  writeCursor(w, request.cursor);
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): DescribeTopicPartitionsResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const topics = r.readArray((r): DescribeTopicPartitionsResponseTopic => {
    const errorCode = r.readInt16();
    const name = r.readNullableString();
    const topicId = r.readUuid();
    const isInternal = r.readBoolean();
    const partitions = r.readArray((r): DescribeTopicPartitionsResponsePartition => {
      const errorCode = r.readInt16();
      const partitionIndex = r.readInt32();
      const leaderId = r.readInt32();
      const leaderEpoch = r.readInt32();
      const replicaNodes = r.readInt32Array();
      const isrNodes = r.readInt32Array();
      const eligibleLeaderReplicas = r.readNullableArray((r) => r.readInt32());
      const lastKnownElr = r.readNullableArray((r) => r.readInt32());
      const offlineReplicas = r.readInt32Array();
      r.readTaggedFields();
      return {
        errorCode,
        partitionIndex,
        leaderId,
        leaderEpoch,
        replicaNodes,
        isrNodes,
        eligibleLeaderReplicas,
        lastKnownElr,
        offlineReplicas,
      };
    });
    const topicAuthorizedOperations = r.readInt32();
    r.readTaggedFields();
    return { errorCode, name, topicId, isInternal, partitions, topicAuthorizedOperations };
  });
  const nextCursor = readCursor(r);
  r.readTaggedFields();
  return { throttleTimeMs, topics, nextCursor };
}

export function encodeResponse(w: Writer, response: DescribeTopicPartitionsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.topics, (w, t) => {
    w.writeInt16(t.errorCode).writeNullableString(t.name).writeUuid(t.topicId).writeBoolean(t.isInternal);
    w.writeArray(t.partitions, (w, p) => {
      w.writeInt16(p.errorCode).writeInt32(p.partitionIndex).writeInt32(p.leaderId).writeInt32(p.leaderEpoch);
      w.writeInt32Array(p.replicaNodes).writeInt32Array(p.isrNodes);
      w.writeNullableArray(p.eligibleLeaderReplicas, (w, id) => w.writeInt32(id));
      w.writeNullableArray(p.lastKnownElr, (w, id) => w.writeInt32(id));
      w.writeInt32Array(p.offlineReplicas).writeTaggedFields();
    });
    w.writeInt32(t.topicAuthorizedOperations).writeTaggedFields();
  });
  writeCursor(w, response.nextCursor);
  w.writeTaggedFields();
}
