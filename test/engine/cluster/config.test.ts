import { describe, expect, it } from 'vitest';
import { ClusterConfigError, parseClusterConfig } from '../../../engine/cluster/config.js';

describe('parseClusterConfig', () => {
  it('has local-friendly defaults and a replication factor capped by the broker count', () => {
    const settings = parseClusterConfig({}, 1);
    expect(settings.sessionTimeoutMs).toBe(1500);
    expect(settings.heartbeatIntervalMs).toBe(250);
    expect(settings.defaultReplicationFactor).toBe(1);
    expect(parseClusterConfig({}, 5).defaultReplicationFactor).toBe(3);
  });

  it("takes Kafka's names, seconds where Kafka counts seconds, and topic defaults by their broker names", () => {
    const settings = parseClusterConfig({
      'broker.session.timeout.ms': '2000',
      'leader.imbalance.check.interval.seconds': 0.5,
      'auto.create.topics.enable': false,
      'log.retention.ms': 60000,
      'min.insync.replicas': 2,
      'message.max.bytes': 2000,
    });
    expect(settings.sessionTimeoutMs).toBe(2000);
    expect(settings.leaderImbalanceCheckIntervalMs).toBe(500);
    expect(settings.autoCreateTopicsEnable).toBe(false);
    // message.max.bytes is the default of every topic's max.message.bytes, as in Kafka.
    expect(settings.topicDefaults).toEqual({
      'log.retention.ms': '60000',
      'min.insync.replicas': '2',
      'message.max.bytes': '2000',
    });
  });

  it('takes log.retention.hours and .minutes where log.retention.ms is not given, as Kafka', () => {
    const defaults = parseClusterConfig({});
    expect(defaults).toMatchObject({ logRetentionHours: 168, logRetentionMinutes: null, topicDefaults: {} });
    expect(parseClusterConfig({ 'log.retention.hours': 24 })).toMatchObject({
      logRetentionHours: 24,
      topicDefaults: { 'log.retention.ms': '86400000' },
    });
    expect(
      parseClusterConfig({ 'log.retention.hours': 24, 'log.retention.minutes': '30' }).topicDefaults,
    ).toEqual({ 'log.retention.ms': '1800000' });
    expect(
      parseClusterConfig({ 'log.retention.minutes': 30, 'log.retention.ms': 5000 }).topicDefaults,
    ).toEqual({ 'log.retention.ms': '5000' });
    expect(parseClusterConfig({ 'log.retention.hours': -1 }).topicDefaults).toEqual({
      'log.retention.ms': '-1',
    });
    expect(() => parseClusterConfig({ 'log.retention.hours': '1.5' })).toThrow(
      'log.retention.hours must be an integer ≥ -1, not 1.5',
    );
  });

  it('refuses unknown names and bad values, naming them', () => {
    expect(() => parseClusterConfig({ 'no.such.thing': 1 })).toThrow(ClusterConfigError);
    expect(() => parseClusterConfig({ 'broker.session.timeout.ms': 'soon' })).toThrow(
      'broker.session.timeout.ms',
    );
    expect(() => parseClusterConfig({ 'log.retention.ms': 'forever' })).toThrow('retention.ms');
  });

  it('takes the listener limits, checking overrides and the queue against the frame size as Kafka', () => {
    const defaults = parseClusterConfig({});
    expect(defaults).toMatchObject({
      socketRequestMaxBytes: 104_857_600,
      maxConnectionsPerIp: 2_147_483_647,
      maxConnectionsPerIpOverrides: '',
      queuedMaxRequestBytes: 268_435_456,
      maxInFlightRequestsPerConnection: 32,
    });
    expect(
      parseClusterConfig({
        'max.connections.per.ip.overrides': '127.0.0.1:5, ::1:3',
        'queued.max.request.bytes': -1,
      }),
    ).toMatchObject({ maxConnectionsPerIpOverrides: '127.0.0.1:5, ::1:3', queuedMaxRequestBytes: -1 });
    expect(() => parseClusterConfig({ 'max.connections.per.ip.overrides': '127.0.0.1' })).toThrow(
      /max.connections.per.ip.overrides: "127.0.0.1" is not host:count/,
    );
    expect(() => parseClusterConfig({ 'max.in.flight.requests.per.connection': 0 })).toThrow(
      'max.in.flight.requests.per.connection',
    );
    expect(() =>
      parseClusterConfig({ 'socket.request.max.bytes': 2000, 'queued.max.request.bytes': 1000 }),
    ).toThrow(ClusterConfigError);
    expect(() => parseClusterConfig({ 'max.connections.per.ip': 0 })).toThrow(
      'needs max.connections.per.ip.overrides',
    );
    expect(
      parseClusterConfig({ 'max.connections.per.ip': 0, 'max.connections.per.ip.overrides': '127.0.0.1:1' }),
    ).toMatchObject({ maxConnectionsPerIp: 0 });
  });
});
