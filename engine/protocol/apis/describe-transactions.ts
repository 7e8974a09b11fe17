/**
 * DescribeTransactions (key 65): the state of transactions by transactional id (KIP-664), what
 * `kafka-transactions describe` shows. Version 0, flexible.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.DescribeTransactions;
export const minVersion = 0;
export const maxVersion = 0;
export const firstFlexibleVersion = 0;

export interface DescribeTransactionsRequest {
  readonly transactionalIds: readonly string[];
}

export interface TransactionTopicData {
  readonly topic: string;
  readonly partitions: readonly number[];
}

export interface DescribedTransactionState {
  readonly errorCode: number;
  readonly transactionalId: string;
  /** Kafka's state names: Empty, Ongoing, PrepareCommit, PrepareAbort, CompleteCommit, CompleteAbort, PrepareEpochFence, Dead. */
  readonly transactionState: string;
  readonly transactionTimeoutMs: number;
  /** When the open transaction started, or -1. */
  readonly transactionStartTimeMs: bigint;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  /** The partitions in the transaction. */
  readonly topics: readonly TransactionTopicData[];
}

export interface DescribeTransactionsResponse {
  readonly throttleTimeMs: number;
  readonly transactionStates: readonly DescribedTransactionState[];
}

export function decodeRequest(r: Reader, version: number): DescribeTransactionsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const transactionalIds = r.readStringArray();
  r.readTaggedFields();
  return { transactionalIds };
}

export function encodeRequest(w: Writer, request: DescribeTransactionsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeStringArray(request.transactionalIds).writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): DescribeTransactionsResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const transactionStates = r.readArray((r): DescribedTransactionState => {
    const errorCode = r.readInt16();
    const transactionalId = r.readString();
    const transactionState = r.readString();
    const transactionTimeoutMs = r.readInt32();
    const transactionStartTimeMs = r.readInt64();
    const producerId = r.readInt64();
    const producerEpoch = r.readInt16();
    const topics = r.readArray((r): TransactionTopicData => {
      const topic = { topic: r.readString(), partitions: r.readInt32Array() };
      r.readTaggedFields();
      return topic;
    });
    r.readTaggedFields();
    return {
      errorCode,
      transactionalId,
      transactionState,
      transactionTimeoutMs,
      transactionStartTimeMs,
      producerId,
      producerEpoch,
      topics,
    };
  });
  r.readTaggedFields();
  return { throttleTimeMs, transactionStates };
}

export function encodeResponse(w: Writer, response: DescribeTransactionsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.transactionStates, (w, s) => {
    w.writeInt16(s.errorCode).writeString(s.transactionalId).writeString(s.transactionState);
    w.writeInt32(s.transactionTimeoutMs).writeInt64(s.transactionStartTimeMs);
    w.writeInt64(s.producerId).writeInt16(s.producerEpoch);
    w.writeArray(s.topics, (w, t) =>
      w.writeString(t.topic).writeInt32Array(t.partitions).writeTaggedFields(),
    );
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
