/**
 * ListGroups (key 16): the groups a coordinator hosts, optionally filtered by state (v4+) and
 * type (v5+). Versions 0–5, flexible from 3.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.ListGroups;
export const minVersion = 0;
export const maxVersion = 5;
export const firstFlexibleVersion = 3;

export interface ListGroupsRequest {
  /** Only groups in these states (v4+, KIP-518); empty for all. */
  readonly statesFilter: readonly string[];
  /** Only groups of these types, `classic` or `consumer` (v5+, KIP-848); empty for all. */
  readonly typesFilter: readonly string[];
}

export interface ListedGroup {
  readonly groupId: string;
  readonly protocolType: string;
  /** v4+, '' before. */
  readonly groupState: string;
  /** v5+, '' before. */
  readonly groupType: string;
}

export interface ListGroupsResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  readonly groups: readonly ListedGroup[];
}

export function decodeRequest(r: Reader, version: number): ListGroupsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const statesFilter = version >= 4 ? r.readStringArray() : [];
  const typesFilter = version >= 5 ? r.readStringArray() : [];
  r.readTaggedFields();
  return { statesFilter, typesFilter };
}

export function encodeRequest(w: Writer, request: ListGroupsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 4) w.writeStringArray(request.statesFilter);
  if (version >= 5) w.writeStringArray(request.typesFilter);
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): ListGroupsResponse {
  r.flexible = version >= firstFlexibleVersion;
  // v1 adds the throttle time.
  const throttleTimeMs = version >= 1 ? r.readInt32() : 0;
  const errorCode = r.readInt16();
  const groups = r.readArray((r): ListedGroup => {
    const groupId = r.readString();
    const protocolType = r.readString();
    const groupState = version >= 4 ? r.readString() : '';
    const groupType = version >= 5 ? r.readString() : '';
    r.readTaggedFields();
    return { groupId, protocolType, groupState, groupType };
  });
  r.readTaggedFields();
  return { throttleTimeMs, errorCode, groups };
}

export function encodeResponse(w: Writer, response: ListGroupsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 1) w.writeInt32(response.throttleTimeMs);
  w.writeInt16(response.errorCode);
  w.writeArray(response.groups, (w, g) => {
    w.writeString(g.groupId).writeString(g.protocolType);
    if (version >= 4) w.writeString(g.groupState);
    if (version >= 5) w.writeString(g.groupType);
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
