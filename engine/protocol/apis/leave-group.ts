/**
 * LeaveGroup (key 13): members leave a classic group. Versions 0–5, flexible from 4.
 *
 * v3 batches members (KIP-345). One shape serves all versions: a list of members; before v3 the
 * request carries exactly one member id and the response no per-member results.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.LeaveGroup;
export const minVersion = 0;
export const maxVersion = 5;
export const firstFlexibleVersion = 4;

export interface MemberIdentity {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** Why the member leaves (v5+, KIP-800), or null. */
  readonly reason: string | null;
}

export interface LeaveGroupRequest {
  readonly groupId: string;
  /** Exactly one before v3. */
  readonly members: readonly MemberIdentity[];
}

export interface MemberResponse {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly errorCode: number;
}

export interface LeaveGroupResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  /** Per-member results (v3+); empty before. */
  readonly members: readonly MemberResponse[];
}

export function decodeRequest(r: Reader, version: number): LeaveGroupRequest {
  r.flexible = version >= firstFlexibleVersion;
  const groupId = r.readString();
  if (version < 3) {
    return { groupId, members: [{ memberId: r.readString(), groupInstanceId: null, reason: null }] };
  }
  // v3 batches members with their instance ids (KIP-345); v5 adds a reason (KIP-800).
  const members = r.readArray((r): MemberIdentity => {
    const memberId = r.readString();
    const groupInstanceId = r.readNullableString();
    const reason = version >= 5 ? r.readNullableString() : null;
    r.readTaggedFields();
    return { memberId, groupInstanceId, reason };
  });
  r.readTaggedFields();
  return { groupId, members };
}

export function encodeRequest(w: Writer, request: LeaveGroupRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeString(request.groupId);
  if (version < 3) {
    w.writeString(request.members[0]?.memberId ?? '');
    return;
  }
  w.writeArray(request.members, (w, m) => {
    w.writeString(m.memberId).writeNullableString(m.groupInstanceId);
    if (version >= 5) w.writeNullableString(m.reason);
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): LeaveGroupResponse {
  r.flexible = version >= firstFlexibleVersion;
  // v1 adds the throttle time.
  const throttleTimeMs = version >= 1 ? r.readInt32() : 0;
  const errorCode = r.readInt16();
  const members =
    version >= 3
      ? r.readArray((r): MemberResponse => {
          const member = {
            memberId: r.readString(),
            groupInstanceId: r.readNullableString(),
            errorCode: r.readInt16(),
          };
          r.readTaggedFields();
          return member;
        })
      : [];
  r.readTaggedFields();
  return { throttleTimeMs, errorCode, members };
}

export function encodeResponse(w: Writer, response: LeaveGroupResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 1) w.writeInt32(response.throttleTimeMs);
  w.writeInt16(response.errorCode);
  if (version >= 3) {
    w.writeArray(response.members, (w, m) => {
      w.writeString(m.memberId)
        .writeNullableString(m.groupInstanceId)
        .writeInt16(m.errorCode)
        .writeTaggedFields();
    });
  }
  w.writeTaggedFields();
}
