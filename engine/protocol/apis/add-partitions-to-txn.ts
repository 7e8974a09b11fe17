/**
 * AddPartitionsToTxn (key 24): a transactional producer adds partitions to its transaction
 * before writing to them. Versions 0–5, flexible from 3.
 *
 * v4 batches transactions, for brokers verifying on the coordinator (KIP-890); clients use v3 or
 * lower. One shape serves all versions: a list of transactions; before v4 the request carries
 * exactly one and the response one result, whose `transactionalId` the wire does not repeat (it
 * decodes as '').
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.AddPartitionsToTxn;
export const minVersion = 0;
export const maxVersion = 5;
export const firstFlexibleVersion = 3;

export interface AddPartitionsToTxnTopic {
  readonly name: string;
  readonly partitions: readonly number[];
}

export interface AddPartitionsToTxnTransaction {
  readonly transactionalId: string;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  /** Only check that the partitions are in the transaction (v4+, broker to coordinator). */
  readonly verifyOnly: boolean;
  readonly topics: readonly AddPartitionsToTxnTopic[];
}

export interface AddPartitionsToTxnRequest {
  /** Exactly one before v4. */
  readonly transactions: readonly AddPartitionsToTxnTransaction[];
}

export interface AddPartitionsToTxnPartitionResult {
  readonly partitionIndex: number;
  readonly partitionErrorCode: number;
}

export interface AddPartitionsToTxnTopicResult {
  readonly name: string;
  readonly resultsByPartition: readonly AddPartitionsToTxnPartitionResult[];
}

export interface AddPartitionsToTxnResult {
  readonly transactionalId: string;
  readonly topicResults: readonly AddPartitionsToTxnTopicResult[];
}

export interface AddPartitionsToTxnResponse {
  readonly throttleTimeMs: number;
  /** Top-level error (v4+). */
  readonly errorCode: number;
  /** Exactly one before v4. */
  readonly resultsByTransaction: readonly AddPartitionsToTxnResult[];
}

function readTopics(r: Reader): AddPartitionsToTxnTopic[] {
  return r.readArray((r): AddPartitionsToTxnTopic => {
    const topic = { name: r.readString(), partitions: r.readInt32Array() };
    r.readTaggedFields();
    return topic;
  });
}

function writeTopics(w: Writer, topics: readonly AddPartitionsToTxnTopic[]): void {
  w.writeArray(topics, (w, t) => w.writeString(t.name).writeInt32Array(t.partitions).writeTaggedFields());
}

function readTopicResults(r: Reader): AddPartitionsToTxnTopicResult[] {
  return r.readArray((r): AddPartitionsToTxnTopicResult => {
    const name = r.readString();
    const resultsByPartition = r.readArray((r): AddPartitionsToTxnPartitionResult => {
      const result = { partitionIndex: r.readInt32(), partitionErrorCode: r.readInt16() };
      r.readTaggedFields();
      return result;
    });
    r.readTaggedFields();
    return { name, resultsByPartition };
  });
}

function writeTopicResults(w: Writer, results: readonly AddPartitionsToTxnTopicResult[]): void {
  w.writeArray(results, (w, t) => {
    w.writeString(t.name);
    w.writeArray(t.resultsByPartition, (w, p) => {
      w.writeInt32(p.partitionIndex).writeInt16(p.partitionErrorCode).writeTaggedFields();
    });
    w.writeTaggedFields();
  });
}

export function decodeRequest(r: Reader, version: number): AddPartitionsToTxnRequest {
  r.flexible = version >= firstFlexibleVersion;
  if (version < 4) {
    const transactionalId = r.readString();
    const producerId = r.readInt64();
    const producerEpoch = r.readInt16();
    const topics = readTopics(r);
    r.readTaggedFields();
    return { transactions: [{ transactionalId, producerId, producerEpoch, verifyOnly: false, topics }] };
  }
  // v4 batches transactions and adds verifyOnly (KIP-890).
  const transactions = r.readArray((r): AddPartitionsToTxnTransaction => {
    const transactionalId = r.readString();
    const producerId = r.readInt64();
    const producerEpoch = r.readInt16();
    const verifyOnly = r.readBoolean();
    const topics = readTopics(r);
    r.readTaggedFields();
    return { transactionalId, producerId, producerEpoch, verifyOnly, topics };
  });
  r.readTaggedFields();
  return { transactions };
}

export function encodeRequest(w: Writer, request: AddPartitionsToTxnRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version < 4) {
    const txn = request.transactions[0];
    if (txn === undefined)
      throw new RangeError('AddPartitionsToTxn before v4 carries exactly one transaction');
    w.writeString(txn.transactionalId).writeInt64(txn.producerId).writeInt16(txn.producerEpoch);
    writeTopics(w, txn.topics);
  } else {
    w.writeArray(request.transactions, (w, txn) => {
      w.writeString(txn.transactionalId).writeInt64(txn.producerId).writeInt16(txn.producerEpoch);
      w.writeBoolean(txn.verifyOnly);
      writeTopics(w, txn.topics);
      w.writeTaggedFields();
    });
  }
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): AddPartitionsToTxnResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  if (version < 4) {
    const topicResults = readTopicResults(r);
    r.readTaggedFields();
    return { throttleTimeMs, errorCode: 0, resultsByTransaction: [{ transactionalId: '', topicResults }] };
  }
  const errorCode = r.readInt16();
  const resultsByTransaction = r.readArray((r): AddPartitionsToTxnResult => {
    const transactionalId = r.readString();
    const topicResults = readTopicResults(r);
    r.readTaggedFields();
    return { transactionalId, topicResults };
  });
  r.readTaggedFields();
  return { throttleTimeMs, errorCode, resultsByTransaction };
}

export function encodeResponse(w: Writer, response: AddPartitionsToTxnResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  if (version < 4) {
    const result = response.resultsByTransaction[0];
    if (result === undefined)
      throw new RangeError('AddPartitionsToTxn before v4 answers exactly one transaction');
    writeTopicResults(w, result.topicResults);
  } else {
    w.writeInt16(response.errorCode);
    w.writeArray(response.resultsByTransaction, (w, res) => {
      w.writeString(res.transactionalId);
      writeTopicResults(w, res.topicResults);
      w.writeTaggedFields();
    });
  }
  w.writeTaggedFields();
}
