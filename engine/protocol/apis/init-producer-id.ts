/**
 * InitProducerId (key 22): a producer id and epoch for an idempotent or transactional producer;
 * with a transactional id it also fences older producers of that id (bumping the epoch).
 * Versions 0–5 (v6, two-phase commit of KIP-939, is not stable in Kafka yet), flexible from 2.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.InitProducerId;
export const minVersion = 0;
export const maxVersion = 5;
export const firstFlexibleVersion = 2;

export interface InitProducerIdRequest {
  /** Null for an idempotent producer without transactions. */
  readonly transactionalId: string | null;
  readonly transactionTimeoutMs: number;
  /** The producer's current id and epoch, to bump its epoch instead of getting a new id (v3+, KIP-360); -1 otherwise. */
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

export interface InitProducerIdResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

export function decodeRequest(r: Reader, version: number): InitProducerIdRequest {
  r.flexible = version >= firstFlexibleVersion;
  const transactionalId = r.readNullableString();
  const transactionTimeoutMs = r.readInt32();
  // v3 adds the current producer id and epoch (KIP-360).
  const producerId = version >= 3 ? r.readInt64() : -1n;
  const producerEpoch = version >= 3 ? r.readInt16() : -1;
  r.readTaggedFields();
  return { transactionalId, transactionTimeoutMs, producerId, producerEpoch };
}

export function encodeRequest(w: Writer, request: InitProducerIdRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeNullableString(request.transactionalId).writeInt32(request.transactionTimeoutMs);
  if (version >= 3) w.writeInt64(request.producerId).writeInt16(request.producerEpoch);
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): InitProducerIdResponse {
  r.flexible = version >= firstFlexibleVersion;
  const response = {
    throttleTimeMs: r.readInt32(),
    errorCode: r.readInt16(),
    producerId: r.readInt64(),
    producerEpoch: r.readInt16(),
  };
  r.readTaggedFields();
  return response;
}

export function encodeResponse(w: Writer, response: InitProducerIdResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs).writeInt16(response.errorCode);
  w.writeInt64(response.producerId).writeInt16(response.producerEpoch).writeTaggedFields();
}
