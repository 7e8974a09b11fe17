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
    });
    expect(settings.sessionTimeoutMs).toBe(2000);
    expect(settings.leaderImbalanceCheckIntervalMs).toBe(500);
    expect(settings.autoCreateTopicsEnable).toBe(false);
    expect(settings.topicDefaults).toEqual({ 'log.retention.ms': '60000', 'min.insync.replicas': '2' });
  });

  it('refuses unknown names and bad values, naming them', () => {
    expect(() => parseClusterConfig({ 'no.such.thing': 1 })).toThrow(ClusterConfigError);
    expect(() => parseClusterConfig({ 'broker.session.timeout.ms': 'soon' })).toThrow(
      'broker.session.timeout.ms',
    );
    expect(() => parseClusterConfig({ 'log.retention.ms': 'forever' })).toThrow('retention.ms');
  });
});
