/**
 * Kafka's topic-level configs (as Apache Kafka 4.x lists them), with their real names, types,
 * defaults, valid values, one-line docs and the broker-level property each falls back to.
 *
 * A topic's effective config = its own overrides, else the broker's value of the synonym, else
 * Kafka's default. `parseLogConfig` turns such a string map into a typed `LogConfig`, refusing
 * any invalid value with an `InvalidConfigError` that names the key and what is allowed (the
 * message CreateTopics/AlterConfigs return with INVALID_CONFIG). `describeTopicConfig` answers
 * what DescribeConfigs needs.
 */
import type { ConfigEntry, ConfigSource as ConfigSourceT } from '../broker/services.js';
import { ConfigSource, ConfigType } from '../broker/services.js';
import { ErrorCode, KafkaError } from '../protocol/errors.js';

export class InvalidConfigError extends KafkaError {
  override readonly name = 'InvalidConfigError';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(ErrorCode.INVALID_CONFIG, message);
  }
}

const LONG_MAX = '9223372036854775807';
/** Long.MAX_VALUE read as a number: "never" for times and counts. */
export const NEVER = Number.MAX_SAFE_INTEGER;

type Kind = 'boolean' | 'string' | 'int' | 'long' | 'double' | 'list';

interface ConfigDef {
  readonly name: string;
  readonly kind: Kind;
  readonly default: string;
  readonly doc: string;
  /** The broker property that supplies the default when the topic does not set one. */
  readonly synonym: string;
  readonly min?: number;
  readonly max?: number;
  /** Allowed values (strings and lists), compared case-sensitively as Kafka does. */
  readonly oneOf?: readonly string[];
  /** Extra allowed numbers outside [min, max] (Kafka's "[1,...,9] or -1"). */
  readonly also?: readonly number[];
}

const defs: readonly ConfigDef[] = [
  {
    name: 'cleanup.policy',
    kind: 'list',
    default: 'delete',
    oneOf: ['compact', 'delete'],
    synonym: 'log.cleanup.policy',
    doc: 'Retention policy of old segments: "delete" discards them by time or size, "compact" keeps the latest value per key; both may be given.',
  },
  {
    name: 'compression.gzip.level',
    kind: 'int',
    default: '-1',
    min: 1,
    max: 9,
    also: [-1],
    synonym: 'compression.gzip.level',
    doc: 'Compression level when compression.type is gzip.',
  },
  {
    name: 'compression.lz4.level',
    kind: 'int',
    default: '9',
    min: 1,
    max: 17,
    synonym: 'compression.lz4.level',
    doc: 'Compression level when compression.type is lz4.',
  },
  {
    name: 'compression.type',
    kind: 'string',
    default: 'producer',
    oneOf: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'],
    synonym: 'compression.type',
    doc: 'Final compression of the topic\'s batches; "producer" keeps what the producer sent.',
  },
  {
    name: 'compression.zstd.level',
    kind: 'int',
    default: '3',
    min: -131072,
    max: 22,
    synonym: 'compression.zstd.level',
    doc: 'Compression level when compression.type is zstd.',
  },
  {
    name: 'delete.retention.ms',
    kind: 'long',
    default: '86400000',
    min: 0,
    synonym: 'log.cleaner.delete.retention.ms',
    doc: 'How long tombstones are kept in a compacted topic after the segment holding them was cleaned.',
  },
  {
    name: 'file.delete.delay.ms',
    kind: 'long',
    default: '60000',
    min: 0,
    synonym: 'log.segment.delete.delay.ms',
    doc: "Time to wait before removing a deleted segment's files from disk.",
  },
  {
    name: 'flush.messages',
    kind: 'long',
    default: LONG_MAX,
    min: 1,
    synonym: 'log.flush.interval.messages',
    doc: 'Force an fsync of the log after this many messages; replication gives durability by default.',
  },
  {
    name: 'flush.ms',
    kind: 'long',
    default: LONG_MAX,
    min: 0,
    synonym: 'log.flush.interval.ms',
    doc: 'Force an fsync of the log when this much time passed since the last one.',
  },
  {
    name: 'follower.replication.throttled.replicas',
    kind: 'list',
    default: '',
    synonym: 'follower.replication.throttled.replicas',
    doc: 'Replicas whose follower-side replication is throttled, as partitionId:brokerId pairs or *.',
  },
  {
    name: 'index.interval.bytes',
    kind: 'int',
    default: '4096',
    min: 0,
    synonym: 'log.index.interval.bytes',
    doc: 'How many log bytes pass between two entries of the offset index.',
  },
  {
    name: 'leader.replication.throttled.replicas',
    kind: 'list',
    default: '',
    synonym: 'leader.replication.throttled.replicas',
    doc: 'Replicas whose leader-side replication is throttled, as partitionId:brokerId pairs or *.',
  },
  {
    name: 'local.retention.bytes',
    kind: 'long',
    default: '-2',
    min: -2,
    synonym: 'log.local.retention.bytes',
    doc: 'Local size limit with tiered storage; -2 means retention.bytes.',
  },
  {
    name: 'local.retention.ms',
    kind: 'long',
    default: '-2',
    min: -2,
    synonym: 'log.local.retention.ms',
    doc: 'Local time limit with tiered storage; -2 means retention.ms.',
  },
  {
    name: 'max.compaction.lag.ms',
    kind: 'long',
    default: LONG_MAX,
    min: 1,
    synonym: 'log.cleaner.max.compaction.lag.ms',
    doc: 'Longest time a message stays ineligible for compaction.',
  },
  {
    name: 'max.message.bytes',
    kind: 'int',
    default: '1048588',
    min: 0,
    synonym: 'message.max.bytes',
    doc: 'Largest record batch size allowed by the topic, after compression.',
  },
  {
    name: 'message.timestamp.after.max.ms',
    kind: 'long',
    default: '3600000',
    min: 0,
    synonym: 'log.message.timestamp.after.max.ms',
    doc: "How far a CreateTime timestamp may lie in the future of the broker's clock.",
  },
  {
    name: 'message.timestamp.before.max.ms',
    kind: 'long',
    default: LONG_MAX,
    min: 0,
    synonym: 'log.message.timestamp.before.max.ms',
    doc: "How far a CreateTime timestamp may lie in the past of the broker's clock.",
  },
  {
    name: 'message.timestamp.type',
    kind: 'string',
    default: 'CreateTime',
    oneOf: ['CreateTime', 'LogAppendTime'],
    synonym: 'log.message.timestamp.type',
    doc: "Whether record timestamps are the producer's create time or the broker's append time.",
  },
  {
    name: 'min.cleanable.dirty.ratio',
    kind: 'double',
    default: '0.5',
    min: 0,
    max: 1,
    synonym: 'log.cleaner.min.cleanable.ratio',
    doc: 'Fraction of the log that must be uncompacted before the cleaner compacts it.',
  },
  {
    name: 'min.compaction.lag.ms',
    kind: 'long',
    default: '0',
    min: 0,
    synonym: 'log.cleaner.min.compaction.lag.ms',
    doc: 'Shortest time a message stays uncompacted.',
  },
  {
    name: 'min.insync.replicas',
    kind: 'int',
    default: '1',
    min: 1,
    synonym: 'min.insync.replicas',
    doc: 'Fewest in-sync replicas that must acknowledge a write with acks=all.',
  },
  {
    name: 'preallocate',
    kind: 'boolean',
    default: 'false',
    synonym: 'log.preallocate',
    doc: "Preallocate a new segment's file on disk.",
  },
  {
    name: 'remote.log.copy.disable',
    kind: 'boolean',
    default: 'false',
    synonym: 'remote.log.copy.disable',
    doc: 'Stop copying segments to tiered storage while keeping what is there readable.',
  },
  {
    name: 'remote.log.delete.on.disable',
    kind: 'boolean',
    default: 'false',
    synonym: 'remote.log.delete.on.disable',
    doc: 'Delete tiered data when tiered storage is turned off for the topic.',
  },
  {
    name: 'remote.storage.enable',
    kind: 'boolean',
    default: 'false',
    synonym: 'remote.storage.enable',
    doc: "Tiered storage for the topic (not available in Brokerlab's embedded cluster).",
  },
  {
    name: 'retention.bytes',
    kind: 'long',
    default: '-1',
    synonym: 'log.retention.bytes',
    doc: 'Largest size a partition may grow to before old segments are deleted; -1 means no limit.',
  },
  {
    name: 'retention.ms',
    kind: 'long',
    default: '604800000',
    min: -1,
    synonym: 'log.retention.ms',
    doc: 'Longest time a segment is kept before it is deleted; -1 means no limit.',
  },
  {
    name: 'segment.bytes',
    kind: 'int',
    default: '1073741824',
    min: 1048576,
    synonym: 'log.segment.bytes',
    doc: 'Size of one segment file of the log.',
  },
  {
    name: 'segment.index.bytes',
    kind: 'int',
    default: '10485760',
    min: 4,
    synonym: 'log.index.size.max.bytes',
    doc: 'Size of the offset index of one segment; a full index rolls the segment.',
  },
  {
    name: 'segment.jitter.ms',
    kind: 'long',
    default: '0',
    min: 0,
    synonym: 'log.roll.jitter.ms',
    doc: 'Largest random jitter subtracted from segment.ms, so segments do not all roll at once.',
  },
  {
    name: 'segment.ms',
    kind: 'long',
    default: '604800000',
    min: 1,
    synonym: 'log.roll.ms',
    doc: 'Time after which the active segment is rolled even if not full.',
  },
  {
    name: 'unclean.leader.election.enable',
    kind: 'boolean',
    default: 'false',
    synonym: 'unclean.leader.election.enable',
    doc: 'Allow a replica outside the ISR to become leader, at the risk of losing data.',
  },
];

const defsByName = new Map(defs.map((d) => [d.name, d]));

/** Names of every topic-level config, in Kafka's alphabetical order. */
export const topicConfigNames: readonly string[] = defs.map((d) => d.name);

export type CompressionConfig = 'uncompressed' | 'zstd' | 'lz4' | 'snappy' | 'gzip' | 'producer';

/** A topic's effective log settings, typed. Times in ms; `NEVER` stands for Long.MAX_VALUE. */
export interface LogConfig {
  readonly cleanupPolicy: { readonly delete: boolean; readonly compact: boolean };
  readonly compressionType: CompressionConfig;
  readonly compressionGzipLevel: number;
  readonly compressionLz4Level: number;
  readonly compressionZstdLevel: number;
  readonly deleteRetentionMs: number;
  readonly fileDeleteDelayMs: number;
  readonly flushMessages: number;
  readonly flushMs: number;
  readonly indexIntervalBytes: number;
  readonly maxCompactionLagMs: number;
  readonly maxMessageBytes: number;
  readonly messageTimestampType: 'CreateTime' | 'LogAppendTime';
  readonly messageTimestampBeforeMaxMs: number;
  readonly messageTimestampAfterMaxMs: number;
  readonly minCleanableDirtyRatio: number;
  readonly minCompactionLagMs: number;
  readonly minInsyncReplicas: number;
  readonly preallocate: boolean;
  readonly retentionBytes: number;
  readonly retentionMs: number;
  readonly segmentBytes: number;
  readonly segmentIndexBytes: number;
  readonly segmentJitterMs: number;
  readonly segmentMs: number;
  readonly uncleanLeaderElectionEnable: boolean;
}

function allowed(def: ConfigDef): string {
  if (def.oneOf) return `one of [${def.oneOf.join(', ')}]`;
  if (def.kind === 'boolean') return 'true or false';
  const range =
    def.min !== undefined && def.max !== undefined
      ? `[${def.min},...,${def.max}]`
      : def.min !== undefined
        ? `[${def.min},...]`
        : def.max !== undefined
          ? `[...,${def.max}]`
          : 'any value';
  const also = def.also ? ` or ${def.also.join(', ')}` : '';
  const article = def.kind === 'int' ? 'an' : 'a';
  return `${article} ${def.kind} in ${range}${also}`;
}

function invalid(def: ConfigDef, value: string): never {
  throw new InvalidConfigError(
    def.name,
    `Invalid value ${JSON.stringify(value)} for configuration ${def.name}: must be ${allowed(def)}`,
  );
}

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/** Parses and validates one value; longs past 2^53 (Long.MAX_VALUE) become `NEVER`. */
function parseValue(def: ConfigDef, raw: string): number | string | boolean | string[] {
  const value = raw.trim();
  switch (def.kind) {
    case 'boolean': {
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') invalid(def, raw);
      return lower === 'true';
    }
    case 'string':
      if (def.oneOf && !def.oneOf.includes(value)) invalid(def, raw);
      return value;
    case 'list': {
      const items = value === '' ? [] : value.split(',').map((s) => s.trim());
      if (def.oneOf && (items.length === 0 || items.some((i) => !def.oneOf?.includes(i)))) invalid(def, raw);
      return items;
    }
    case 'int':
    case 'long':
    case 'double': {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) invalid(def, raw);
      if (def.kind !== 'double' && !/^[+-]?\d+$/.test(value)) invalid(def, raw);
      let n = Number(value);
      if (def.kind === 'int' && (n < INT32_MIN || n > INT32_MAX)) invalid(def, raw);
      if (def.kind === 'long') {
        const big = BigInt(value);
        if (big > 9223372036854775807n || big < -9223372036854775808n) invalid(def, raw);
        if (n > NEVER) n = NEVER;
      }
      const inRange = (def.min === undefined || n >= def.min) && (def.max === undefined || n <= def.max);
      if (!inRange && !def.also?.includes(n)) invalid(def, raw);
      return n;
    }
  }
}

/** Refuses unknown keys and invalid values of a topic's overrides, naming the key. */
export function validateTopicConfigs(overrides: Readonly<Record<string, string | null>>): void {
  for (const [key, value] of Object.entries(overrides)) {
    const def = defsByName.get(key);
    if (!def) throw new InvalidConfigError(key, `Unknown topic config name: ${key}`);
    if (value !== null) parseValue(def, value);
  }
}

/**
 * The effective typed config of a topic: its overrides, else the broker's value for the synonym,
 * else Kafka's default. Throws InvalidConfigError for an invalid or unknown override.
 */
export function parseLogConfig(
  overrides: Readonly<Record<string, string | null>> = {},
  brokerConfig: Readonly<Record<string, string>> = {},
): LogConfig {
  validateTopicConfigs(overrides);
  const get = (name: string): number | string | boolean | string[] => {
    const def = defsByName.get(name);
    if (!def) throw new Error(`no config definition for ${name}`);
    const raw = overrides[name] ?? brokerConfig[def.synonym] ?? def.default;
    return parseValue(def, raw);
  };
  const num = (name: string) => get(name) as number;
  const bool = (name: string) => get(name) as boolean;
  const policy = get('cleanup.policy') as string[];
  return {
    cleanupPolicy: { delete: policy.includes('delete'), compact: policy.includes('compact') },
    compressionType: get('compression.type') as CompressionConfig,
    compressionGzipLevel: num('compression.gzip.level'),
    compressionLz4Level: num('compression.lz4.level'),
    compressionZstdLevel: num('compression.zstd.level'),
    deleteRetentionMs: num('delete.retention.ms'),
    fileDeleteDelayMs: num('file.delete.delay.ms'),
    flushMessages: num('flush.messages'),
    flushMs: num('flush.ms'),
    indexIntervalBytes: num('index.interval.bytes'),
    maxCompactionLagMs: num('max.compaction.lag.ms'),
    maxMessageBytes: num('max.message.bytes'),
    messageTimestampType: get('message.timestamp.type') as LogConfig['messageTimestampType'],
    messageTimestampBeforeMaxMs: num('message.timestamp.before.max.ms'),
    messageTimestampAfterMaxMs: num('message.timestamp.after.max.ms'),
    minCleanableDirtyRatio: num('min.cleanable.dirty.ratio'),
    minCompactionLagMs: num('min.compaction.lag.ms'),
    minInsyncReplicas: num('min.insync.replicas'),
    preallocate: bool('preallocate'),
    retentionBytes: num('retention.bytes'),
    retentionMs: num('retention.ms'),
    segmentBytes: num('segment.bytes'),
    segmentIndexBytes: num('segment.index.bytes'),
    segmentJitterMs: num('segment.jitter.ms'),
    segmentMs: num('segment.ms'),
    uncleanLeaderElectionEnable: bool('unclean.leader.election.enable'),
  };
}

/** Kafka's defaults, for tests and for a broker with no overrides. */
export const defaultLogConfig: LogConfig = parseLogConfig();

const configTypes: Record<Kind, ConfigEntry['type']> = {
  boolean: ConfigType.BOOLEAN,
  string: ConfigType.STRING,
  int: ConfigType.INT,
  long: ConfigType.LONG,
  double: ConfigType.DOUBLE,
  list: ConfigType.LIST,
};

/** A topic config as a form shows it: Kafka's type, default, documentation and allowed values. */
export interface TopicConfigDefinition {
  readonly name: string;
  readonly type: ConfigEntry['type'];
  readonly defaultValue: string;
  readonly documentation: string;
  /** The allowed values of enumerations (cleanup.policy, compression.type, ...), else null. */
  readonly validValues: readonly string[] | null;
}

/** Every topic-level config's definition, in Kafka's alphabetical order. */
export const topicConfigDefinitions: readonly TopicConfigDefinition[] = defs.map((d) => ({
  name: d.name,
  type: configTypes[d.kind],
  defaultValue: d.default,
  documentation: d.doc,
  validValues: d.oneOf ?? null,
}));

/**
 * DescribeConfigs' entries for a topic: every topic config (or those in `keys`), its value and
 * source, and the synonyms in Kafka's order (topic override, broker setting, default).
 */
export function describeTopicConfig(
  overrides: Readonly<Record<string, string>>,
  brokerConfig: Readonly<Record<string, string>> = {},
  keys: readonly string[] | null = null,
): ConfigEntry[] {
  const chosen = keys ? defs.filter((d) => keys.includes(d.name)) : defs;
  return chosen.map((def) => {
    const synonyms: { name: string; value: string | null; source: ConfigSourceT }[] = [];
    const own = overrides[def.name];
    if (own !== undefined)
      synonyms.push({ name: def.name, value: own, source: ConfigSource.DYNAMIC_TOPIC_CONFIG });
    const broker = brokerConfig[def.synonym];
    if (broker !== undefined) {
      synonyms.push({ name: def.synonym, value: broker, source: ConfigSource.STATIC_BROKER_CONFIG });
    }
    synonyms.push({ name: def.synonym, value: def.default, source: ConfigSource.DEFAULT_CONFIG });
    const first = synonyms[0] as (typeof synonyms)[number];
    return {
      name: def.name,
      value: first.value,
      readOnly: false,
      source: first.source,
      isSensitive: false,
      synonyms,
      type: configTypes[def.kind],
      documentation: def.doc,
    };
  });
}
