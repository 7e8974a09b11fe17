/**
 * EndTxn (key 26): a transactional producer commits or aborts its transaction.
 * Versions 0–5, flexible from 3. v5 is the transaction protocol of KIP-890 part 2: the
 * coordinator bumps the producer epoch on every commit/abort and returns the new id and epoch.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.EndTxn;
export const minVersion = 0;
export const maxVersion = 5;
export const firstFlexibleVersion = 3;

export interface EndTxnRequest {
  readonly transactionalId: string;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  /** true to commit, false to abort. */
  readonly committed: boolean;
}

export interface EndTxnResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  /** The producer id and epoch after the end of the transaction (v5+), -1 before. */
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

export function decodeRequest(r: Reader, version: number): EndTxnRequest {
  r.flexible = version >= firstFlexibleVersion;
  const request = {
    transactionalId: r.readString(),
    producerId: r.readInt64(),
    producerEpoch: r.readInt16(),
    committed: r.readBoolean(),
  };
  r.readTaggedFields();
  return request;
}

export function encodeRequest(w: Writer, request: EndTxnRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeString(request.transactionalId).writeInt64(request.producerId).writeInt16(request.producerEpoch);
  w.writeBoolean(request.committed).writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): EndTxnResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const errorCode = r.readInt16();
  // v5 returns the producer id and epoch (KIP-890).
  const producerId = version >= 5 ? r.readInt64() : -1n;
  const producerEpoch = version >= 5 ? r.readInt16() : -1;
  r.readTaggedFields();
  return { throttleTimeMs, errorCode, producerId, producerEpoch };
}

export function encodeResponse(w: Writer, response: EndTxnResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs).writeInt16(response.errorCode);
  if (version >= 5) w.writeInt64(response.producerId).writeInt16(response.producerEpoch);
  w.writeTaggedFields();
}
