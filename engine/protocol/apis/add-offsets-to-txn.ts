/**
 * AddOffsetsToTxn (key 25): a transactional producer adds a group's offset commit to its
 * transaction (sendOffsetsToTransaction). Versions 0–4, flexible from 3.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.AddOffsetsToTxn;
export const minVersion = 0;
export const maxVersion = 4;
export const firstFlexibleVersion = 3;

export interface AddOffsetsToTxnRequest {
  readonly transactionalId: string;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly groupId: string;
}

export interface AddOffsetsToTxnResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
}

export function decodeRequest(r: Reader, version: number): AddOffsetsToTxnRequest {
  r.flexible = version >= firstFlexibleVersion;
  const request = {
    transactionalId: r.readString(),
    producerId: r.readInt64(),
    producerEpoch: r.readInt16(),
    groupId: r.readString(),
  };
  r.readTaggedFields();
  return request;
}

export function encodeRequest(w: Writer, request: AddOffsetsToTxnRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeString(request.transactionalId).writeInt64(request.producerId).writeInt16(request.producerEpoch);
  w.writeString(request.groupId).writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): AddOffsetsToTxnResponse {
  r.flexible = version >= firstFlexibleVersion;
  const response = { throttleTimeMs: r.readInt32(), errorCode: r.readInt16() };
  r.readTaggedFields();
  return response;
}

export function encodeResponse(w: Writer, response: AddOffsetsToTxnResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs).writeInt16(response.errorCode).writeTaggedFields();
}
