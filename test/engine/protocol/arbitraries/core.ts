/** Arbitraries of the data-path APIs: Produce, Fetch, ListOffsets, Metadata, OffsetForLeaderEpoch, ApiVersions. */
import { HIGH_WATERMARK_UNKNOWN } from '../../../../engine/protocol/apis/fetch.js';
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
  nameOrId,
  nullableArray,
  nullableBytes,
  nullableString,
  since,
  string,
  uuid,
  type MessageArbitraries,
} from './primitives.js';

const leader = fc.record({ leaderId: int32, leaderEpoch: int32 });
const nodeEndpoint = fc.record({ nodeId: int32, host: string, port: int32, rack: nullableString });

export const Produce: MessageArbitraries = {
  request: (v) =>
    fc.record({
      transactionalId: nullableString,
      acks: int16,
      timeoutMs: int32,
      topicData: array(
        fc.record({
          ...nameOrId(v, 13),
          partitionData: array(fc.record({ index: int32, records: nullableBytes })),
        }),
      ),
    }),
  response: (v) =>
    fc.record({
      responses: array(
        fc.record({
          ...nameOrId(v, 13),
          partitionResponses: array(
            fc.record({
              index: int32,
              errorCode: int16,
              baseOffset: int64,
              logAppendTimeMs: int64,
              logStartOffset: since(v, 5, int64, -1n),
              recordErrors: since(
                v,
                8,
                array(fc.record({ batchIndex: int32, batchIndexErrorMessage: nullableString })),
                [],
              ),
              errorMessage: since(v, 8, nullableString, null),
              currentLeader: since(v, 10, fc.option(leader, { nil: null }), null),
            }),
          ),
        }),
      ),
      throttleTimeMs: int32,
      nodeEndpoints: since(v, 10, array(nodeEndpoint), []),
    }),
};

export const Fetch: MessageArbitraries = {
  request: (v) =>
    fc.record({
      clusterId: since(v, 12, nullableString, null),
      replicaId: int32,
      replicaEpoch: since(v, 15, int64, -1n),
      maxWaitMs: int32,
      minBytes: int32,
      maxBytes: int32,
      isolationLevel: int8,
      sessionId: since(v, 7, int32, 0),
      sessionEpoch: since(v, 7, int32, -1),
      topics: array(
        fc.record({
          topic: v >= 13 ? fc.constant('') : string,
          topicId: v >= 13 ? uuid : fc.constant(ZERO_UUID),
          partitions: array(
            fc.record({
              partition: int32,
              currentLeaderEpoch: since(v, 9, int32, -1),
              fetchOffset: int64,
              lastFetchedEpoch: since(v, 12, int32, -1),
              logStartOffset: since(v, 5, int64, -1n),
              partitionMaxBytes: int32,
              replicaDirectoryId: since(v, 17, uuid, ZERO_UUID),
              highWatermark: since(v, 18, int64, HIGH_WATERMARK_UNKNOWN),
            }),
          ),
        }),
      ),
      forgottenTopicsData: since(
        v,
        7,
        array(
          fc.record({
            topic: v >= 13 ? fc.constant('') : string,
            topicId: v >= 13 ? uuid : fc.constant(ZERO_UUID),
            partitions: array(int32),
          }),
        ),
        [],
      ),
      rackId: since(v, 11, string, ''),
    }),
  response: (v) =>
    fc.record({
      throttleTimeMs: int32,
      errorCode: since(v, 7, int16, 0),
      sessionId: since(v, 7, int32, 0),
      responses: array(
        fc.record({
          topic: v >= 13 ? fc.constant('') : string,
          topicId: v >= 13 ? uuid : fc.constant(ZERO_UUID),
          partitions: array(
            fc.record({
              partitionIndex: int32,
              errorCode: int16,
              highWatermark: int64,
              lastStableOffset: int64,
              logStartOffset: since(v, 5, int64, -1n),
              divergingEpoch: since(
                v,
                12,
                fc.option(fc.record({ epoch: int32, endOffset: int64 }), { nil: null }),
                null,
              ),
              currentLeader: since(v, 12, fc.option(leader, { nil: null }), null),
              snapshotId: since(
                v,
                12,
                fc.option(fc.record({ endOffset: int64, epoch: int32 }), { nil: null }),
                null,
              ),
              abortedTransactions: nullableArray(fc.record({ producerId: int64, firstOffset: int64 })),
              preferredReadReplica: since(v, 11, int32, -1),
              records: nullableBytes,
            }),
          ),
        }),
      ),
      nodeEndpoints: since(v, 16, array(nodeEndpoint), []),
    }),
};

export const ListOffsets: MessageArbitraries = {
  request: (v) =>
    fc.record({
      replicaId: int32,
      isolationLevel: since(v, 2, int8, 0),
      topics: array(
        fc.record({
          name: string,
          partitions: array(
            fc.record({
              partitionIndex: int32,
              currentLeaderEpoch: since(v, 4, int32, -1),
              timestamp: int64,
            }),
          ),
        }),
      ),
      timeoutMs: since(v, 10, int32, 0),
    }),
  response: (v) =>
    fc.record({
      throttleTimeMs: since(v, 2, int32, 0),
      topics: array(
        fc.record({
          name: string,
          partitions: array(
            fc.record({
              partitionIndex: int32,
              errorCode: int16,
              timestamp: int64,
              offset: int64,
              leaderEpoch: since(v, 4, int32, -1),
            }),
          ),
        }),
      ),
    }),
};

const metadataTopics = (v: number) =>
  array(fc.record({ topicId: since(v, 10, uuid, ZERO_UUID), name: v >= 10 ? nullableString : string }));

export const Metadata: MessageArbitraries = {
  request: (v) =>
    fc.record({
      // v0 has no null; its empty list means all topics, which decodes as null.
      topics:
        v === 0
          ? fc.option(
              metadataTopics(v).filter((t) => t.length > 0),
              { nil: null },
            )
          : fc.option(metadataTopics(v), { nil: null }),
      allowAutoTopicCreation: since(v, 4, bool, true),
      includeClusterAuthorizedOperations: v >= 8 && v <= 10 ? bool : fc.constant(false),
      includeTopicAuthorizedOperations: since(v, 8, bool, false),
    }),
  response: (v) =>
    fc.record({
      throttleTimeMs: since(v, 3, int32, 0),
      brokers: array(
        fc.record({ nodeId: int32, host: string, port: int32, rack: since(v, 1, nullableString, null) }),
      ),
      clusterId: since(v, 2, nullableString, null),
      controllerId: since(v, 1, int32, -1),
      topics: array(
        fc.record({
          errorCode: int16,
          name: v >= 12 ? nullableString : string,
          topicId: since(v, 10, uuid, ZERO_UUID),
          isInternal: since(v, 1, bool, false),
          partitions: array(
            fc.record({
              errorCode: int16,
              partitionIndex: int32,
              leaderId: int32,
              leaderEpoch: since(v, 7, int32, -1),
              replicaNodes: array(int32),
              isrNodes: array(int32),
              offlineReplicas: since(v, 5, array(int32), []),
            }),
          ),
          topicAuthorizedOperations: since(v, 8, int32, AUTHORIZED_OPERATIONS_OMITTED),
        }),
      ),
      clusterAuthorizedOperations: v >= 8 && v <= 10 ? int32 : fc.constant(AUTHORIZED_OPERATIONS_OMITTED),
      errorCode: since(v, 13, int16, 0),
    }),
};

export const OffsetForLeaderEpoch: MessageArbitraries = {
  request: (v) =>
    fc.record({
      replicaId: since(v, 3, int32, -2),
      topics: array(
        fc.record({
          topic: string,
          partitions: array(fc.record({ partition: int32, currentLeaderEpoch: int32, leaderEpoch: int32 })),
        }),
      ),
    }),
  response: () =>
    fc.record({
      throttleTimeMs: int32,
      topics: array(
        fc.record({
          topic: string,
          partitions: array(
            fc.record({ errorCode: int16, partition: int32, leaderEpoch: int32, endOffset: int64 }),
          ),
        }),
      ),
    }),
};

export const ApiVersions: MessageArbitraries = {
  request: (v) =>
    fc.record({
      clientSoftwareName: since(v, 3, string, ''),
      clientSoftwareVersion: since(v, 3, string, ''),
    }),
  response: (v) =>
    fc.record({
      errorCode: int16,
      apiKeys: array(fc.record({ apiKey: int16, minVersion: int16, maxVersion: int16 })),
      throttleTimeMs: since(v, 1, int32, 0),
      supportedFeatures: since(
        v,
        3,
        array(fc.record({ name: string, minVersion: int16, maxVersion: int16 })),
        [],
      ),
      finalizedFeaturesEpoch: since(v, 3, int64, -1n),
      finalizedFeatures: since(
        v,
        3,
        array(fc.record({ name: string, maxVersionLevel: int16, minVersionLevel: int16 })),
        [],
      ),
      zkMigrationReady: since(v, 3, bool, false),
    }),
};
