/**
 * The cluster's static configuration, by Kafka's broker config names, with defaults picked for a
 * cluster on one laptop (failures noticed in about a second, not half a minute) and each value
 * checked. Anything that is not a cluster setting must be the broker-level synonym of a topic
 * config (`log.retention.ms`, `min.insync.replicas`, `unclean.leader.election.enable`, ...): it
 * becomes the default of every topic that does not set its own.
 *
 *   kafka name                                   default   Kafka's default
 *   broker.heartbeat.interval.ms                     250              2000
 *   broker.session.timeout.ms                       1500              9000
 *   controller.quorum.election.timeout.ms            200              1000
 *   controller.quorum.election.backoff.max.ms        200              1000
 *   controller.quorum.fetch.timeout.ms               600              2000
 *   replica.lag.time.max.ms                        10000             30000
 *   replica.socket.timeout.ms                       2000             30000
 *   replica.fetch.backoff.ms                         100              1000
 *   leader.imbalance.check.interval.seconds           10               300
 *   log.retention.check.interval.ms               30000            300000
 *   log.flush.offset.checkpoint.interval.ms       10000             60000
 *   group.initial.rebalance.delay.ms                100              3000
 *   group.min.session.timeout.ms                   1000              6000
 *   offsets.topic.num.partitions                     10                50
 *   offsets.topic.replication.factor   min(3, brokers)                 3
 *
 *   sasl.enabled.mechanisms   PLAIN,SCRAM-SHA-256,SCRAM-SHA-512            GSSAPI
 *     (used only when the cluster is started with SASL users; see StartClusterOptions.sasl)
 *
 * The group coordinator's settings (engine/groups/config.ts) keep Kafka's defaults otherwise.
 *
 * The listener's limits (engine/broker/listener-config.ts) are set here too: socket.request.max.bytes,
 * max.connections, max.connections.per.ip(.overrides), connections.max.idle.ms,
 * queued.max.request.bytes (256 MiB here, unbounded in Kafka) and Brokerlab's own
 * max.in.flight.requests.per.connection (32; Kafka reads one request per connection at a time).
 */
import { parseConnectionOverrides } from '../broker/listener-config.js';
import { parseEnabledMechanisms } from '../broker/sasl/listener-sasl.js';
import { describeTopicConfig, parseLogConfig } from '../storage/log-config.js';

export interface ClusterSettings {
  readonly heartbeatIntervalMs: number;
  readonly sessionTimeoutMs: number;
  readonly electionTimeoutMs: number;
  readonly electionBackoffMaxMs: number;
  readonly fetchTimeoutMs: number;
  readonly quorumRequestTimeoutMs: number;
  readonly replicaLagTimeMaxMs: number;
  readonly replicaFetchWaitMaxMs: number;
  readonly replicaFetchMinBytes: number;
  readonly replicaFetchMaxBytes: number;
  readonly replicaFetchResponseMaxBytes: number;
  readonly replicaFetchBackoffMs: number;
  readonly replicaSocketTimeoutMs: number;
  readonly controllerRequestTimeoutMs: number;
  readonly numPartitions: number;
  /** -1: min(3, number of brokers). */
  readonly defaultReplicationFactor: number;
  readonly autoCreateTopicsEnable: boolean;
  readonly autoLeaderRebalanceEnable: boolean;
  readonly leaderImbalanceCheckIntervalMs: number;
  readonly logRetentionCheckIntervalMs: number;
  readonly logFlushOffsetCheckpointIntervalMs: number;
  readonly producerIdExpirationMs: number;
  readonly producerIdExpirationCheckIntervalMs: number;
  readonly metadataLogSegmentBytes: number;
  readonly metadataMaxBytesBetweenSnapshots: number;
  readonly socketRequestMaxBytes: number;
  readonly maxConnections: number;
  readonly maxConnectionsPerIp: number;
  /** As given (`host:count,...`); parseConnectionOverrides reads it. */
  readonly maxConnectionsPerIpOverrides: string;
  readonly connectionsMaxIdleMs: number;
  /** ≤ 0: unbounded. */
  readonly queuedMaxRequestBytes: number;
  readonly maxInFlightRequestsPerConnection: number;
  /** As given (`PLAIN,SCRAM-SHA-256,...`); parseEnabledMechanisms reads it. */
  readonly saslEnabledMechanisms: string;
  readonly fetchMaxBytes: number;
  readonly maxIncrementalFetchSessionCacheSlots: number;
  readonly groupInitialRebalanceDelayMs: number;
  readonly groupMinSessionTimeoutMs: number;
  readonly groupMaxSessionTimeoutMs: number;
  readonly groupMaxSize: number;
  readonly offsetsTopicNumPartitions: number;
  /** -1: min(3, number of brokers). */
  readonly offsetsTopicReplicationFactor: number;
  readonly offsetsTopicSegmentBytes: number;
  readonly offsetsRetentionMinutes: number;
  readonly offsetsRetentionCheckIntervalMs: number;
  readonly offsetsCommitTimeoutMs: number;
  readonly offsetMetadataMaxBytes: number;
  readonly offsetsLoadBufferSize: number;
  readonly transactionStateLogNumPartitions: number;
  /** -1: min(3, number of brokers). */
  readonly transactionStateLogReplicationFactor: number;
  readonly transactionStateLogSegmentBytes: number;
  readonly transactionStateLogLoadBufferSize: number;
  readonly transactionMaxTimeoutMs: number;
  readonly transactionAbortTimedOutTransactionCleanupIntervalMs: number;
  readonly transactionalIdExpirationMs: number;
  readonly transactionRemoveExpiredTransactionCleanupIntervalMs: number;
  /** Broker-level defaults of topic configs, by their broker names (e.g. `log.retention.ms`). */
  readonly topicDefaults: Readonly<Record<string, string>>;
  /** log.retention.hours as given (Kafka's default 168); read-only, see retentionUnits. */
  readonly logRetentionHours: number;
  /** log.retention.minutes as given, else null (Kafka's default); read-only. */
  readonly logRetentionMinutes: number | null;
  /** The Kafka names given explicitly at start (DescribeConfigs reports them as static). */
  readonly explicit: readonly string[];
}

export type SettingKind = 'int' | 'boolean' | 'seconds' | 'string';

interface SettingDef {
  readonly key: Exclude<keyof ClusterSettings, 'topicDefaults'>;
  readonly kind: SettingKind;
  readonly default: number | boolean | string;
  readonly min?: number;
  /** For a string: throws a RangeError naming what is wrong. */
  readonly check?: (value: string) => void;
}

const INT_MAX = 2_147_483_647;

const definitions: Readonly<Record<string, SettingDef>> = {
  'broker.heartbeat.interval.ms': { key: 'heartbeatIntervalMs', kind: 'int', default: 250, min: 1 },
  'broker.session.timeout.ms': { key: 'sessionTimeoutMs', kind: 'int', default: 1500, min: 1 },
  'controller.quorum.election.timeout.ms': { key: 'electionTimeoutMs', kind: 'int', default: 200, min: 1 },
  'controller.quorum.election.backoff.max.ms': {
    key: 'electionBackoffMaxMs',
    kind: 'int',
    default: 200,
    min: 1,
  },
  'controller.quorum.fetch.timeout.ms': { key: 'fetchTimeoutMs', kind: 'int', default: 600, min: 2 },
  'controller.quorum.request.timeout.ms': {
    key: 'quorumRequestTimeoutMs',
    kind: 'int',
    default: 2000,
    min: 1,
  },
  'replica.lag.time.max.ms': { key: 'replicaLagTimeMaxMs', kind: 'int', default: 10_000, min: 1 },
  'replica.fetch.wait.max.ms': { key: 'replicaFetchWaitMaxMs', kind: 'int', default: 500, min: 0 },
  'replica.fetch.min.bytes': { key: 'replicaFetchMinBytes', kind: 'int', default: 1, min: 1 },
  'replica.fetch.max.bytes': { key: 'replicaFetchMaxBytes', kind: 'int', default: 1_048_576, min: 1 },
  'replica.fetch.response.max.bytes': {
    key: 'replicaFetchResponseMaxBytes',
    kind: 'int',
    default: 10_485_760,
    min: 1,
  },
  'replica.fetch.backoff.ms': { key: 'replicaFetchBackoffMs', kind: 'int', default: 100, min: 0 },
  'replica.socket.timeout.ms': { key: 'replicaSocketTimeoutMs', kind: 'int', default: 2000, min: 1 },
  'request.timeout.ms': { key: 'controllerRequestTimeoutMs', kind: 'int', default: 5000, min: 1 },
  'num.partitions': { key: 'numPartitions', kind: 'int', default: 1, min: 1 },
  'default.replication.factor': { key: 'defaultReplicationFactor', kind: 'int', default: -1, min: -1 },
  'auto.create.topics.enable': { key: 'autoCreateTopicsEnable', kind: 'boolean', default: true },
  'auto.leader.rebalance.enable': { key: 'autoLeaderRebalanceEnable', kind: 'boolean', default: true },
  'leader.imbalance.check.interval.seconds': {
    key: 'leaderImbalanceCheckIntervalMs',
    kind: 'seconds',
    default: 10,
    min: 0.001,
  },
  'log.retention.check.interval.ms': {
    key: 'logRetentionCheckIntervalMs',
    kind: 'int',
    default: 30_000,
    min: 1,
  },
  'log.flush.offset.checkpoint.interval.ms': {
    key: 'logFlushOffsetCheckpointIntervalMs',
    kind: 'int',
    default: 10_000,
    min: 1,
  },
  'producer.id.expiration.ms': { key: 'producerIdExpirationMs', kind: 'int', default: 86_400_000, min: 1 },
  'producer.id.expiration.check.interval.ms': {
    key: 'producerIdExpirationCheckIntervalMs',
    kind: 'int',
    default: 600_000,
    min: 1,
  },
  'metadata.log.segment.bytes': {
    key: 'metadataLogSegmentBytes',
    kind: 'int',
    default: 1_048_576,
    min: 1_048_576,
  },
  'metadata.log.max.record.bytes.between.snapshots': {
    key: 'metadataMaxBytesBetweenSnapshots',
    kind: 'int',
    default: 1_048_576,
    min: 1,
  },
  'socket.request.max.bytes': { key: 'socketRequestMaxBytes', kind: 'int', default: 104_857_600, min: 1 },
  'max.connections': { key: 'maxConnections', kind: 'int', default: INT_MAX, min: 0 },
  'max.connections.per.ip': { key: 'maxConnectionsPerIp', kind: 'int', default: INT_MAX, min: 0 },
  'max.connections.per.ip.overrides': {
    key: 'maxConnectionsPerIpOverrides',
    kind: 'string',
    default: '',
    check: parseConnectionOverrides,
  },
  'connections.max.idle.ms': { key: 'connectionsMaxIdleMs', kind: 'int', default: 600_000, min: 1 },
  'queued.max.request.bytes': {
    key: 'queuedMaxRequestBytes',
    kind: 'int',
    default: 268_435_456,
    min: -1,
  },
  'max.in.flight.requests.per.connection': {
    key: 'maxInFlightRequestsPerConnection',
    kind: 'int',
    default: 32,
    min: 1,
  },
  'sasl.enabled.mechanisms': {
    key: 'saslEnabledMechanisms',
    kind: 'string',
    default: 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    check: parseEnabledMechanisms,
  },
  'fetch.max.bytes': { key: 'fetchMaxBytes', kind: 'int', default: 57_671_680, min: 1024 },
  'max.incremental.fetch.session.cache.slots': {
    key: 'maxIncrementalFetchSessionCacheSlots',
    kind: 'int',
    default: 1000,
    min: 0,
  },
  'group.initial.rebalance.delay.ms': {
    key: 'groupInitialRebalanceDelayMs',
    kind: 'int',
    default: 100,
    min: 0,
  },
  'group.min.session.timeout.ms': { key: 'groupMinSessionTimeoutMs', kind: 'int', default: 1000, min: 0 },
  'group.max.session.timeout.ms': {
    key: 'groupMaxSessionTimeoutMs',
    kind: 'int',
    default: 1_800_000,
    min: 0,
  },
  'group.max.size': { key: 'groupMaxSize', kind: 'int', default: 2_147_483_647, min: 1 },
  'offsets.topic.num.partitions': { key: 'offsetsTopicNumPartitions', kind: 'int', default: 10, min: 1 },
  'offsets.topic.replication.factor': {
    key: 'offsetsTopicReplicationFactor',
    kind: 'int',
    default: -1,
    min: -1,
  },
  'offsets.topic.segment.bytes': {
    key: 'offsetsTopicSegmentBytes',
    kind: 'int',
    default: 104_857_600,
    min: 1,
  },
  'offsets.retention.minutes': { key: 'offsetsRetentionMinutes', kind: 'int', default: 10_080, min: 1 },
  'offsets.retention.check.interval.ms': {
    key: 'offsetsRetentionCheckIntervalMs',
    kind: 'int',
    default: 600_000,
    min: 1,
  },
  'offsets.commit.timeout.ms': { key: 'offsetsCommitTimeoutMs', kind: 'int', default: 5000, min: 1 },
  'offset.metadata.max.bytes': { key: 'offsetMetadataMaxBytes', kind: 'int', default: 4096, min: 0 },
  'offsets.load.buffer.size': { key: 'offsetsLoadBufferSize', kind: 'int', default: 5_242_880, min: 1 },
  'transaction.state.log.num.partitions': {
    key: 'transactionStateLogNumPartitions',
    kind: 'int',
    default: 10,
    min: 1,
  },
  'transaction.state.log.replication.factor': {
    key: 'transactionStateLogReplicationFactor',
    kind: 'int',
    default: -1,
    min: -1,
  },
  'transaction.state.log.segment.bytes': {
    key: 'transactionStateLogSegmentBytes',
    kind: 'int',
    default: 104_857_600,
    min: 1,
  },
  'transaction.state.log.load.buffer.size': {
    key: 'transactionStateLogLoadBufferSize',
    kind: 'int',
    default: 5_242_880,
    min: 1,
  },
  'transaction.max.timeout.ms': { key: 'transactionMaxTimeoutMs', kind: 'int', default: 900_000, min: 1 },
  'transaction.abort.timed.out.transaction.cleanup.interval.ms': {
    key: 'transactionAbortTimedOutTransactionCleanupIntervalMs',
    kind: 'int',
    default: 10_000,
    min: 1,
  },
  'transactional.id.expiration.ms': {
    key: 'transactionalIdExpirationMs',
    kind: 'int',
    default: 604_800_000,
    min: 1,
  },
  'transaction.remove.expired.transaction.cleanup.interval.ms': {
    key: 'transactionRemoveExpiredTransactionCleanupIntervalMs',
    kind: 'int',
    default: 3_600_000,
    min: 1,
  },
};

/**
 * Kafka's coarser retention settings, in milliseconds per unit. They stand in for
 * log.retention.ms only when it is not given (log.retention.ms wins over log.retention.minutes,
 * which wins over log.retention.hours) and cannot be altered at run time, as in Kafka. The one
 * that applies becomes the log.retention.ms topic default (so DescribeConfigs names that synonym
 * where Kafka would name the coarser one).
 */
const retentionUnits: Readonly<Record<string, number>> = {
  'log.retention.minutes': 60_000,
  'log.retention.hours': 3_600_000,
};
const DEFAULT_RETENTION_HOURS = 168;

export type ClusterConfigInput = Readonly<Record<string, string | number | boolean>>;

export class ClusterConfigError extends Error {
  override readonly name = 'ClusterConfigError';
}

/** Names of broker properties that are defaults of topic configs (`log.retention.ms`, ...). */
function topicDefaultNames(): Set<string> {
  return new Set(describeTopicConfig({}, {}).flatMap((entry) => entry.synonyms.map((s) => s.name)));
}

export function parseClusterConfig(input: ClusterConfigInput = {}, brokerCount = 3): ClusterSettings {
  const values: Record<string, number | boolean | string> = {};
  for (const def of Object.values(definitions)) values[def.key] = def.default;
  const topicDefaults: Record<string, string> = {};
  const synonyms = topicDefaultNames();
  const units: Record<string, number> = {};
  for (const [name, raw] of Object.entries(input)) {
    const def = definitions[name];
    if (name in retentionUnits) {
      units[name] = parseRetentionUnit(name, raw);
      continue;
    }
    if (!def) {
      if (!synonyms.has(name)) throw new ClusterConfigError(`Unknown broker config ${name}`);
      topicDefaults[name] = String(raw);
      continue;
    }
    values[def.key] = parseSetting(name, def, raw);
  }
  if (values['maxConnectionsPerIp'] === 0 && values['maxConnectionsPerIpOverrides'] === '') {
    // Kafka's own check: a limit of 0 for everyone only makes sense with exceptions.
    throw new ClusterConfigError(
      'max.connections.per.ip is 0, which needs max.connections.per.ip.overrides to name who may connect',
    );
  }
  const queued = values['queuedMaxRequestBytes'] as number;
  if (queued > 0 && queued < (values['socketRequestMaxBytes'] as number)) {
    // Kafka's own check: a request as large as allowed must fit in the queue.
    throw new ClusterConfigError(
      `queued.max.request.bytes (${queued}) must be ≤ 0 or at least socket.request.max.bytes`,
    );
  }
  const unit = ['log.retention.minutes', 'log.retention.hours'].find((name) => units[name] !== undefined);
  if (unit && topicDefaults['log.retention.ms'] === undefined) {
    const count = units[unit]!;
    topicDefaults['log.retention.ms'] = String(count < 0 ? -1 : count * retentionUnits[unit]!);
  }
  try {
    parseLogConfig({}, topicDefaults);
  } catch (err) {
    throw new ClusterConfigError((err as Error).message);
  }
  const parsed = {
    ...values,
    topicDefaults,
    logRetentionHours: units['log.retention.hours'] ?? DEFAULT_RETENTION_HOURS,
    logRetentionMinutes: units['log.retention.minutes'] ?? null,
    explicit: Object.keys(input),
  } as unknown as ClusterSettings;
  const orDefault = (rf: number): number => (rf === -1 ? Math.min(3, brokerCount) : rf);
  return {
    ...parsed,
    defaultReplicationFactor: orDefault(parsed.defaultReplicationFactor),
    offsetsTopicReplicationFactor: orDefault(parsed.offsetsTopicReplicationFactor),
    transactionStateLogReplicationFactor: orDefault(parsed.transactionStateLogReplicationFactor),
  };
}

/** An hour or minute count; -1 means no time limit, as for log.retention.ms. */
function parseRetentionUnit(name: string, raw: string | number | boolean): number {
  const n = Number(raw);
  if (typeof raw === 'boolean' || !Number.isInteger(n) || n < -1)
    throw new ClusterConfigError(`${name} must be an integer ≥ -1, not ${raw}`);
  return n;
}

function parseSetting(
  name: string,
  def: SettingDef,
  raw: string | number | boolean,
): number | boolean | string {
  if (def.kind === 'string') {
    const text = String(raw);
    try {
      def.check?.(text);
    } catch (err) {
      throw new ClusterConfigError((err as Error).message);
    }
    return text;
  }
  if (def.kind === 'boolean') {
    const text = String(raw).toLowerCase();
    if (text !== 'true' && text !== 'false')
      throw new ClusterConfigError(`${name} must be true or false, not ${raw}`);
    return text === 'true';
  }
  const n = Number(raw);
  const integral = def.kind === 'int' ? Number.isInteger(n) : Number.isFinite(n);
  if (!integral || (def.min !== undefined && n < def.min)) {
    throw new ClusterConfigError(
      `${name} must be ${def.kind === 'int' ? 'an integer' : 'a number'} ≥ ${def.min ?? '-∞'}, not ${raw}`,
    );
  }
  return def.kind === 'seconds' ? n * 1000 : n;
}

/** log.retention.hours and log.retention.minutes with their values as Kafka prints them (null: unset). */
export function retentionUnitEntries(settings: ClusterSettings): { name: string; value: string | null }[] {
  const minutes = settings.logRetentionMinutes;
  return [
    { name: 'log.retention.hours', value: String(settings.logRetentionHours) },
    { name: 'log.retention.minutes', value: minutes === null ? null : String(minutes) },
  ];
}

/** Every cluster setting by its Kafka name with its value as Kafka prints it, for DescribeConfigs. */
export function clusterSettingEntries(
  settings: ClusterSettings,
): { name: string; value: string; kind: SettingKind }[] {
  return Object.entries(definitions).map(([name, def]) => {
    const value = settings[def.key];
    const shown = def.kind === 'seconds' ? (value as number) / 1000 : value;
    return { name, value: String(shown), kind: def.kind };
  });
}
