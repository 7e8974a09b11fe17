/**
 * DeleteGroups (key 42): delete empty groups and their committed offsets.
 * Versions 0–2, flexible from 2.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.DeleteGroups;
export const minVersion = 0;
export const maxVersion = 2;
export const firstFlexibleVersion = 2;

export interface DeleteGroupsRequest {
  readonly groupsNames: readonly string[];
}

export interface DeletableGroupResult {
  readonly groupId: string;
  readonly errorCode: number;
}

export interface DeleteGroupsResponse {
  readonly throttleTimeMs: number;
  readonly results: readonly DeletableGroupResult[];
}

export function decodeRequest(r: Reader, version: number): DeleteGroupsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const groupsNames = r.readStringArray();
  r.readTaggedFields();
  return { groupsNames };
}

export function encodeRequest(w: Writer, request: DeleteGroupsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeStringArray(request.groupsNames).writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): DeleteGroupsResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const results = r.readArray((r): DeletableGroupResult => {
    const result = { groupId: r.readString(), errorCode: r.readInt16() };
    r.readTaggedFields();
    return result;
  });
  r.readTaggedFields();
  return { throttleTimeMs, results };
}

export function encodeResponse(w: Writer, response: DeleteGroupsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.results, (w, g) =>
    w.writeString(g.groupId).writeInt16(g.errorCode).writeTaggedFields(),
  );
  w.writeTaggedFields();
}
