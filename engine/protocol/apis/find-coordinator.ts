/**
 * FindCoordinator (key 10): which broker coordinates a group (key type 0), a transactional id
 * (1) or a share group (2). Versions 0–6, flexible from 3.
 *
 * v4 batches keys (KIP-699). One shape serves all versions: a list of keys and a list of
 * coordinators. Before v4 the request carries exactly one key and the response one coordinator,
 * whose `key` the wire does not repeat (it decodes as '').
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.FindCoordinator;
export const minVersion = 0;
export const maxVersion = 6;
export const firstFlexibleVersion = 3;

export const CoordinatorType = { GROUP: 0, TRANSACTION: 1, SHARE: 2 } as const;

export interface FindCoordinatorRequest {
  /** A CoordinatorType number (v1+; group before). */
  readonly keyType: number;
  /** Group ids or transactional ids; exactly one before v4. */
  readonly coordinatorKeys: readonly string[];
}

export interface Coordinator {
  readonly key: string;
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

export interface FindCoordinatorResponse {
  readonly throttleTimeMs: number;
  /** One per requested key; exactly one before v4. */
  readonly coordinators: readonly Coordinator[];
}

export function decodeRequest(r: Reader, version: number): FindCoordinatorRequest {
  r.flexible = version >= firstFlexibleVersion;
  const key = version < 4 ? r.readString() : null;
  // v1 adds the key type (transaction coordinators, KIP-98).
  const keyType = version >= 1 ? r.readInt8() : CoordinatorType.GROUP;
  // v4 batches the keys (KIP-699).
  const coordinatorKeys = key === null ? r.readStringArray() : [key];
  r.readTaggedFields();
  return { keyType, coordinatorKeys };
}

export function encodeRequest(w: Writer, request: FindCoordinatorRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version < 4) w.writeString(request.coordinatorKeys[0] ?? '');
  if (version >= 1) w.writeInt8(request.keyType);
  if (version >= 4) w.writeStringArray(request.coordinatorKeys);
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): FindCoordinatorResponse {
  r.flexible = version >= firstFlexibleVersion;
  // v1 adds the throttle time and an error message.
  const throttleTimeMs = version >= 1 ? r.readInt32() : 0;
  if (version >= 4) {
    const coordinators = r.readArray((r): Coordinator => {
      const key = r.readString();
      const nodeId = r.readInt32();
      const host = r.readString();
      const port = r.readInt32();
      const errorCode = r.readInt16();
      const errorMessage = r.readNullableString();
      r.readTaggedFields();
      return { key, nodeId, host, port, errorCode, errorMessage };
    });
    r.readTaggedFields();
    return { throttleTimeMs, coordinators };
  }
  const errorCode = r.readInt16();
  const errorMessage = version >= 1 ? r.readNullableString() : null;
  const nodeId = r.readInt32();
  const host = r.readString();
  const port = r.readInt32();
  r.readTaggedFields();
  return { throttleTimeMs, coordinators: [{ key: '', nodeId, host, port, errorCode, errorMessage }] };
}

export function encodeResponse(w: Writer, response: FindCoordinatorResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 1) w.writeInt32(response.throttleTimeMs);
  if (version >= 4) {
    w.writeArray(response.coordinators, (w, c) => {
      w.writeString(c.key).writeInt32(c.nodeId).writeString(c.host).writeInt32(c.port);
      w.writeInt16(c.errorCode).writeNullableString(c.errorMessage).writeTaggedFields();
    });
  } else {
    const c = response.coordinators[0];
    if (c === undefined) throw new RangeError('FindCoordinator before v4 answers exactly one coordinator');
    w.writeInt16(c.errorCode);
    if (version >= 1) w.writeNullableString(c.errorMessage);
    w.writeInt32(c.nodeId).writeString(c.host).writeInt32(c.port);
  }
  w.writeTaggedFields();
}
