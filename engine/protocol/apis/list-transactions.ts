/**
 * ListTransactions (key 66): the transactions a coordinator knows, filtered by state, producer
 * id, duration (v1+) and transactional id pattern (v2+). Versions 0–2, flexible in all.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.ListTransactions;
export const minVersion = 0;
export const maxVersion = 2;
export const firstFlexibleVersion = 0;

export interface ListTransactionsRequest {
  /** Only these states; empty for all. */
  readonly stateFilters: readonly string[];
  /** Only these producer ids; empty for all. */
  readonly producerIdFilters: readonly bigint[];
  /** Only transactions open longer than this (v1+, KIP-994); -1 for all. */
  readonly durationFilter: bigint;
  /** Only transactional ids matching this regular expression (v2+, KIP-1152); null for all. */
  readonly transactionalIdPattern: string | null;
}

export interface ListedTransactionState {
  readonly transactionalId: string;
  readonly producerId: bigint;
  readonly transactionState: string;
}

export interface ListTransactionsResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  /** State filters the coordinator did not recognise. */
  readonly unknownStateFilters: readonly string[];
  readonly transactionStates: readonly ListedTransactionState[];
}

export function decodeRequest(r: Reader, version: number): ListTransactionsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const stateFilters = r.readStringArray();
  const producerIdFilters = r.readArray((r) => r.readInt64());
  // v1 adds the duration filter (KIP-994), v2 the transactional id pattern (KIP-1152).
  const durationFilter = version >= 1 ? r.readInt64() : -1n;
  const transactionalIdPattern = version >= 2 ? r.readNullableString() : null;
  r.readTaggedFields();
  return { stateFilters, producerIdFilters, durationFilter, transactionalIdPattern };
}

export function encodeRequest(w: Writer, request: ListTransactionsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeStringArray(request.stateFilters);
  w.writeArray(request.producerIdFilters, (w, id) => w.writeInt64(id));
  if (version >= 1) w.writeInt64(request.durationFilter);
  if (version >= 2) w.writeNullableString(request.transactionalIdPattern);
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): ListTransactionsResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const errorCode = r.readInt16();
  const unknownStateFilters = r.readStringArray();
  const transactionStates = r.readArray((r): ListedTransactionState => {
    const state = {
      transactionalId: r.readString(),
      producerId: r.readInt64(),
      transactionState: r.readString(),
    };
    r.readTaggedFields();
    return state;
  });
  r.readTaggedFields();
  return { throttleTimeMs, errorCode, unknownStateFilters, transactionStates };
}

export function encodeResponse(w: Writer, response: ListTransactionsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs)
    .writeInt16(response.errorCode)
    .writeStringArray(response.unknownStateFilters);
  w.writeArray(response.transactionStates, (w, s) => {
    w.writeString(s.transactionalId)
      .writeInt64(s.producerId)
      .writeString(s.transactionState)
      .writeTaggedFields();
  });
  w.writeTaggedFields();
}
