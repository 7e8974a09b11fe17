/**
 * DescribeGroups (key 15): state, protocol and members of classic groups, with each member's
 * metadata and assignment as opaque bytes. Versions 0–6, flexible from 5.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';
import { AUTHORIZED_OPERATIONS_OMITTED } from './metadata.js';

export const apiKey = ApiKey.DescribeGroups;
export const minVersion = 0;
export const maxVersion = 6;
export const firstFlexibleVersion = 5;

export interface DescribeGroupsRequest {
  readonly groups: readonly string[];
  /** v3+. */
  readonly includeAuthorizedOperations: boolean;
}

export interface DescribedGroupMember {
  readonly memberId: string;
  /** v4+, or null. */
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly memberMetadata: Buffer;
  readonly memberAssignment: Buffer;
}

export interface DescribedGroup {
  readonly errorCode: number;
  /** v6+ (KIP-1043), or null. */
  readonly errorMessage: string | null;
  readonly groupId: string;
  /** Kafka's state names: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead. */
  readonly groupState: string;
  readonly protocolType: string;
  /** The chosen protocol (for consumers, the assignor name). */
  readonly protocolData: string;
  readonly members: readonly DescribedGroupMember[];
  readonly authorizedOperations: number;
}

export interface DescribeGroupsResponse {
  readonly throttleTimeMs: number;
  readonly groups: readonly DescribedGroup[];
}

export function decodeRequest(r: Reader, version: number): DescribeGroupsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const groups = r.readStringArray();
  // v3 adds authorized operations (KIP-430).
  const includeAuthorizedOperations = version >= 3 ? r.readBoolean() : false;
  r.readTaggedFields();
  return { groups, includeAuthorizedOperations };
}

export function encodeRequest(w: Writer, request: DescribeGroupsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeStringArray(request.groups);
  if (version >= 3) w.writeBoolean(request.includeAuthorizedOperations);
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): DescribeGroupsResponse {
  r.flexible = version >= firstFlexibleVersion;
  // v1 adds the throttle time.
  const throttleTimeMs = version >= 1 ? r.readInt32() : 0;
  const groups = r.readArray((r): DescribedGroup => {
    const errorCode = r.readInt16();
    // v6 adds an error message.
    const errorMessage = version >= 6 ? r.readNullableString() : null;
    const groupId = r.readString();
    const groupState = r.readString();
    const protocolType = r.readString();
    const protocolData = r.readString();
    const members = r.readArray((r): DescribedGroupMember => {
      const memberId = r.readString();
      // v4 adds the group instance id (KIP-345).
      const groupInstanceId = version >= 4 ? r.readNullableString() : null;
      const clientId = r.readString();
      const clientHost = r.readString();
      const memberMetadata = r.readBytes();
      const memberAssignment = r.readBytes();
      r.readTaggedFields();
      return { memberId, groupInstanceId, clientId, clientHost, memberMetadata, memberAssignment };
    });
    const authorizedOperations = version >= 3 ? r.readInt32() : AUTHORIZED_OPERATIONS_OMITTED;
    r.readTaggedFields();
    return {
      errorCode,
      errorMessage,
      groupId,
      groupState,
      protocolType,
      protocolData,
      members,
      authorizedOperations,
    };
  });
  r.readTaggedFields();
  return { throttleTimeMs, groups };
}

export function encodeResponse(w: Writer, response: DescribeGroupsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 1) w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.groups, (w, g) => {
    w.writeInt16(g.errorCode);
    if (version >= 6) w.writeNullableString(g.errorMessage);
    w.writeString(g.groupId)
      .writeString(g.groupState)
      .writeString(g.protocolType)
      .writeString(g.protocolData);
    w.writeArray(g.members, (w, m) => {
      w.writeString(m.memberId);
      if (version >= 4) w.writeNullableString(m.groupInstanceId);
      w.writeString(m.clientId)
        .writeString(m.clientHost)
        .writeBytes(m.memberMetadata)
        .writeBytes(m.memberAssignment);
      w.writeTaggedFields();
    });
    if (version >= 3) w.writeInt32(g.authorizedOperations);
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
