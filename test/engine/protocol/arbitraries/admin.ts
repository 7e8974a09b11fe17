/** Arbitraries of the admin APIs: topics, configs, cluster, producers, log dirs. */
import { AUTHORIZED_OPERATIONS_OMITTED } from '../../../../engine/protocol/apis/metadata.js';
import { ZERO_UUID } from '../../../../engine/protocol/uuid.js';
import {
  array,
  bool,
  fc,
  int16,
  int32,
  int64,
  int8,
  nullableArray,
  nullableString,
  since,
  string,
  uuid,
  type MessageArbitraries,
} from './primitives.js';

export const CreateTopics: MessageArbitraries = {
  request: () =>
    fc.record({
      topics: array(
        fc.record({
          name: string,
          numPartitions: int32,
          replicationFactor: int16,
          assignments: array(fc.record({ partitionIndex: int32, brokerIds: array(int32) })),
          configs: array(fc.record({ name: string, value: nullableString })),
        }),
      ),
      timeoutMs: int32,
      validateOnly: bool,
    }),
  response: (v) =>
    fc.record({
      throttleTimeMs: int32,
      topics: array(
        fc.record({
          name: string,
          topicId: since(v, 7, uuid, ZERO_UUID),
          errorCode: int16,
          errorMessage: nullableString,
          topicConfigErrorCode: since(v, 5, int16, 0),
          numPartitions: since(v, 5, int32, -1),
          replicationFactor: since(v, 5, int16, -1),
          configs: since(
            v,
            5,
            nullableArray(
              fc.record({
                name: string,
                value: nullableString,
                readOnly: bool,
                configSource: int8,
                isSensitive: bool,
              }),
            ),
            [],
          ),
        }),
      ),
    }),
};

export const DeleteTopics: MessageArbitraries = {
  request: (v) =>
    fc.record({
      topics: array(
        v >= 6
          ? fc.record({ name: nullableString, topicId: uuid })
          : fc.record({ name: string, topicId: fc.constant(ZERO_UUID) }),
      ),
      timeoutMs: int32,
    }),
  response: (v) =>
    fc.record({
      throttleTimeMs: int32,
      responses: array(
        fc.record({
          name: v >= 6 ? nullableString : string,
          topicId: since(v, 6, uuid, ZERO_UUID),
          errorCode: int16,
          errorMessage: since(v, 5, nullableString, null),
        }),
      ),
    }),
};

export const CreatePartitions: MessageArbitraries = {
  request: () =>
    fc.record({
      topics: array(
        fc.record({
          name: string,
          count: int32,
          assignments: nullableArray(fc.record({ brokerIds: array(int32) })),
        }),
      ),
      timeoutMs: int32,
      validateOnly: bool,
    }),
  response: () =>
    fc.record({
      throttleTimeMs: int32,
      results: array(fc.record({ name: string, errorCode: int16, errorMessage: nullableString })),
    }),
};

export const DeleteRecords: MessageArbitraries = {
  request: () =>
    fc.record({
      topics: array(
        fc.record({ name: string, partitions: array(fc.record({ partitionIndex: int32, offset: int64 })) }),
      ),
      timeoutMs: int32,
    }),
  response: () =>
    fc.record({
      throttleTimeMs: int32,
      topics: array(
        fc.record({
          name: string,
          partitions: array(fc.record({ partitionIndex: int32, lowWatermark: int64, errorCode: int16 })),
        }),
      ),
    }),
};

export const DescribeConfigs: MessageArbitraries = {
  request: (v) =>
    fc.record({
      resources: array(
        fc.record({ resourceType: int8, resourceName: string, configurationKeys: nullableArray(string) }),
      ),
      includeSynonyms: bool,
      includeDocumentation: since(v, 3, bool, false),
    }),
  response: (v) =>
    fc.record({
      throttleTimeMs: int32,
      results: array(
        fc.record({
          errorCode: int16,
          errorMessage: nullableString,
          resourceType: int8,
          resourceName: string,
          configs: array(
            fc.record({
              name: string,
              value: nullableString,
              readOnly: bool,
              configSource: int8,
              isSensitive: bool,
              synonyms: array(fc.record({ name: string, value: nullableString, source: int8 })),
              configType: since(v, 3, int8, 0),
              documentation: since(v, 3, nullableString, null),
            }),
          ),
        }),
      ),
    }),
};

const alterConfigsResponse = () =>
  fc.record({
    throttleTimeMs: int32,
    responses: array(
      fc.record({ errorCode: int16, errorMessage: nullableString, resourceType: int8, resourceName: string }),
    ),
  });

export const AlterConfigs: MessageArbitraries = {
  request: () =>
    fc.record({
      resources: array(
        fc.record({
          resourceType: int8,
          resourceName: string,
          configs: array(fc.record({ name: string, value: nullableString })),
        }),
      ),
      validateOnly: bool,
    }),
  response: alterConfigsResponse,
};

export const IncrementalAlterConfigs: MessageArbitraries = {
  request: () =>
    fc.record({
      resources: array(
        fc.record({
          resourceType: int8,
          resourceName: string,
          configs: array(fc.record({ name: string, configOperation: int8, value: nullableString })),
        }),
      ),
      validateOnly: bool,
    }),
  response: alterConfigsResponse,
};

export const DescribeCluster: MessageArbitraries = {
  request: (v) =>
    fc.record({
      includeClusterAuthorizedOperations: bool,
      endpointType: since(v, 1, int8, 1),
      includeFencedBrokers: since(v, 2, bool, false),
    }),
  response: (v) =>
    fc.record({
      throttleTimeMs: int32,
      errorCode: int16,
      errorMessage: nullableString,
      endpointType: since(v, 1, int8, 1),
      clusterId: string,
      controllerId: int32,
      brokers: array(
        fc.record({
          brokerId: int32,
          host: string,
          port: int32,
          rack: nullableString,
          isFenced: since(v, 2, bool, false),
        }),
      ),
      clusterAuthorizedOperations: int32,
    }),
};

export const InitProducerId: MessageArbitraries = {
  request: (v) =>
    fc.record({
      transactionalId: nullableString,
      transactionTimeoutMs: int32,
      producerId: since(v, 3, int64, -1n),
      producerEpoch: since(v, 3, int16, -1),
    }),
  response: () =>
    fc.record({ throttleTimeMs: int32, errorCode: int16, producerId: int64, producerEpoch: int16 }),
};

export const ElectLeaders: MessageArbitraries = {
  request: (v) =>
    fc.record({
      electionType: since(v, 1, int8, 0),
      topicPartitions: nullableArray(fc.record({ topic: string, partitions: array(int32) })),
      timeoutMs: int32,
    }),
  response: (v) =>
    fc.record({
      throttleTimeMs: int32,
      errorCode: since(v, 1, int16, 0),
      replicaElectionResults: array(
        fc.record({
          topic: string,
          partitionResult: array(
            fc.record({ partitionId: int32, errorCode: int16, errorMessage: nullableString }),
          ),
        }),
      ),
    }),
};

const cursor = fc.option(fc.record({ topicName: string, partitionIndex: int32 }), { nil: null });

export const DescribeTopicPartitions: MessageArbitraries = {
  request: () =>
    fc.record({ topics: array(fc.record({ name: string })), responsePartitionLimit: int32, cursor }),
  response: () =>
    fc.record({
      throttleTimeMs: int32,
      topics: array(
        fc.record({
          errorCode: int16,
          name: nullableString,
          topicId: uuid,
          isInternal: bool,
          partitions: array(
            fc.record({
              errorCode: int16,
              partitionIndex: int32,
              leaderId: int32,
              leaderEpoch: int32,
              replicaNodes: array(int32),
              isrNodes: array(int32),
              eligibleLeaderReplicas: nullableArray(int32),
              lastKnownElr: nullableArray(int32),
              offlineReplicas: array(int32),
            }),
          ),
          topicAuthorizedOperations: fc.oneof(int32, fc.constant(AUTHORIZED_OPERATIONS_OMITTED)),
        }),
      ),
      nextCursor: cursor,
    }),
};

export const DescribeLogDirs: MessageArbitraries = {
  request: () => fc.record({ topics: nullableArray(fc.record({ topic: string, partitions: array(int32) })) }),
  response: (v) =>
    fc.record({
      throttleTimeMs: int32,
      errorCode: since(v, 3, int16, 0),
      results: array(
        fc.record({
          errorCode: int16,
          logDir: string,
          topics: array(
            fc.record({
              name: string,
              partitions: array(
                fc.record({
                  partitionIndex: int32,
                  partitionSize: int64,
                  offsetLag: int64,
                  isFutureKey: bool,
                }),
              ),
            }),
          ),
          totalBytes: since(v, 4, int64, -1n),
          usableBytes: since(v, 4, int64, -1n),
          isCordoned: since(v, 5, bool, false),
        }),
      ),
    }),
};

export const DescribeProducers: MessageArbitraries = {
  request: () => fc.record({ topics: array(fc.record({ name: string, partitionIndexes: array(int32) })) }),
  response: () =>
    fc.record({
      throttleTimeMs: int32,
      topics: array(
        fc.record({
          name: string,
          partitions: array(
            fc.record({
              partitionIndex: int32,
              errorCode: int16,
              errorMessage: nullableString,
              activeProducers: array(
                fc.record({
                  producerId: int64,
                  producerEpoch: int32,
                  lastSequence: int32,
                  lastTimestamp: int64,
                  coordinatorEpoch: int32,
                  currentTxnStartOffset: int64,
                }),
              ),
            }),
          ),
        }),
      ),
    }),
};

export const ListPartitionReassignments: MessageArbitraries = {
  request: () =>
    fc.record({
      timeoutMs: int32,
      topics: nullableArray(fc.record({ name: string, partitionIndexes: array(int32) })),
    }),
  response: () =>
    fc.record({
      throttleTimeMs: int32,
      errorCode: int16,
      errorMessage: nullableString,
      topics: array(
        fc.record({
          name: string,
          partitions: array(
            fc.record({
              partitionIndex: int32,
              replicas: array(int32),
              addingReplicas: array(int32),
              removingReplicas: array(int32),
            }),
          ),
        }),
      ),
    }),
};
