/**
 * Heartbeat (key 12): a member of a classic group says it is alive; the answer tells it when to
 * rejoin (REBALANCE_IN_PROGRESS). Versions 0–4, flexible from 4.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.Heartbeat;
export const minVersion = 0;
export const maxVersion = 4;
export const firstFlexibleVersion = 4;

export interface HeartbeatRequest {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  /** v3+, or null. */
  readonly groupInstanceId: string | null;
}

export interface HeartbeatResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
}

export function decodeRequest(r: Reader, version: number): HeartbeatRequest {
  r.flexible = version >= firstFlexibleVersion;
  const groupId = r.readString();
  const generationId = r.readInt32();
  const memberId = r.readString();
  // v3 adds the group instance id (KIP-345).
  const groupInstanceId = version >= 3 ? r.readNullableString() : null;
  r.readTaggedFields();
  return { groupId, generationId, memberId, groupInstanceId };
}

export function encodeRequest(w: Writer, request: HeartbeatRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeString(request.groupId).writeInt32(request.generationId).writeString(request.memberId);
  if (version >= 3) w.writeNullableString(request.groupInstanceId);
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): HeartbeatResponse {
  r.flexible = version >= firstFlexibleVersion;
  // v1 adds the throttle time.
  const throttleTimeMs = version >= 1 ? r.readInt32() : 0;
  const errorCode = r.readInt16();
  r.readTaggedFields();
  return { throttleTimeMs, errorCode };
}

export function encodeResponse(w: Writer, response: HeartbeatResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 1) w.writeInt32(response.throttleTimeMs);
  w.writeInt16(response.errorCode).writeTaggedFields();
}
