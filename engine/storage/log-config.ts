/**
 * Kafka's topic-level configs (their table is topic-config-defs.ts), parsed and described.
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
import { type ConfigDef, type Kind, NEVER, topicConfigDefs } from './topic-config-defs.js';

export class InvalidConfigError extends KafkaError {
  override readonly name = 'InvalidConfigError';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(ErrorCode.INVALID_CONFIG, message);
  }
}

export { NEVER } from './topic-config-defs.js';

const defs = topicConfigDefs;
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
