/**
 * JoinGroup (key 11): a member joins a classic group, offering its protocols (for consumers,
 * assignors with subscription metadata); the leader gets every member's metadata back.
 * Versions 0–9, flexible from 6.
 *
 * Protocol metadata and member metadata are opaque bytes here (the consumer protocol lives in
 * consumer-protocol.ts), returned as views of the request frame.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.JoinGroup;
export const minVersion = 0;
export const maxVersion = 9;
export const firstFlexibleVersion = 6;

export interface JoinGroupRequestProtocol {
  readonly name: string;
  readonly metadata: Buffer;
}

export interface JoinGroupRequest {
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  /** v1+; before, the session timeout is also the rebalance timeout (-1 here). */
  readonly rebalanceTimeoutMs: number;
  /** '' for a new member. */
  readonly memberId: string;
  /** Static membership (v5+, KIP-345), or null. */
  readonly groupInstanceId: string | null;
  readonly protocolType: string;
  readonly protocols: readonly JoinGroupRequestProtocol[];
  /** Why the member (re)joins (v8+, KIP-800), or null. */
  readonly reason: string | null;
}

export interface JoinGroupResponseMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly metadata: Buffer;
}

export interface JoinGroupResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  readonly generationId: number;
  /** v7+, or null. */
  readonly protocolType: string | null;
  /** Null only from v7, on error. */
  readonly protocolName: string | null;
  readonly leader: string;
  /** The leader must not assign: a static leader rejoining (v9+, KIP-814). */
  readonly skipAssignment: boolean;
  readonly memberId: string;
  /** Every member's metadata, for the leader only. */
  readonly members: readonly JoinGroupResponseMember[];
}

export function decodeRequest(r: Reader, version: number): JoinGroupRequest {
  r.flexible = version >= firstFlexibleVersion;
  const groupId = r.readString();
  const sessionTimeoutMs = r.readInt32();
  // v1 adds the rebalance timeout.
  const rebalanceTimeoutMs = version >= 1 ? r.readInt32() : -1;
  const memberId = r.readString();
  // v5 adds the group instance id (static membership, KIP-345).
  const groupInstanceId = version >= 5 ? r.readNullableString() : null;
  const protocolType = r.readString();
  const protocols = r.readArray((r): JoinGroupRequestProtocol => {
    const protocol = { name: r.readString(), metadata: r.readBytes() };
    r.readTaggedFields();
    return protocol;
  });
  // v8 adds the reason (KIP-800).
  const reason = version >= 8 ? r.readNullableString() : null;
  r.readTaggedFields();
  return {
    groupId,
    sessionTimeoutMs,
    rebalanceTimeoutMs,
    memberId,
    groupInstanceId,
    protocolType,
    protocols,
    reason,
  };
}

export function encodeRequest(w: Writer, request: JoinGroupRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeString(request.groupId).writeInt32(request.sessionTimeoutMs);
  if (version >= 1) w.writeInt32(request.rebalanceTimeoutMs);
  w.writeString(request.memberId);
  if (version >= 5) w.writeNullableString(request.groupInstanceId);
  w.writeString(request.protocolType);
  w.writeArray(request.protocols, (w, p) => w.writeString(p.name).writeBytes(p.metadata).writeTaggedFields());
  if (version >= 8) w.writeNullableString(request.reason);
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): JoinGroupResponse {
  r.flexible = version >= firstFlexibleVersion;
  // v2 adds the throttle time.
  const throttleTimeMs = version >= 2 ? r.readInt32() : 0;
  const errorCode = r.readInt16();
  const generationId = r.readInt32();
  // v7 adds the protocol type, and the protocol name becomes nullable (KIP-559).
  const protocolType = version >= 7 ? r.readNullableString() : null;
  const protocolName = version >= 7 ? r.readNullableString() : r.readString();
  const leader = r.readString();
  // v9 adds skipAssignment (KIP-814).
  const skipAssignment = version >= 9 ? r.readBoolean() : false;
  const memberId = r.readString();
  const members = r.readArray((r): JoinGroupResponseMember => {
    const memberId = r.readString();
    const groupInstanceId = version >= 5 ? r.readNullableString() : null;
    const metadata = r.readBytes();
    r.readTaggedFields();
    return { memberId, groupInstanceId, metadata };
  });
  r.readTaggedFields();
  return {
    throttleTimeMs,
    errorCode,
    generationId,
    protocolType,
    protocolName,
    leader,
    skipAssignment,
    memberId,
    members,
  };
}

export function encodeResponse(w: Writer, response: JoinGroupResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 2) w.writeInt32(response.throttleTimeMs);
  w.writeInt16(response.errorCode).writeInt32(response.generationId);
  if (version >= 7) w.writeNullableString(response.protocolType).writeNullableString(response.protocolName);
  else w.writeString(response.protocolName ?? '');
  w.writeString(response.leader);
  if (version >= 9) w.writeBoolean(response.skipAssignment);
  w.writeString(response.memberId);
  w.writeArray(response.members, (w, m) => {
    w.writeString(m.memberId);
    if (version >= 5) w.writeNullableString(m.groupInstanceId);
    w.writeBytes(m.metadata).writeTaggedFields();
  });
  w.writeTaggedFields();
}
