import { describe, expect, it } from 'vitest';
import {
  isOffline,
  isUnderReplicated,
  replicaState,
} from '../../../../renderer/components/cluster/replica-state.js';
import { broker, partition } from '../../samples.js';

const brokers = [broker(1), broker(2), broker(3)];

describe('replica states', () => {
  it('tells the leader, in-sync and out-of-sync followers apart', () => {
    const p = partition('t', 0, { leader: 2, replicas: [1, 2, 3], isr: [2, 3] });
    expect(replicaState(p, 2, brokers)).toBe('leader');
    expect(replicaState(p, 3, brokers)).toBe('in-sync');
    expect(replicaState(p, 1, brokers)).toBe('out-of-sync');
  });

  it('marks replicas on a down broker, or listed offline, as offline', () => {
    const p = partition('t', 0, { leader: 1, replicas: [1, 2, 3], isr: [1], offlineReplicas: [3] });
    expect(replicaState(p, 2, [broker(1), broker(2, { state: 'down' }), broker(3)])).toBe('offline');
    expect(replicaState(p, 3, brokers)).toBe('offline');
  });

  it('gives null where the broker holds no replica', () => {
    expect(replicaState(partition('t', 0, { replicas: [1] }), 2, brokers)).toBeNull();
  });

  it('counts under-replicated and offline partitions as Kafka does', () => {
    expect(isUnderReplicated(partition('t', 0, { isr: [1, 2] }))).toBe(true);
    expect(isUnderReplicated(partition('t', 0))).toBe(false);
    expect(isOffline(partition('t', 0, { leader: -1 }))).toBe(true);
  });
});
