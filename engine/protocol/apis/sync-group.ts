/**
 * SyncGroup (key 14): the leader hands in the assignment of every member; every member gets its
 * own. Versions 0–5, flexible from 4. Assignments are opaque bytes (see consumer-protocol.ts).
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.SyncGroup;
export const minVersion = 0;
export const maxVersion = 5;
export const firstFlexibleVersion = 4;

export interface SyncGroupRequestAssignment {
  readonly memberId: string;
  readonly assignment: Buffer;
}

export interface SyncGroupRequest {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  /** v3+, or null. */
  readonly groupInstanceId: string | null;
  /** Checked against the group's, when given (v5+, KIP-559), or null. */
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  /** From the leader only; empty for the other members. */
  readonly assignments: readonly SyncGroupRequestAssignment[];
}

export interface SyncGroupResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  /** v5+, or null. */
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignment: Buffer;
}

export function decodeRequest(r: Reader, version: number): SyncGroupRequest {
  r.flexible = version >= firstFlexibleVersion;
  const groupId = r.readString();
  const generationId = r.readInt32();
  const memberId = r.readString();
  // v3 adds the group instance id (KIP-345).
  const groupInstanceId = version >= 3 ? r.readNullableString() : null;
  // v5 adds the protocol type and name (KIP-559).
  const protocolType = version >= 5 ? r.readNullableString() : null;
  const protocolName = version >= 5 ? r.readNullableString() : null;
  const assignments = r.readArray((r): SyncGroupRequestAssignment => {
    const assignment = { memberId: r.readString(), assignment: r.readBytes() };
    r.readTaggedFields();
    return assignment;
  });
  r.readTaggedFields();
  return { groupId, generationId, memberId, groupInstanceId, protocolType, protocolName, assignments };
}

export function encodeRequest(w: Writer, request: SyncGroupRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeString(request.groupId).writeInt32(request.generationId).writeString(request.memberId);
  if (version >= 3) w.writeNullableString(request.groupInstanceId);
  if (version >= 5) w.writeNullableString(request.protocolType).writeNullableString(request.protocolName);
  w.writeArray(request.assignments, (w, a) =>
    w.writeString(a.memberId).writeBytes(a.assignment).writeTaggedFields(),
  );
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): SyncGroupResponse {
  r.flexible = version >= firstFlexibleVersion;
  // v1 adds the throttle time.
  const throttleTimeMs = version >= 1 ? r.readInt32() : 0;
  const errorCode = r.readInt16();
  const protocolType = version >= 5 ? r.readNullableString() : null;
  const protocolName = version >= 5 ? r.readNullableString() : null;
  const assignment = r.readBytes();
  r.readTaggedFields();
  return { throttleTimeMs, errorCode, protocolType, protocolName, assignment };
}

export function encodeResponse(w: Writer, response: SyncGroupResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 1) w.writeInt32(response.throttleTimeMs);
  w.writeInt16(response.errorCode);
  if (version >= 5) w.writeNullableString(response.protocolType).writeNullableString(response.protocolName);
  w.writeBytes(response.assignment).writeTaggedFields();
}
