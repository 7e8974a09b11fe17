/**
 * OffsetFetch (key 9): a group's committed offsets. Versions 1–10 (Kafka 4 dropped v0),
 * flexible from 6.
 *
 * v8 batches groups (KIP-709). One shape serves all versions: a list of groups; before v8 the
 * request carries exactly one group and the response one group, whose `groupId` the wire does
 * not repeat (it decodes as ''). Topics are named up to v9 and identified by topic id from v10.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import { ZERO_UUID } from '../uuid.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.OffsetFetch;
export const minVersion = 1;
export const maxVersion = 10;
export const firstFlexibleVersion = 6;

export interface OffsetFetchRequestTopic {
  readonly name: string;
  readonly topicId: string;
  readonly partitionIndexes: readonly number[];
}

export interface OffsetFetchRequestGroup {
  readonly groupId: string;
  /** The member asking, for consumer groups (v9+, KIP-848), or null. */
  readonly memberId: string | null;
  readonly memberEpoch: number;
  /** Null for every partition the group has committed (v2+). */
  readonly topics: readonly OffsetFetchRequestTopic[] | null;
}

export interface OffsetFetchRequest {
  /** Exactly one before v8. */
  readonly groups: readonly OffsetFetchRequestGroup[];
  /** Answer UNSTABLE_OFFSET_COMMIT while transactional commits are pending (v7+, KIP-447). */
  readonly requireStable: boolean;
}

export interface OffsetFetchResponsePartition {
  readonly partitionIndex: number;
  /** -1 when the group has no committed offset for the partition. */
  readonly committedOffset: bigint;
  readonly committedLeaderEpoch: number;
  readonly metadata: string | null;
  readonly errorCode: number;
}

export interface OffsetFetchResponseTopic {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: readonly OffsetFetchResponsePartition[];
}

export interface OffsetFetchResponseGroup {
  readonly groupId: string;
  readonly topics: readonly OffsetFetchResponseTopic[];
  readonly errorCode: number;
}

export interface OffsetFetchResponse {
  readonly throttleTimeMs: number;
  /** Exactly one before v8. */
  readonly groups: readonly OffsetFetchResponseGroup[];
}

function readRequestTopics(r: Reader, version: number): OffsetFetchRequestTopic[] | null {
  // v2 allows null: all committed partitions.
  return r.readNullableArray((r): OffsetFetchRequestTopic => {
    const name = version >= 10 ? '' : r.readString();
    const topicId = version >= 10 ? r.readUuid() : ZERO_UUID;
    const partitionIndexes = r.readInt32Array();
    r.readTaggedFields();
    return { name, topicId, partitionIndexes };
  });
}

function writeRequestTopics(
  w: Writer,
  topics: readonly OffsetFetchRequestTopic[] | null,
  version: number,
): void {
  w.writeNullableArray(version >= 2 ? topics : (topics ?? []), (w, t) => {
    if (version >= 10) w.writeUuid(t.topicId);
    else w.writeString(t.name);
    w.writeInt32Array(t.partitionIndexes).writeTaggedFields();
  });
}

function readResponseTopics(r: Reader, version: number): OffsetFetchResponseTopic[] {
  return r.readArray((r): OffsetFetchResponseTopic => {
    const name = version >= 10 ? '' : r.readString();
    const topicId = version >= 10 ? r.readUuid() : ZERO_UUID;
    const partitions = r.readArray((r): OffsetFetchResponsePartition => {
      const partitionIndex = r.readInt32();
      const committedOffset = r.readInt64();
      // v5 adds the committed leader epoch.
      const committedLeaderEpoch = version >= 5 ? r.readInt32() : -1;
      const metadata = r.readNullableString();
      const errorCode = r.readInt16();
      r.readTaggedFields();
      return { partitionIndex, committedOffset, committedLeaderEpoch, metadata, errorCode };
    });
    r.readTaggedFields();
    return { name, topicId, partitions };
  });
}

function writeResponseTopics(w: Writer, topics: readonly OffsetFetchResponseTopic[], version: number): void {
  w.writeArray(topics, (w, t) => {
    if (version >= 10) w.writeUuid(t.topicId);
    else w.writeString(t.name);
    w.writeArray(t.partitions, (w, p) => {
      w.writeInt32(p.partitionIndex).writeInt64(p.committedOffset);
      if (version >= 5) w.writeInt32(p.committedLeaderEpoch);
      w.writeNullableString(p.metadata).writeInt16(p.errorCode).writeTaggedFields();
    });
    w.writeTaggedFields();
  });
}

export function decodeRequest(r: Reader, version: number): OffsetFetchRequest {
  r.flexible = version >= firstFlexibleVersion;
  let groups: OffsetFetchRequestGroup[];
  if (version >= 8) {
    // v8 batches groups (KIP-709); v9 adds the member id and epoch (KIP-848).
    groups = r.readArray((r): OffsetFetchRequestGroup => {
      const groupId = r.readString();
      const memberId = version >= 9 ? r.readNullableString() : null;
      const memberEpoch = version >= 9 ? r.readInt32() : -1;
      const topics = readRequestTopics(r, version);
      r.readTaggedFields();
      return { groupId, memberId, memberEpoch, topics };
    });
  } else {
    const groupId = r.readString();
    groups = [{ groupId, memberId: null, memberEpoch: -1, topics: readRequestTopics(r, version) }];
  }
  // v7 adds requireStable (KIP-447).
  const requireStable = version >= 7 ? r.readBoolean() : false;
  r.readTaggedFields();
  return { groups, requireStable };
}

export function encodeRequest(w: Writer, request: OffsetFetchRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 8) {
    w.writeArray(request.groups, (w, g) => {
      w.writeString(g.groupId);
      if (version >= 9) w.writeNullableString(g.memberId).writeInt32(g.memberEpoch);
      writeRequestTopics(w, g.topics, version);
      w.writeTaggedFields();
    });
  } else {
    const group = request.groups[0];
    if (group === undefined) throw new RangeError('OffsetFetch before v8 asks for exactly one group');
    w.writeString(group.groupId);
    writeRequestTopics(w, group.topics, version);
  }
  if (version >= 7) w.writeBoolean(request.requireStable);
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): OffsetFetchResponse {
  r.flexible = version >= firstFlexibleVersion;
  // v3 adds the throttle time.
  const throttleTimeMs = version >= 3 ? r.readInt32() : 0;
  if (version >= 8) {
    const groups = r.readArray((r): OffsetFetchResponseGroup => {
      const groupId = r.readString();
      const topics = readResponseTopics(r, version);
      const errorCode = r.readInt16();
      r.readTaggedFields();
      return { groupId, topics, errorCode };
    });
    r.readTaggedFields();
    return { throttleTimeMs, groups };
  }
  const topics = readResponseTopics(r, version);
  // v2 adds a top-level error code.
  const errorCode = version >= 2 ? r.readInt16() : 0;
  r.readTaggedFields();
  return { throttleTimeMs, groups: [{ groupId: '', topics, errorCode }] };
}

export function encodeResponse(w: Writer, response: OffsetFetchResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 3) w.writeInt32(response.throttleTimeMs);
  if (version >= 8) {
    w.writeArray(response.groups, (w, g) => {
      w.writeString(g.groupId);
      writeResponseTopics(w, g.topics, version);
      w.writeInt16(g.errorCode).writeTaggedFields();
    });
  } else {
    const group = response.groups[0];
    if (group === undefined) throw new RangeError('OffsetFetch before v8 answers exactly one group');
    writeResponseTopics(w, group.topics, version);
    if (version >= 2) w.writeInt16(group.errorCode);
  }
  w.writeTaggedFields();
}
