/**
 * TxnOffsetCommit (key 28): a transactional producer commits a group's offsets inside its
 * transaction; they become visible when the transaction commits. Versions 0–5, flexible from 3.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.TxnOffsetCommit;
export const minVersion = 0;
export const maxVersion = 5;
export const firstFlexibleVersion = 3;

export interface TxnOffsetCommitRequestPartition {
  readonly partitionIndex: number;
  readonly committedOffset: bigint;
  /** v2+, or -1. */
  readonly committedLeaderEpoch: number;
  readonly committedMetadata: string | null;
}

export interface TxnOffsetCommitRequestTopic {
  readonly name: string;
  readonly partitions: readonly TxnOffsetCommitRequestPartition[];
}

export interface TxnOffsetCommitRequest {
  readonly transactionalId: string;
  readonly groupId: string;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  /** The consumer's group generation, to fence zombies (v3+, KIP-447), or -1. */
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly topics: readonly TxnOffsetCommitRequestTopic[];
}

export interface TxnOffsetCommitResponsePartition {
  readonly partitionIndex: number;
  readonly errorCode: number;
}

export interface TxnOffsetCommitResponseTopic {
  readonly name: string;
  readonly partitions: readonly TxnOffsetCommitResponsePartition[];
}

export interface TxnOffsetCommitResponse {
  readonly throttleTimeMs: number;
  readonly topics: readonly TxnOffsetCommitResponseTopic[];
}

export function decodeRequest(r: Reader, version: number): TxnOffsetCommitRequest {
  r.flexible = version >= firstFlexibleVersion;
  const transactionalId = r.readString();
  const groupId = r.readString();
  const producerId = r.readInt64();
  const producerEpoch = r.readInt16();
  // v3 adds the group generation, member and instance id (KIP-447).
  const generationId = version >= 3 ? r.readInt32() : -1;
  const memberId = version >= 3 ? r.readString() : '';
  const groupInstanceId = version >= 3 ? r.readNullableString() : null;
  const topics = r.readArray((r): TxnOffsetCommitRequestTopic => {
    const name = r.readString();
    const partitions = r.readArray((r): TxnOffsetCommitRequestPartition => {
      const partitionIndex = r.readInt32();
      const committedOffset = r.readInt64();
      // v2 adds the committed leader epoch.
      const committedLeaderEpoch = version >= 2 ? r.readInt32() : -1;
      const committedMetadata = r.readNullableString();
      r.readTaggedFields();
      return { partitionIndex, committedOffset, committedLeaderEpoch, committedMetadata };
    });
    r.readTaggedFields();
    return { name, partitions };
  });
  r.readTaggedFields();
  return {
    transactionalId,
    groupId,
    producerId,
    producerEpoch,
    generationId,
    memberId,
    groupInstanceId,
    topics,
  };
}

export function encodeRequest(w: Writer, request: TxnOffsetCommitRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeString(request.transactionalId).writeString(request.groupId);
  w.writeInt64(request.producerId).writeInt16(request.producerEpoch);
  if (version >= 3) {
    w.writeInt32(request.generationId)
      .writeString(request.memberId)
      .writeNullableString(request.groupInstanceId);
  }
  w.writeArray(request.topics, (w, t) => {
    w.writeString(t.name);
    w.writeArray(t.partitions, (w, p) => {
      w.writeInt32(p.partitionIndex).writeInt64(p.committedOffset);
      if (version >= 2) w.writeInt32(p.committedLeaderEpoch);
      w.writeNullableString(p.committedMetadata).writeTaggedFields();
    });
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): TxnOffsetCommitResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const topics = r.readArray((r): TxnOffsetCommitResponseTopic => {
    const name = r.readString();
    const partitions = r.readArray((r): TxnOffsetCommitResponsePartition => {
      const result = { partitionIndex: r.readInt32(), errorCode: r.readInt16() };
      r.readTaggedFields();
      return result;
    });
    r.readTaggedFields();
    return { name, partitions };
  });
  r.readTaggedFields();
  return { throttleTimeMs, topics };
}

export function encodeResponse(w: Writer, response: TxnOffsetCommitResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.topics, (w, t) => {
    w.writeString(t.name);
    w.writeArray(t.partitions, (w, p) =>
      w.writeInt32(p.partitionIndex).writeInt16(p.errorCode).writeTaggedFields(),
    );
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
