/**
 * A broker's services in memory, for the tests of the network layer (framing, ordering, limits)
 * where what matters is when a handler finishes, not what it stores: appends are counted and
 * given offsets, fetches wait their max wait (or until released) and return nothing. Handler
 * behaviour is tested against the real cluster instead.
 */
import type {
  BrokerServices,
  BrokerSettings,
  PartitionFetchResult,
} from '../../../engine/broker/services.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { BatchHeader } from '../../../engine/records/batch.js';
import { asBrokerId, asLeaderEpoch, asOffset, type BrokerId } from '../../../engine/types.js';

export interface FakeServices extends BrokerServices {
  /** Fetch calls that reached the ReplicaManager so far. */
  readonly fetchCalls: number;
  /** Fetches waiting now. */
  readonly waitingFetches: number;
  /** Answers every waiting fetch at once. */
  releaseFetches(): void;
  /** Appends that reached the ReplicaManager, in order: `topic-partition:batch timestamp`. */
  readonly appends: string[];
}

export function fakeServices(overrides: Partial<BrokerSettings> = {}): FakeServices {
  const brokerId = asBrokerId(1);
  const settings: BrokerSettings = {
    brokerId,
    autoCreateTopicsEnable: false,
    numPartitions: 1,
    defaultReplicationFactor: 1,
    socketRequestMaxBytes: 104857600,
    fetchMaxBytes: 57671680,
    maxIncrementalFetchSessionCacheSlots: 1000,
    ...overrides,
  };
  const broker = { id: brokerId, host: '127.0.0.1', port: 9092, rack: null };
  const topic = {
    name: 'events',
    topicId: 'AAAAAAAAAAAAAAAAAAAAAQ',
    internal: false,
    configs: {},
    partitions: [
      {
        partition: 0,
        leader: brokerId as BrokerId | -1,
        leaderEpoch: asLeaderEpoch(0),
        replicas: [brokerId],
        isr: [brokerId],
        offlineReplicas: [],
      },
    ],
  };
  const waiting = new Set<() => void>();
  const appends: string[] = [];
  let fetchCalls = 0;
  let nextOffset = 0;
  const unused = (): never => {
    throw new Error('not used by the network tests');
  };
  return {
    settings,
    metadata: {
      clusterId: 'fake-cluster',
      controllerId: () => brokerId,
      aliveBrokers: () => [broker],
      registeredBrokers: () => [{ ...broker, fenced: false }],
      topics: () => [topic],
      topic: (name) => (name === topic.name ? topic : undefined),
      topicById: (id) => (id === topic.topicId ? topic : undefined),
    },
    admin: {
      createTopics: unused,
      deleteTopics: unused,
      createPartitions: unused,
      describeConfigs: unused,
      alterConfigs: unused,
      electLeaders: unused,
      allocateProducerId: async () => ({ errorCode: ErrorCode.NONE, producerId: 1000n, producerEpoch: 0 }),
    },
    replicas: {
      appendRecords: async (input) =>
        input.entries.map(({ tp, records }) => {
          appends.push(`${tp.topic}-${tp.partition}:${new BatchHeader(records, 0).maxTimestamp}`);
          const baseOffset = asOffset(nextOffset++);
          return {
            tp,
            errorCode: ErrorCode.NONE,
            errorMessage: null,
            baseOffset,
            logAppendTime: -1,
            logStartOffset: asOffset(0),
            recordErrors: [],
            currentLeader: null,
          };
        }),
      fetch: (input) => {
        fetchCalls += 1;
        return new Promise<PartitionFetchResult[]>((resolve) => {
          const answer = (): void => {
            clearTimeout(timer);
            waiting.delete(answer);
            resolve(
              input.partitions.map((p) => ({
                tp: p.tp,
                errorCode: ErrorCode.NONE,
                highWatermark: asOffset(nextOffset),
                lastStableOffset: asOffset(nextOffset),
                logStartOffset: asOffset(0),
                abortedTransactions: null,
                records: [],
                divergingEpoch: null,
                currentLeader: null,
                preferredReadReplica: -1,
              })),
            );
          };
          const timer = setTimeout(answer, input.maxWaitMs);
          waiting.add(answer);
          input.signal?.addEventListener('abort', answer, { once: true });
        });
      },
      listOffsets: unused,
      offsetForLeaderEpoch: unused,
      deleteRecords: unused,
      describeLogDirs: unused,
      describeProducers: unused,
    },
    get fetchCalls() {
      return fetchCalls;
    },
    get waitingFetches() {
      return waiting.size;
    },
    releaseFetches: () => {
      for (const answer of [...waiting]) answer();
    },
    appends,
  };
}
