/**
 * The records of __transaction_state, in Kafka's layout (TransactionLogKey/Value), so Kafka's
 * TransactionLogMessageFormatter prints what Brokerlab writes and a log written by one reads in
 * the other. One record per transactional id; the last one wins and a null value (tombstone)
 * removes the id, so compaction keeps exactly the current state of every id.
 *
 *   key    version int16 (0), transactionalId string
 *   value  v0: producerId int64, producerEpoch int16, transactionTimeoutMs int32,
 *              transactionStatus int8 (TxnState), transactionPartitions nullable
 *              [topic string, partitionIds [int32]], lastUpdateTimestampMs int64,
 *              startTimestampMs int64
 *          v1: the same fields, flexible (compact strings and arrays, tagged fields), with
 *              tagged fields 0 previousProducerId, 1 nextProducerId, 2 clientTransactionVersion
 *              (KIP-890); read, not written: Brokerlab runs transaction version 0, for which
 *              Kafka writes v0 as well.
 *
 * Worked example: "tx" with producer 7, epoch 2, timeout 60000, Ongoing on t-0 since T writes key
 * 00 00 | 00 02 74 78 and value 00 00 | 7 as int64 | 00 02 | 00 00 ea 60 | 01 | 00 00 00 01 |
 * 00 01 74 | 00 00 00 01 00 00 00 00 | T as int64 | T as int64.
 */
import { Reader } from '../protocol/reader.js';
import { Writer } from '../protocol/writer.js';
import { isTxnState, type TxnState } from './state.js';

const KEY_VERSION = 0;
const VALUE_VERSION = 0;
const FLEXIBLE_VALUE_VERSION = 1;

export interface TxnPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

export interface TransactionLogValue {
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly transactionTimeoutMs: number;
  readonly state: TxnState;
  readonly partitions: readonly TxnPartitions[];
  readonly lastUpdateTimestampMs: number;
  /** -1 when no transaction is open. */
  readonly startTimestampMs: number;
}

export function encodeTransactionLogKey(transactionalId: string): Buffer {
  return new Writer(32).writeInt16(KEY_VERSION).writeString(transactionalId).toBuffer();
}

export function encodeTransactionLogValue(value: TransactionLogValue): Buffer {
  const w = new Writer(64);
  w.writeInt16(VALUE_VERSION).writeInt64(value.producerId).writeInt16(value.producerEpoch);
  w.writeInt32(value.transactionTimeoutMs).writeInt8(value.state);
  w.writeArray(value.partitions, (w, p) => w.writeString(p.topic).writeInt32Array(p.partitions));
  w.writeInt64(BigInt(value.lastUpdateTimestampMs)).writeInt64(BigInt(value.startTimestampMs));
  return w.toBuffer();
}

/** The transactional id of a key; throws ProtocolDecodeError for a key of another version. */
export function decodeTransactionLogKey(key: Buffer): string {
  const r = new Reader(key);
  const version = r.readInt16();
  if (version !== KEY_VERSION) r.fail(`unknown TransactionLogKey version ${version}`);
  return r.readString();
}

export function decodeTransactionLogValue(bytes: Buffer): TransactionLogValue {
  const r = new Reader(bytes);
  const version = r.readInt16();
  if (version < 0 || version > FLEXIBLE_VALUE_VERSION)
    r.fail(`unknown TransactionLogValue version ${version}`);
  r.flexible = version >= FLEXIBLE_VALUE_VERSION;
  const producerId = r.readInt64();
  const producerEpoch = r.readInt16();
  const transactionTimeoutMs = r.readInt32();
  const status = r.readInt8();
  const state = isTxnState(status) ? status : r.fail(`unknown transaction state ${status}`);
  const partitions =
    r.readNullableArray((r): TxnPartitions => {
      const entry = { topic: r.readString(), partitions: r.readInt32Array() };
      r.readTaggedFields();
      return entry;
    }) ?? [];
  const lastUpdateTimestampMs = Number(r.readInt64());
  const startTimestampMs = Number(r.readInt64());
  r.readTaggedFields();
  return {
    producerId,
    producerEpoch,
    transactionTimeoutMs,
    state,
    partitions,
    lastUpdateTimestampMs,
    startTimestampMs,
  };
}
