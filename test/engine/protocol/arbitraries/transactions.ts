/** Arbitraries of the transaction and SASL APIs. */
import {
  array,
  bool,
  bytes,
  fc,
  int16,
  int32,
  int64,
  int8,
  nullableString,
  one,
  since,
  string,
  type MessageArbitraries,
} from './primitives.js';

const txnTopics = array(fc.record({ name: string, partitions: array(int32) }));
const txnTopicResults = array(
  fc.record({
    name: string,
    resultsByPartition: array(fc.record({ partitionIndex: int32, partitionErrorCode: int16 })),
  }),
);

export const AddPartitionsToTxn: MessageArbitraries = {
  request: (v) => {
    const txn = fc.record({
      transactionalId: string,
      producerId: int64,
      producerEpoch: int16,
      verifyOnly: since(v, 4, bool, false),
      topics: txnTopics,
    });
    return fc.record({ transactions: v >= 4 ? array(txn) : one(txn) });
  },
  response: (v) => {
    const result = fc.record({
      transactionalId: v >= 4 ? string : fc.constant(''),
      topicResults: txnTopicResults,
    });
    return fc.record({
      throttleTimeMs: int32,
      errorCode: since(v, 4, int16, 0),
      resultsByTransaction: v >= 4 ? array(result) : one(result),
    });
  },
};

export const AddOffsetsToTxn: MessageArbitraries = {
  request: () =>
    fc.record({ transactionalId: string, producerId: int64, producerEpoch: int16, groupId: string }),
  response: () => fc.record({ throttleTimeMs: int32, errorCode: int16 }),
};

export const EndTxn: MessageArbitraries = {
  request: () =>
    fc.record({ transactionalId: string, producerId: int64, producerEpoch: int16, committed: bool }),
  response: (v) =>
    fc.record({
      throttleTimeMs: int32,
      errorCode: int16,
      producerId: since(v, 5, int64, -1n),
      producerEpoch: since(v, 5, int16, -1),
    }),
};

export const WriteTxnMarkers: MessageArbitraries = {
  request: (v) =>
    fc.record({
      markers: array(
        fc.record({
          producerId: int64,
          producerEpoch: int16,
          transactionResult: bool,
          topics: array(fc.record({ name: string, partitionIndexes: array(int32) })),
          coordinatorEpoch: int32,
          transactionVersion: since(v, 2, int8, 0),
        }),
      ),
    }),
  response: () =>
    fc.record({
      markers: array(
        fc.record({
          producerId: int64,
          topics: array(
            fc.record({
              name: string,
              partitions: array(fc.record({ partitionIndex: int32, errorCode: int16 })),
            }),
          ),
        }),
      ),
    }),
};

export const TxnOffsetCommit: MessageArbitraries = {
  request: (v) =>
    fc.record({
      transactionalId: string,
      groupId: string,
      producerId: int64,
      producerEpoch: int16,
      generationId: since(v, 3, int32, -1),
      memberId: since(v, 3, string, ''),
      groupInstanceId: since(v, 3, nullableString, null),
      topics: array(
        fc.record({
          name: string,
          partitions: array(
            fc.record({
              partitionIndex: int32,
              committedOffset: int64,
              committedLeaderEpoch: since(v, 2, int32, -1),
              committedMetadata: nullableString,
            }),
          ),
        }),
      ),
    }),
  response: () =>
    fc.record({
      throttleTimeMs: int32,
      topics: array(
        fc.record({
          name: string,
          partitions: array(fc.record({ partitionIndex: int32, errorCode: int16 })),
        }),
      ),
    }),
};

export const DescribeTransactions: MessageArbitraries = {
  request: () => fc.record({ transactionalIds: array(string) }),
  response: () =>
    fc.record({
      throttleTimeMs: int32,
      transactionStates: array(
        fc.record({
          errorCode: int16,
          transactionalId: string,
          transactionState: string,
          transactionTimeoutMs: int32,
          transactionStartTimeMs: int64,
          producerId: int64,
          producerEpoch: int16,
          topics: array(fc.record({ topic: string, partitions: array(int32) })),
        }),
      ),
    }),
};

export const ListTransactions: MessageArbitraries = {
  request: (v) =>
    fc.record({
      stateFilters: array(string),
      producerIdFilters: array(int64),
      durationFilter: since(v, 1, int64, -1n),
      transactionalIdPattern: since(v, 2, nullableString, null),
    }),
  response: () =>
    fc.record({
      throttleTimeMs: int32,
      errorCode: int16,
      unknownStateFilters: array(string),
      transactionStates: array(
        fc.record({ transactionalId: string, producerId: int64, transactionState: string }),
      ),
    }),
};

export const SaslHandshake: MessageArbitraries = {
  request: () => fc.record({ mechanism: string }),
  response: () => fc.record({ errorCode: int16, mechanisms: array(string) }),
};

export const SaslAuthenticate: MessageArbitraries = {
  request: () => fc.record({ authBytes: bytes }),
  response: (v) =>
    fc.record({
      errorCode: int16,
      errorMessage: nullableString,
      authBytes: bytes,
      sessionLifetimeMs: since(v, 1, int64, 0n),
    }),
};
