/**
 * DescribeConfigs and AlterConfigs / IncrementalAlterConfigs over the metadata image (Kafka's
 * ConfigurationControlManager). Topic configs are validated with engine/storage/log-config.ts
 * before anything is written. Broker resources ('' for the cluster-wide default, or a broker id)
 * accept the broker-level synonyms of topic configs dynamically (`log.retention.ms`,
 * `min.insync.replicas`, ...); the cluster settings the cluster was started with are read-only.
 */
import type {
  AlterConfigsSpec,
  ConfigEntry,
  ConfigResourceType,
  DescribeConfigsResult,
  ResourceResult,
} from '../../broker/services.js';
import { ConfigSource, ConfigType } from '../../broker/services.js';
import { ErrorCode } from '../../protocol/errors.js';
import { describeTopicConfig, parseLogConfig, validateTopicConfigs } from '../../storage/log-config.js';
import { asBrokerId } from '../../types.js';
import { clusterSettingEntries, retentionUnitEntries, type ClusterSettings } from '../config.js';
import type { MetadataImage } from '../metadata/image.js';
import { brokerTopicDefaults } from '../metadata/topic-config.js';
import type { RecordSink } from './record-sink.js';

export interface DescribeConfigsResource {
  readonly type: ConfigResourceType;
  readonly name: string;
  readonly keys: readonly string[] | null;
}

/** Broker-level names of topic configs, with the type and default of the topic config behind each. */
function dynamicBrokerConfigs(): Map<string, ConfigEntry> {
  const result = new Map<string, ConfigEntry>();
  for (const entry of describeTopicConfig({}, {})) {
    const synonym = entry.synonyms.at(-1);
    if (synonym) result.set(synonym.name, { ...entry, name: synonym.name, synonyms: [synonym] });
  }
  return result;
}

const settingTypes = {
  int: ConfigType.INT,
  boolean: ConfigType.BOOLEAN,
  seconds: ConfigType.LONG,
  string: ConfigType.STRING,
} as const;

function validBrokerName(image: MetadataImage, name: string): boolean {
  return name === '' || (/^\d+$/.test(name) && image.broker(asBrokerId(Number(name))) !== undefined);
}

function describeTopic(
  image: MetadataImage,
  settings: ClusterSettings,
  name: string,
  keys: readonly string[] | null,
) {
  const dynamicDefaults = Object.fromEntries(image.configs('broker', ''));
  return describeTopicConfig(
    Object.fromEntries(image.configs('topic', name)),
    brokerTopicDefaults(image, settings),
    keys,
  ).map((entry) => {
    const synonyms = entry.synonyms.map((s) =>
      s.source === ConfigSource.STATIC_BROKER_CONFIG && dynamicDefaults[s.name] !== undefined
        ? { ...s, source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG }
        : s,
    );
    return { ...entry, source: synonyms[0]?.source ?? entry.source, synonyms };
  });
}

function describeBroker(
  image: MetadataImage,
  settings: ClusterSettings,
  name: string,
  keys: readonly string[] | null,
) {
  const entries: ConfigEntry[] = [];
  for (const setting of clusterSettingEntries(settings)) {
    const source = settings.explicit.includes(setting.name)
      ? ConfigSource.STATIC_BROKER_CONFIG
      : ConfigSource.DEFAULT_CONFIG;
    entries.push({
      name: setting.name,
      value: setting.value,
      readOnly: true,
      source,
      isSensitive: false,
      synonyms: [{ name: setting.name, value: setting.value, source }],
      type: settingTypes[setting.kind],
      documentation: null,
    });
  }
  for (const { name: unit, value } of retentionUnitEntries(settings)) {
    const source = settings.explicit.includes(unit)
      ? ConfigSource.STATIC_BROKER_CONFIG
      : ConfigSource.DEFAULT_CONFIG;
    entries.push({
      name: unit,
      value,
      readOnly: true,
      source,
      isSensitive: false,
      synonyms: value === null ? [] : [{ name: unit, value, source }],
      type: ConfigType.INT,
      documentation: null,
    });
  }
  const perBroker = name === '' ? new Map<string, string>() : image.configs('broker', name);
  const clusterWide = image.configs('broker', '');
  for (const [key, base] of dynamicBrokerConfigs()) {
    const synonyms: ConfigEntry['synonyms'][number][] = [];
    const add = (value: string | undefined, source: ConfigSource): void => {
      if (value !== undefined) synonyms.push({ name: key, value, source });
    };
    add(perBroker.get(key), ConfigSource.DYNAMIC_BROKER_CONFIG);
    add(clusterWide.get(key), ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
    add(settings.topicDefaults[key], ConfigSource.STATIC_BROKER_CONFIG);
    synonyms.push(...base.synonyms);
    const first = synonyms[0] ?? { value: null, source: ConfigSource.DEFAULT_CONFIG };
    entries.push({ ...base, value: first.value, source: first.source, readOnly: false, synonyms });
  }
  return entries
    .filter((e) => keys === null || keys.includes(e.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function describeConfigs(
  image: MetadataImage,
  settings: ClusterSettings,
  resources: readonly DescribeConfigsResource[],
  options: { includeSynonyms: boolean; includeDocumentation: boolean },
): DescribeConfigsResult[] {
  return resources.map((resource) => {
    const base = { name: resource.name, type: resource.type };
    let configs: ConfigEntry[];
    if (resource.type === 'topic') {
      if (!image.topicByName(resource.name)) {
        return {
          ...base,
          errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          errorMessage: `Topic ${resource.name} does not exist.`,
          configs: [],
        };
      }
      configs = describeTopic(image, settings, resource.name, resource.keys);
    } else if (resource.type === 'broker') {
      if (!validBrokerName(image, resource.name)) {
        return {
          ...base,
          errorCode: ErrorCode.INVALID_REQUEST,
          errorMessage: `Unexpected broker id ${resource.name}`,
          configs: [],
        };
      }
      configs = describeBroker(image, settings, resource.name, resource.keys);
    } else {
      configs = [];
    }
    return {
      ...base,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      configs: configs.map((c) => ({
        ...c,
        synonyms: options.includeSynonyms ? c.synonyms : [],
        documentation: options.includeDocumentation ? c.documentation : null,
      })),
    };
  });
}

/**
 * The overrides a spec leaves (AlterConfigs replaces them all; incremental ops edit them). Appending
 * to or subtracting from a list the resource does not set starts from its default, as Kafka's
 * controller does.
 */
function applyChanges(
  current: ReadonlyMap<string, string>,
  spec: AlterConfigsSpec,
  defaultOf: (name: string) => string | null,
): Record<string, string> {
  const next: Record<string, string> = spec.incremental ? Object.fromEntries(current) : {};
  for (const change of spec.changes) {
    const list = (next[change.name] ?? defaultOf(change.name) ?? '').split(',').filter((s) => s.length > 0);
    const items = (change.value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (!spec.incremental || change.op === 'set') {
      if (change.value === null) delete next[change.name];
      else next[change.name] = change.value;
    } else if (change.op === 'delete') {
      delete next[change.name];
    } else if (change.op === 'append') {
      next[change.name] = [...list, ...items.filter((i) => !list.includes(i))].join(',');
    } else {
      const kept = list.filter((i) => !items.includes(i));
      if (kept.length === 0) delete next[change.name];
      else next[change.name] = kept.join(',');
    }
  }
  return next;
}

export function alterConfigs(
  sink: RecordSink,
  settings: ClusterSettings,
  spec: AlterConfigsSpec,
  validateOnly: boolean,
): ResourceResult & { type: ConfigResourceType } {
  const base = { name: spec.name, type: spec.type };
  const refuse = (errorCode: ErrorCode, errorMessage: string) => ({ ...base, errorCode, errorMessage });
  if (spec.type === 'broker_logger')
    return refuse(ErrorCode.INVALID_REQUEST, 'Broker loggers cannot be altered here.');
  if (spec.type === 'topic' && !sink.image.topicByName(spec.name)) {
    return refuse(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic ${spec.name} does not exist.`);
  }
  if (spec.type === 'broker' && !validBrokerName(sink.image, spec.name)) {
    return refuse(ErrorCode.INVALID_REQUEST, `Unexpected broker id ${spec.name}`);
  }
  const current = sink.image.configs(spec.type, spec.name);
  const defaultOf = (name: string): string | null =>
    spec.type === 'topic'
      ? (describeTopicConfig({}, brokerTopicDefaults(sink.image, settings), [name])[0]?.value ?? null)
      : null;
  const next = applyChanges(current, spec, defaultOf);
  try {
    if (spec.type === 'topic') {
      validateTopicConfigs(next);
    } else {
      const dynamic = dynamicBrokerConfigs();
      const refused = Object.keys(next).filter((key) => !dynamic.has(key));
      if (refused.length > 0)
        return refuse(
          ErrorCode.INVALID_CONFIG,
          `Cannot update these configs dynamically: ${refused.join(', ')}`,
        );
      parseLogConfig({}, next);
    }
  } catch (err) {
    return refuse(ErrorCode.INVALID_CONFIG, (err as Error).message);
  }
  if (!validateOnly) {
    const names = new Set([...current.keys(), ...Object.keys(next)]);
    for (const name of names) {
      const value = next[name] ?? null;
      if ((current.get(name) ?? null) === value) continue;
      sink.add({ type: 'Config', resourceType: spec.type, resourceName: spec.name, name, value });
    }
  }
  return { ...base, errorCode: ErrorCode.NONE, errorMessage: null };
}
