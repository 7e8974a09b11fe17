/**
 * OffsetCommit (key 8): a group commits consumed offsets. Versions 2–10 (Kafka 4 dropped 0–1),
 * flexible from 8. Topics are named up to v9 and identified by topic id from v10 (KIP-848):
 * `name` is '' and `topicId` set from v10, `topicId` is the zero UUID before.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import { ZERO_UUID } from '../uuid.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.OffsetCommit;
export const minVersion = 2;
export const maxVersion = 10;
export const firstFlexibleVersion = 8;

export interface OffsetCommitRequestPartition {
  readonly partitionIndex: number;
  readonly committedOffset: bigint;
  /** Leader epoch of the last consumed record (v6+, KIP-320), or -1. */
  readonly committedLeaderEpoch: number;
  readonly committedMetadata: string | null;
}

export interface OffsetCommitRequestTopic {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: readonly OffsetCommitRequestPartition[];
}

export interface OffsetCommitRequest {
  readonly groupId: string;
  /** The generation (classic groups) or member epoch (consumer groups); -1 for a simple commit. */
  readonly generationIdOrMemberEpoch: number;
  readonly memberId: string;
  /** v7+, or null. */
  readonly groupInstanceId: string | null;
  /** v2–4 only; -1 for the broker's offsets.retention.minutes. */
  readonly retentionTimeMs: bigint;
  readonly topics: readonly OffsetCommitRequestTopic[];
}

export interface OffsetCommitResponsePartition {
  readonly partitionIndex: number;
  readonly errorCode: number;
}

export interface OffsetCommitResponseTopic {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: readonly OffsetCommitResponsePartition[];
}

export interface OffsetCommitResponse {
  readonly throttleTimeMs: number;
  readonly topics: readonly OffsetCommitResponseTopic[];
}

export function decodeRequest(r: Reader, version: number): OffsetCommitRequest {
  r.flexible = version >= firstFlexibleVersion;
  const groupId = r.readString();
  const generationIdOrMemberEpoch = r.readInt32();
  const memberId = r.readString();
  // v7 adds the group instance id (KIP-345).
  const groupInstanceId = version >= 7 ? r.readNullableString() : null;
  // v5 drops the retention time (KIP-211).
  const retentionTimeMs = version <= 4 ? r.readInt64() : -1n;
  const topics = r.readArray((r): OffsetCommitRequestTopic => {
    // v10 identifies topics by id.
    const name = version >= 10 ? '' : r.readString();
    const topicId = version >= 10 ? r.readUuid() : ZERO_UUID;
    const partitions = r.readArray((r): OffsetCommitRequestPartition => {
      const partitionIndex = r.readInt32();
      const committedOffset = r.readInt64();
      // v6 adds the committed leader epoch.
      const committedLeaderEpoch = version >= 6 ? r.readInt32() : -1;
      const committedMetadata = r.readNullableString();
      r.readTaggedFields();
      return { partitionIndex, committedOffset, committedLeaderEpoch, committedMetadata };
    });
    r.readTaggedFields();
    return { name, topicId, partitions };
  });
  r.readTaggedFields();
  return { groupId, generationIdOrMemberEpoch, memberId, groupInstanceId, retentionTimeMs, topics };
}

export function encodeRequest(w: Writer, request: OffsetCommitRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeString(request.groupId).writeInt32(request.generationIdOrMemberEpoch).writeString(request.memberId);
  if (version >= 7) w.writeNullableString(request.groupInstanceId);
  if (version <= 4) w.writeInt64(request.retentionTimeMs);
  w.writeArray(request.topics, (w, t) => {
    if (version >= 10) w.writeUuid(t.topicId);
    else w.writeString(t.name);
    w.writeArray(t.partitions, (w, p) => {
      w.writeInt32(p.partitionIndex).writeInt64(p.committedOffset);
      if (version >= 6) w.writeInt32(p.committedLeaderEpoch);
      w.writeNullableString(p.committedMetadata).writeTaggedFields();
    });
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): OffsetCommitResponse {
  r.flexible = version >= firstFlexibleVersion;
  // v3 adds the throttle time.
  const throttleTimeMs = version >= 3 ? r.readInt32() : 0;
  const topics = r.readArray((r): OffsetCommitResponseTopic => {
    const name = version >= 10 ? '' : r.readString();
    const topicId = version >= 10 ? r.readUuid() : ZERO_UUID;
    const partitions = r.readArray((r): OffsetCommitResponsePartition => {
      const partition = { partitionIndex: r.readInt32(), errorCode: r.readInt16() };
      r.readTaggedFields();
      return partition;
    });
    r.readTaggedFields();
    return { name, topicId, partitions };
  });
  r.readTaggedFields();
  return { throttleTimeMs, topics };
}

export function encodeResponse(w: Writer, response: OffsetCommitResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 3) w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.topics, (w, t) => {
    if (version >= 10) w.writeUuid(t.topicId);
    else w.writeString(t.name);
    w.writeArray(t.partitions, (w, p) =>
      w.writeInt32(p.partitionIndex).writeInt16(p.errorCode).writeTaggedFields(),
    );
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
