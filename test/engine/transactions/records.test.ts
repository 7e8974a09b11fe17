/**
 * __transaction_state records in Kafka's layout: the worked example of records.ts byte for byte,
 * and the flexible v1 value Kafka 4 writes for transaction version 2 clients.
 */
import { describe, expect, test } from 'vitest';
import { Writer } from '../../../engine/protocol/writer.js';
import {
  decodeTransactionLogKey,
  decodeTransactionLogValue,
  encodeTransactionLogKey,
  encodeTransactionLogValue,
} from '../../../engine/transactions/records.js';
import { TxnState } from '../../../engine/transactions/state.js';

const T = 1_700_000_000_000;
const int64 = (n: number | bigint): string => BigInt(n).toString(16).padStart(16, '0');

describe('transaction log records', () => {
  test('writes the key and a v0 value as Kafka lays them out', () => {
    expect(encodeTransactionLogKey('tx').toString('hex')).toBe('0000' + '00027478');
    const value = {
      producerId: 7n,
      producerEpoch: 2,
      transactionTimeoutMs: 60_000,
      state: TxnState.ONGOING,
      partitions: [{ topic: 't', partitions: [0] }],
      lastUpdateTimestampMs: T,
      startTimestampMs: T,
    };
    const bytes = encodeTransactionLogValue(value);
    expect(bytes.toString('hex')).toBe(
      '0000' +
        int64(7) +
        '0002' +
        '0000ea60' +
        '01' +
        '00000001' +
        '000174' +
        '0000000100000000' +
        int64(T) +
        int64(T),
    );
    expect(decodeTransactionLogKey(encodeTransactionLogKey('tx'))).toBe('tx');
    expect(decodeTransactionLogValue(bytes)).toEqual(value);
  });

  test('reads a flexible v1 value with its tagged fields, and a null partition list', () => {
    const w = new Writer(64);
    w.writeInt16(1);
    w.flexible = true;
    w.writeInt64(9n).writeInt16(0).writeInt32(1000).writeInt8(TxnState.COMPLETE_COMMIT);
    w.writeNullableArray(null, () => {});
    w.writeInt64(BigInt(T)).writeInt64(-1n);
    w.writeTaggedFields([
      [0, (f) => f.writeInt64(8n)],
      [2, (f) => f.writeInt16(2)],
    ]);
    expect(decodeTransactionLogValue(w.toBuffer())).toEqual({
      producerId: 9n,
      producerEpoch: 0,
      transactionTimeoutMs: 1000,
      state: TxnState.COMPLETE_COMMIT,
      partitions: [],
      lastUpdateTimestampMs: T,
      startTimestampMs: -1,
    });
  });

  test('refuses unknown versions and states', () => {
    expect(() => decodeTransactionLogKey(Buffer.from('000100027478', 'hex'))).toThrow(/version 1/);
    const bad = Buffer.from(
      encodeTransactionLogValue({
        producerId: 1n,
        producerEpoch: 0,
        transactionTimeoutMs: 1,
        state: TxnState.EMPTY,
        partitions: [],
        lastUpdateTimestampMs: 0,
        startTimestampMs: -1,
      }),
    );
    bad.writeInt8(42, 16);
    expect(() => decodeTransactionLogValue(bad)).toThrow(/state 42/);
  });
});
