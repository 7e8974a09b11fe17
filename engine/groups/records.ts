/**
 * The records of __consumer_offsets, in Kafka's own formats (the group coordinator's
 * OffsetCommitKey/Value and GroupMetadataKey/Value), so Kafka's OffsetsMessageFormatter and
 * GroupMetadataMessageFormatter print what Brokerlab writes. Every key and value starts with an
 * int16: the record type in a key, the schema version in a value. Strings are int16-length
 * UTF-8 and bytes int32-length, except in flexible versions (value v4), which use compact forms
 * and end every struct with tagged fields.
 *
 *   key type 0, 1   OffsetCommitKey     group string, topic string, partition int32
 *   key type 2      GroupMetadataKey    group string
 *   key type ≥ 3    the newer protocols' records (KIP-848 consumer groups, share groups):
 *                   never written here, skipped when loading
 *
 *   OffsetCommitValue    v0: offset int64, metadata string, commitTimestamp int64
 *                        v1: + expireTimestamp int64 (written only for commits that set a
 *                            retention time, OffsetCommit v2–v4)
 *                        v3: v0 with leaderEpoch int32 after the offset (what we write)
 *                        v4: v3, flexible
 *   GroupMetadataValue   v0: protocolType string, generation int32, protocol nullable string,
 *                            leader nullable string, members [memberId string, clientId string,
 *                            clientHost string, sessionTimeout int32, subscription bytes,
 *                            assignment bytes]
 *                        v1: + member rebalanceTimeout int32 before sessionTimeout
 *                        v2: + currentStateTimestamp int64 before the members
 *                        v3: + member groupInstanceId nullable string after memberId (what we
 *                            write)
 *                        v4: v3, flexible
 *
 * A null value is a tombstone: the offset, or the whole group's metadata, is gone (compaction
 * then drops the key). Worked example: group "g" committing offset 42 on t-0 at time T writes key
 * 00 01 | 00 01 67 | 00 01 74 | 00 00 00 00 and value 00 03 | 42 as int64 | ff ff ff ff | 00 00 | T.
 */
import { Reader } from '../protocol/reader.js';
import { Writer } from '../protocol/writer.js';

export const RecordType = { OFFSET_COMMIT_LEGACY: 0, OFFSET_COMMIT: 1, GROUP_METADATA: 2 } as const;

export interface OffsetCommitValue {
  readonly offset: number;
  /** Leader epoch of the last consumed record, -1 when unknown. */
  readonly leaderEpoch: number;
  readonly metadata: string;
  readonly commitTimestamp: number;
  /** Only from commits that asked for their own retention (OffsetCommit v2–v4), else null. */
  readonly expireTimestamp: number | null;
}

export interface MemberMetadataValue {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly rebalanceTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  /** The member's metadata for the group's chosen protocol. */
  readonly subscription: Buffer;
  readonly assignment: Buffer;
}

export interface GroupMetadataValue {
  readonly protocolType: string;
  readonly generation: number;
  readonly protocol: string | null;
  readonly leader: string | null;
  /** When the group entered its current state, null when the record does not say (v0–v1). */
  readonly currentStateTimestamp: number | null;
  readonly members: readonly MemberMetadataValue[];
}

export type OffsetsTopicRecord =
  | {
      readonly kind: 'offset';
      readonly groupId: string;
      readonly topic: string;
      readonly partition: number;
      readonly value: OffsetCommitValue | null;
    }
  | { readonly kind: 'group'; readonly groupId: string; readonly value: GroupMetadataValue | null }
  | { readonly kind: 'other'; readonly recordType: number };

const OFFSET_COMMIT_VALUE_VERSION = 3;
const OFFSET_COMMIT_VALUE_WITH_EXPIRY = 1;
const GROUP_METADATA_VALUE_VERSION = 3;
const FLEXIBLE_VALUE_VERSION = 4;

export function encodeOffsetCommitKey(groupId: string, topic: string, partition: number): Buffer {
  return new Writer(64)
    .writeInt16(RecordType.OFFSET_COMMIT)
    .writeString(groupId)
    .writeString(topic)
    .writeInt32(partition)
    .toBuffer();
}

export function encodeOffsetCommitValue(value: OffsetCommitValue): Buffer {
  const w = new Writer(64);
  if (value.expireTimestamp !== null) {
    w.writeInt16(OFFSET_COMMIT_VALUE_WITH_EXPIRY).writeInt64(BigInt(value.offset));
    w.writeString(value.metadata).writeInt64(BigInt(value.commitTimestamp));
    return w.writeInt64(BigInt(value.expireTimestamp)).toBuffer();
  }
  w.writeInt16(OFFSET_COMMIT_VALUE_VERSION).writeInt64(BigInt(value.offset)).writeInt32(value.leaderEpoch);
  return w.writeString(value.metadata).writeInt64(BigInt(value.commitTimestamp)).toBuffer();
}

export function encodeGroupMetadataKey(groupId: string): Buffer {
  return new Writer(32).writeInt16(RecordType.GROUP_METADATA).writeString(groupId).toBuffer();
}

export function encodeGroupMetadataValue(value: GroupMetadataValue): Buffer {
  const w = new Writer(256);
  w.writeInt16(GROUP_METADATA_VALUE_VERSION).writeString(value.protocolType).writeInt32(value.generation);
  w.writeNullableString(value.protocol).writeNullableString(value.leader);
  w.writeInt64(BigInt(value.currentStateTimestamp ?? -1));
  w.writeArray(value.members, (w, m) => {
    w.writeString(m.memberId).writeNullableString(m.groupInstanceId);
    w.writeString(m.clientId).writeString(m.clientHost);
    w.writeInt32(m.rebalanceTimeoutMs).writeInt32(m.sessionTimeoutMs);
    w.writeBytes(m.subscription).writeBytes(m.assignment);
  });
  return w.toBuffer();
}

/** Decodes one record of the topic; throws ProtocolDecodeError on bytes that fit no schema. */
export function decodeOffsetsTopicRecord(key: Buffer, value: Buffer | null): OffsetsTopicRecord {
  const r = new Reader(key);
  const recordType = r.readInt16();
  if (recordType === RecordType.OFFSET_COMMIT_LEGACY || recordType === RecordType.OFFSET_COMMIT) {
    const groupId = r.readString();
    const topic = r.readString();
    const partition = r.readInt32();
    return {
      kind: 'offset',
      groupId,
      topic,
      partition,
      value: value === null ? null : decodeOffsetCommitValue(value),
    };
  }
  if (recordType === RecordType.GROUP_METADATA) {
    const groupId = r.readString();
    return { kind: 'group', groupId, value: value === null ? null : decodeGroupMetadataValue(value) };
  }
  return { kind: 'other', recordType };
}

function readValueVersion(r: Reader, max: number, what: string): number {
  const version = r.readInt16();
  if (version < 0 || version > max) r.fail(`unknown ${what} version ${version}`);
  r.flexible = version >= FLEXIBLE_VALUE_VERSION;
  return version;
}

function decodeOffsetCommitValue(bytes: Buffer): OffsetCommitValue {
  const r = new Reader(bytes);
  const version = readValueVersion(r, 4, 'OffsetCommitValue');
  const offset = Number(r.readInt64());
  const leaderEpoch = version >= 3 ? r.readInt32() : -1;
  const metadata = r.readString();
  const commitTimestamp = Number(r.readInt64());
  const expireTimestamp = version === 1 ? Number(r.readInt64()) : null;
  r.readTaggedFields();
  return { offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp };
}

function decodeGroupMetadataValue(bytes: Buffer): GroupMetadataValue {
  const r = new Reader(bytes);
  const version = readValueVersion(r, 4, 'GroupMetadataValue');
  const protocolType = r.readString();
  const generation = r.readInt32();
  const protocol = r.readNullableString();
  const leader = r.readNullableString();
  const stateTimestamp = version >= 2 ? Number(r.readInt64()) : -1;
  const members = r.readArray((r): MemberMetadataValue => {
    const memberId = r.readString();
    const groupInstanceId = version >= 3 ? r.readNullableString() : null;
    const clientId = r.readString();
    const clientHost = r.readString();
    const rebalanceTimeout = version >= 1 ? r.readInt32() : -1;
    const sessionTimeoutMs = r.readInt32();
    // Copies: the record's bytes belong to a segment read that is not kept.
    const subscription = Buffer.from(r.readBytes());
    const assignment = Buffer.from(r.readBytes());
    r.readTaggedFields();
    return {
      memberId,
      groupInstanceId,
      clientId,
      clientHost,
      // Before v1 the session timeout served as the rebalance timeout too.
      rebalanceTimeoutMs: rebalanceTimeout >= 0 ? rebalanceTimeout : sessionTimeoutMs,
      sessionTimeoutMs,
      subscription,
      assignment,
    };
  });
  r.readTaggedFields();
  return {
    protocolType,
    generation,
    protocol,
    leader,
    currentStateTimestamp: stateTimestamp >= 0 ? stateTimestamp : null,
    members,
  };
}
