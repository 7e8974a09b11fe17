/**
 * What a broker's request handlers may ask of the broker they run on: narrow domain interfaces
 * in Kafka's nouns, one per concern. The protocol layer (engine/broker/handlers, one file per API)
 * turns decoded requests into calls on these and their results into responses; the cluster layer
 * (engine/cluster) implements them. Nothing here knows about bytes on a socket.
 *
 * Every call answers per partition or per resource with an error code; a handler never sees an
 * exception for a condition Kafka reports as an error code.
 */
import type { GroupCoordinatorService } from '../groups/api.js';
import type { TransactionCoordinatorService } from '../transactions/api.js';
import type { ErrorCode } from '../protocol/errors.js';
import type { BrokerId, LeaderEpoch, Offset, TopicPartition } from '../types.js';

// ---------------------------------------------------------------------------------------------
// Metadata: the broker's view of the committed cluster metadata (Kafka's MetadataCache).

export interface BrokerEndpoint {
  readonly id: BrokerId;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

export interface PartitionMetadata {
  readonly partition: number;
  /** -1 while the partition has no leader (offline or mid-election). */
  readonly leader: BrokerId | -1;
  readonly leaderEpoch: LeaderEpoch;
  readonly replicas: readonly BrokerId[];
  readonly isr: readonly BrokerId[];
  readonly offlineReplicas: readonly BrokerId[];
}

export interface TopicMetadata {
  readonly name: string;
  /** Kafka's topic id: 16 random bytes, shown as URL-safe base64 without padding (22 chars). */
  readonly topicId: string;
  readonly internal: boolean;
  readonly partitions: readonly PartitionMetadata[];
  /** Only the configs set on the topic; defaults come from the config definitions. */
  readonly configs: Readonly<Record<string, string>>;
}

export interface MetadataView {
  readonly clusterId: string;
  /** The active controller, or -1 while none is elected. */
  controllerId(): BrokerId | -1;
  /** Registered, unfenced brokers that have a client listener, sorted by id. */
  aliveBrokers(): readonly BrokerEndpoint[];
  /** Every registered broker with a client listener, fenced ones included, sorted by id (DescribeCluster v2). */
  registeredBrokers(): readonly (BrokerEndpoint & { readonly fenced: boolean })[];
  topics(): readonly TopicMetadata[];
  topic(name: string): TopicMetadata | undefined;
  topicById(topicId: string): TopicMetadata | undefined;
}

// ---------------------------------------------------------------------------------------------
// Admin: changes that go through the controller and its metadata log.

export interface CreateTopicSpec {
  readonly name: string;
  /** -1 means the broker default (`num.partitions`). */
  readonly numPartitions: number;
  /** -1 means the broker default (`default.replication.factor`). */
  readonly replicationFactor: number;
  /** Explicit replica assignment; when given, numPartitions and replicationFactor are -1. */
  readonly assignments: readonly { readonly partition: number; readonly brokerIds: readonly BrokerId[] }[];
  readonly configs: Readonly<Record<string, string | null>>;
}

export interface CreateTopicResult {
  readonly name: string;
  readonly topicId: string | null;
  readonly errorCode: ErrorCode;
  readonly errorMessage: string | null;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  /**
   * The new (or, validating only, would-be) topic's effective configs with their sources, as
   * CreateTopics v5+ returns them (KIP-525); absent on error or when not known.
   */
  readonly configs?: readonly ConfigEntry[];
}

export interface DeleteTopicResult {
  readonly name: string | null;
  readonly topicId: string | null;
  readonly errorCode: ErrorCode;
  readonly errorMessage: string | null;
}

export interface CreatePartitionsSpec {
  readonly topic: string;
  /** The new total number of partitions. */
  readonly count: number;
  /** Replica assignment of the new partitions only; empty lets the controller place them. */
  readonly assignments: readonly (readonly BrokerId[])[];
}

export interface ResourceResult {
  readonly name: string;
  readonly errorCode: ErrorCode;
  readonly errorMessage: string | null;
}

export type ConfigResourceType = 'topic' | 'broker' | 'broker_logger';

/** Kafka's ConfigSource numbering, as DescribeConfigs v1+ reports it. */
export const ConfigSource = {
  UNKNOWN: 0,
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
  DYNAMIC_BROKER_LOGGER_CONFIG: 6,
  CLIENT_METRICS_CONFIG: 7,
  GROUP_CONFIG: 8,
} as const;
export type ConfigSource = (typeof ConfigSource)[keyof typeof ConfigSource];

/** Kafka's ConfigType numbering (DescribeConfigs v3+). */
export const ConfigType = {
  UNKNOWN: 0,
  BOOLEAN: 1,
  STRING: 2,
  INT: 3,
  SHORT: 4,
  LONG: 5,
  DOUBLE: 6,
  LIST: 7,
  CLASS: 8,
  PASSWORD: 9,
} as const;
export type ConfigType = (typeof ConfigType)[keyof typeof ConfigType];

export interface ConfigEntry {
  readonly name: string;
  readonly value: string | null;
  readonly readOnly: boolean;
  readonly source: ConfigSource;
  readonly isSensitive: boolean;
  readonly synonyms: readonly {
    readonly name: string;
    readonly value: string | null;
    readonly source: ConfigSource;
  }[];
  readonly type: ConfigType;
  readonly documentation: string | null;
}

export interface DescribeConfigsResult extends ResourceResult {
  readonly type: ConfigResourceType;
  readonly configs: readonly ConfigEntry[];
}

export type AlterConfigOp = 'set' | 'delete' | 'append' | 'subtract';

export interface AlterConfigsSpec {
  readonly type: ConfigResourceType;
  readonly name: string;
  readonly changes: readonly {
    readonly name: string;
    readonly value: string | null;
    readonly op: AlterConfigOp;
  }[];
  /** false: AlterConfigs semantics (the given set replaces every override); true: incremental. */
  readonly incremental: boolean;
}

export interface ClusterAdmin {
  createTopics(
    specs: readonly CreateTopicSpec[],
    options: { validateOnly: boolean; timeoutMs: number },
  ): Promise<CreateTopicResult[]>;
  /** Topics by name or by id (exactly one of the two per entry). */
  deleteTopics(
    topics: readonly { readonly name: string | null; readonly topicId: string | null }[],
    timeoutMs: number,
  ): Promise<DeleteTopicResult[]>;
  createPartitions(
    specs: readonly CreatePartitionsSpec[],
    options: { validateOnly: boolean; timeoutMs: number },
  ): Promise<ResourceResult[]>;
  describeConfigs(
    resources: readonly {
      readonly type: ConfigResourceType;
      readonly name: string;
      readonly keys: readonly string[] | null;
    }[],
    options: { includeSynonyms: boolean; includeDocumentation: boolean },
  ): Promise<DescribeConfigsResult[]>;
  alterConfigs(
    specs: readonly AlterConfigsSpec[],
    options: { validateOnly: boolean },
  ): Promise<(ResourceResult & { type: ConfigResourceType })[]>;
  /** Preferred-leader election (`electionType` 0) or unclean election (1) for the given partitions, or all when null. */
  electLeaders(
    partitions: readonly TopicPartition[] | null,
    electionType: 0 | 1,
    timeoutMs: number,
  ): Promise<(TopicPartition & { errorCode: ErrorCode; errorMessage: string | null })[]>;
  /** A producer id for an idempotent producer, unique across the cluster and its restarts. */
  allocateProducerId(): Promise<{ errorCode: ErrorCode; producerId: bigint; producerEpoch: number }>;
}

// ---------------------------------------------------------------------------------------------
// Data: the partitions this broker hosts (Kafka's ReplicaManager).

export type Acks = -1 | 0 | 1;

export interface AppendInput {
  readonly acks: Acks;
  readonly timeoutMs: number;
  /** Set for transactional produce requests (Produce v3+). */
  readonly transactionalId: string | null;
  /**
   * 'coordinator' for the transaction and group coordinators' own writes (transaction markers,
   * transactional offset commits): control batches are allowed and sequence numbers are not
   * checked, as Kafka's AppendOrigin.COORDINATOR. Absent: a client's produce.
   */
  readonly origin?: 'client' | 'coordinator';
  /**
   * The request's record sets, as received: RecordBatch v2 bytes, one or more batches each. With
   * `leaderEpoch` (a coordinator writing its own partition), the append is refused with
   * NOT_LEADER_OR_FOLLOWER unless this broker still leads at that epoch when the append happens.
   */
  readonly entries: readonly {
    readonly tp: TopicPartition;
    readonly records: Buffer;
    readonly leaderEpoch?: number;
  }[];
}

export interface PartitionAppendResult {
  readonly tp: TopicPartition;
  readonly errorCode: ErrorCode;
  readonly errorMessage: string | null;
  /** The offset given to the first record appended; -1 on error. */
  readonly baseOffset: Offset | -1;
  /** The broker time written into the batches when the topic uses LogAppendTime, else -1. */
  readonly logAppendTime: number;
  readonly logStartOffset: Offset | -1;
  /** Per-batch errors (Produce v8+): which batch of the record set was refused and why. */
  readonly recordErrors: readonly { readonly batchIndex: number; readonly message: string | null }[];
  /** A newer leader known to this broker, when answering NOT_LEADER_OR_FOLLOWER (Produce v10+). */
  readonly currentLeader: { readonly leaderId: BrokerId | -1; readonly leaderEpoch: LeaderEpoch | -1 } | null;
}

export const IsolationLevel = { READ_UNCOMMITTED: 0, READ_COMMITTED: 1 } as const;
export type IsolationLevel = (typeof IsolationLevel)[keyof typeof IsolationLevel];

export interface FetchPartitionInput {
  readonly tp: TopicPartition;
  readonly fetchOffset: Offset;
  /** The leader epoch the fetcher believes current, or -1 when it does not say (Fetch < v9). */
  readonly currentLeaderEpoch: number;
  /** Epoch of the last batch the fetcher has, for divergence checks (Fetch v12+), or -1. */
  readonly lastFetchedEpoch: number;
  /** The follower's log start offset; -1 for consumers. */
  readonly logStartOffset: number;
  readonly partitionMaxBytes: number;
}

export interface FetchInput {
  /** -1 for consumers; the follower's broker id for replica fetches. */
  readonly replicaId: BrokerId | -1;
  /** Broker epoch of a fetching follower (used to fence stale replicas), else -1. */
  readonly replicaEpoch: number;
  readonly maxWaitMs: number;
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly isolationLevel: IsolationLevel;
  readonly partitions: readonly FetchPartitionInput[];
  /** Aborts a long poll (the connection closed, the broker is stopping). */
  readonly signal?: AbortSignal;
}

export interface PartitionFetchResult {
  readonly tp: TopicPartition;
  readonly errorCode: ErrorCode;
  readonly highWatermark: Offset | -1;
  readonly lastStableOffset: Offset | -1;
  readonly logStartOffset: Offset | -1;
  readonly abortedTransactions:
    readonly { readonly producerId: bigint; readonly firstOffset: Offset }[] | null;
  /** Slices of segment files, served as they are; concatenated only when written to a socket. */
  readonly records: readonly Buffer[];
  /** Set when the fetcher's last epoch diverges from the leader's log (Fetch v12+). */
  readonly divergingEpoch: { readonly epoch: LeaderEpoch; readonly endOffset: Offset } | null;
  readonly currentLeader: { readonly leaderId: BrokerId | -1; readonly leaderEpoch: LeaderEpoch | -1 } | null;
  /** Follower fetching (KIP-392); -1: read from the leader. */
  readonly preferredReadReplica: BrokerId | -1;
}

/** ListOffsets' special timestamps. */
export const ListOffsetsTimestamp = {
  LATEST: -1,
  EARLIEST: -2,
  MAX_TIMESTAMP: -3,
  EARLIEST_LOCAL: -4,
  LATEST_TIERED: -5,
} as const;

export interface ListOffsetsResult {
  readonly tp: TopicPartition;
  readonly errorCode: ErrorCode;
  readonly timestamp: number;
  readonly offset: Offset | -1;
  readonly leaderEpoch: LeaderEpoch | -1;
}

export interface ReplicaManager {
  /**
   * Appends in call order: the leader's local append happens synchronously inside the call and
   * only the wait for acknowledgements is asynchronous, so produce requests pipelined on one
   * connection reach the log in the order they were sent (the idempotent producer's sequence
   * checks rely on it).
   */
  appendRecords(input: AppendInput): Promise<PartitionAppendResult[]>;
  /** Answers at once when minBytes are available or an error is due, else when data arrives or maxWaitMs passes. */
  fetch(input: FetchInput): Promise<PartitionFetchResult[]>;
  listOffsets(
    partitions: readonly {
      readonly tp: TopicPartition;
      readonly timestamp: number;
      readonly currentLeaderEpoch: number;
    }[],
    options: { isolationLevel: IsolationLevel; replicaId: BrokerId | -1 },
  ): Promise<ListOffsetsResult[]>;
  /** The end offset of the given epoch in this leader's log (OffsetForLeaderEpoch). */
  offsetForLeaderEpoch(
    partitions: readonly {
      readonly tp: TopicPartition;
      readonly leaderEpoch: number;
      readonly currentLeaderEpoch: number;
    }[],
  ): Promise<
    (TopicPartition & { errorCode: ErrorCode; leaderEpoch: LeaderEpoch | -1; endOffset: Offset | -1 })[]
  >;
  deleteRecords(
    partitions: readonly { readonly tp: TopicPartition; readonly offset: number }[],
    timeoutMs: number,
  ): Promise<(TopicPartition & { errorCode: ErrorCode; lowWatermark: Offset | -1 })[]>;
  /** This broker's log directories and the partitions in them (all, or only those asked for). */
  describeLogDirs(partitions: readonly TopicPartition[] | null): Promise<LogDirDescription[]>;
  /** The active idempotent and transactional producers of partitions this broker leads. */
  describeProducers(partitions: readonly TopicPartition[]): Promise<PartitionProducers[]>;
}

export interface LogDirDescription {
  /** The directory's absolute path. */
  readonly path: string;
  /** NONE, or KAFKA_STORAGE_ERROR for a failed directory. */
  readonly errorCode: ErrorCode;
  /** The volume's size and free bytes, -1 when unknown. */
  readonly totalBytes: number;
  readonly usableBytes: number;
  readonly partitions: readonly {
    readonly tp: TopicPartition;
    /** Bytes of the replica's segments. */
    readonly sizeInBytes: number;
    /** How far the replica is behind the leader's high watermark (0 on the leader). */
    readonly offsetLag: number;
  }[];
}

export interface PartitionProducers {
  readonly tp: TopicPartition;
  /** NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, ... or NONE. */
  readonly errorCode: ErrorCode;
  readonly producers: readonly {
    readonly producerId: bigint;
    readonly producerEpoch: number;
    /** Sequence of the producer's last appended record, -1 when none. */
    readonly lastSequence: number;
    readonly lastTimestamp: number;
    readonly coordinatorEpoch: number;
    /** First offset of the producer's open transaction, -1 when none. */
    readonly currentTxnStartOffset: Offset | -1;
  }[];
}

// ---------------------------------------------------------------------------------------------

/** Broker-level settings the handlers need (Kafka's broker config names, camel-cased). */
export interface BrokerSettings {
  readonly brokerId: BrokerId;
  readonly autoCreateTopicsEnable: boolean;
  readonly numPartitions: number;
  readonly defaultReplicationFactor: number;
  /** `socket.request.max.bytes`: frames larger than this close the connection. */
  readonly socketRequestMaxBytes: number;
  /** `fetch.max.bytes`: the most a fetch response may carry, whatever the request asks (55 MiB). */
  readonly fetchMaxBytes: number;
  /** `max.incremental.fetch.session.cache.slots`: incremental fetch sessions kept (1000). */
  readonly maxIncrementalFetchSessionCacheSlots: number;
}

/** Everything a listener hands to its request handlers. Coordinators join as their issues land. */
export interface BrokerServices {
  readonly settings: BrokerSettings;
  readonly metadata: MetadataView;
  readonly admin: ClusterAdmin;
  readonly replicas: ReplicaManager;
  /** The group coordinator (engine/groups); without it the consumer-group APIs are not served. */
  readonly groups?: GroupCoordinatorService;
  /** The transaction coordinator (engine/transactions); without it the transaction APIs are not served. */
  readonly transactions?: TransactionCoordinatorService;
}
