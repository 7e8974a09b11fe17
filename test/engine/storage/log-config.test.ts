import { describe, expect, it } from 'vitest';
import { ConfigSource, ConfigType } from '../../../engine/broker/services.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import {
  defaultLogConfig,
  describeTopicConfig,
  InvalidConfigError,
  NEVER,
  parseLogConfig,
  topicConfigNames,
  validateTopicConfigs,
} from '../../../engine/storage/log-config.js';

function refusal(configs: Record<string, string>): InvalidConfigError {
  try {
    validateTopicConfigs(configs);
  } catch (e) {
    return e as InvalidConfigError;
  }
  throw new Error(`accepted ${JSON.stringify(configs)}`);
}

describe('topic configs', () => {
  it('has Kafka’s defaults', () => {
    expect(defaultLogConfig).toMatchObject({
      cleanupPolicy: { delete: true, compact: false },
      compressionType: 'producer',
      deleteRetentionMs: 86_400_000,
      fileDeleteDelayMs: 60_000,
      flushMessages: NEVER,
      indexIntervalBytes: 4096,
      maxMessageBytes: 1_048_588,
      messageTimestampType: 'CreateTime',
      messageTimestampAfterMaxMs: 3_600_000,
      minCleanableDirtyRatio: 0.5,
      minInsyncReplicas: 1,
      retentionBytes: -1,
      retentionMs: 604_800_000,
      segmentBytes: 1_073_741_824,
      segmentIndexBytes: 10_485_760,
      segmentMs: 604_800_000,
      uncleanLeaderElectionEnable: false,
    });
    expect(topicConfigNames).toContain('message.timestamp.before.max.ms');
    expect(topicConfigNames).not.toContain('message.downconversion.enable');
  });

  it('refuses invalid values naming the key and what is allowed', () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ 'cleanup.policy': 'forever' }, 'cleanup.policy', /one of \[compact, delete\]/],
      [{ 'retention.ms': '-5' }, 'retention.ms', /a long in \[-1,...\]/],
      [{ 'segment.bytes': '1000' }, 'segment.bytes', /an int in \[1048576,...\]/],
      [{ 'min.insync.replicas': 'two' }, 'min.insync.replicas', /an int in \[1,...\]/],
      [{ 'min.cleanable.dirty.ratio': '1.5' }, 'min.cleanable.dirty.ratio', /a double in \[0,...,1\]/],
      [
        { 'compression.type': 'brotli' },
        'compression.type',
        /uncompressed, zstd, lz4, snappy, gzip, producer/,
      ],
      [{ 'unclean.leader.election.enable': 'yes' }, 'unclean.leader.election.enable', /true or false/],
      [{ 'compression.gzip.level': '0' }, 'compression.gzip.level', /\[1,...,9\] or -1/],
      [{ 'max.message.bytes': '99999999999' }, 'max.message.bytes', /an int/],
    ];
    for (const [configs, key, allowed] of cases) {
      const error = refusal(configs);
      expect(error.code).toBe(ErrorCode.INVALID_CONFIG);
      expect(error.key).toBe(key);
      expect(error.message).toContain(key);
      expect(error.message).toMatch(allowed);
    }
    expect(refusal({ 'retention.hours': '1' }).message).toBe('Unknown topic config name: retention.hours');
  });

  it('takes overrides, then broker synonyms, then defaults', () => {
    const config = parseLogConfig(
      { 'cleanup.policy': 'compact,delete', 'retention.ms': '-1' },
      {
        'log.retention.ms': '1000',
        'log.segment.bytes': '2097152',
        'log.retention.bytes': '9223372036854775807',
      },
    );
    expect(config.cleanupPolicy).toEqual({ delete: true, compact: true });
    expect(config.retentionMs).toBe(-1);
    expect(config.segmentBytes).toBe(2_097_152);
    expect(config.retentionBytes).toBe(NEVER);
  });

  it('describes every config for DescribeConfigs with its source and synonyms', () => {
    const entries = describeTopicConfig({ 'retention.ms': '1000' }, { 'log.segment.bytes': '2097152' });
    expect(entries.map((e) => e.name)).toEqual(topicConfigNames);
    const retention = entries.find((e) => e.name === 'retention.ms');
    expect(retention).toMatchObject({
      value: '1000',
      source: ConfigSource.DYNAMIC_TOPIC_CONFIG,
      type: ConfigType.LONG,
    });
    expect(retention?.synonyms.map((s) => s.name)).toEqual(['retention.ms', 'log.retention.ms']);
    const segment = entries.find((e) => e.name === 'segment.bytes');
    expect(segment).toMatchObject({
      value: '2097152',
      source: ConfigSource.STATIC_BROKER_CONFIG,
      type: ConfigType.INT,
    });
    const policy = describeTopicConfig({}, {}, ['cleanup.policy']);
    expect(policy).toHaveLength(1);
    expect(policy[0]).toMatchObject({
      value: 'delete',
      source: ConfigSource.DEFAULT_CONFIG,
      type: ConfigType.LIST,
    });
    expect(policy[0]?.documentation).toMatch(/compact/);
  });
});
