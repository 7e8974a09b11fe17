import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../../../renderer/components/faults/describe-event.js';

const at = { seq: 1, timestamp: 0 };

describe('timeline lines', () => {
  it('says where a leader moved and links the partition', () => {
    const d = describeEvent({
      ...at,
      type: 'leader-changed',
      topic: 'orders',
      partition: 2,
      oldLeader: 1,
      newLeader: 3,
      leaderEpoch: 4,
      unclean: false,
    });
    expect(d.text).toBe('orders-2 leader broker 1 → broker 3 (epoch 4)');
    expect(d.partition).toEqual({ topic: 'orders', partition: 2 });
    expect(d.severity).toBe('info');
  });

  it('treats a lost leader, a shrunk ISR and a crash as problems, and their ends as recoveries', () => {
    expect(
      describeEvent({
        ...at,
        type: 'leader-changed',
        topic: 'o',
        partition: 0,
        oldLeader: 1,
        newLeader: -1,
        leaderEpoch: 1,
        unclean: false,
      }).severity,
    ).toBe('problem');
    const shrunk = describeEvent({
      ...at,
      type: 'isr-shrunk',
      topic: 'o',
      partition: 0,
      isr: [2, 3],
      changed: [1],
    });
    expect(shrunk).toMatchObject({
      severity: 'problem',
      text: 'o-0 ISR shrank: 1 left, ISR now 2, 3',
      brokerId: 1,
    });
    expect(describeEvent({ ...at, type: 'broker-down', brokerId: 1, graceful: false }).text).toBe(
      'Broker 1 went down (crash)',
    );
    expect(
      describeEvent({ ...at, type: 'isr-expanded', topic: 'o', partition: 0, isr: [1, 2, 3], changed: [1] })
        .severity,
    ).toBe('recovery');
    expect(describeEvent({ ...at, type: 'under-replicated-changed', count: 4, previous: 0 }).severity).toBe(
      'problem',
    );
    expect(describeEvent({ ...at, type: 'under-replicated-changed', count: 0, previous: 4 }).severity).toBe(
      'recovery',
    );
  });

  it('shows faults by their summary', () => {
    const fault = { id: 'f1', kind: 'kill' as const, brokerId: 2, peerId: null, summary: 'kill broker 2' };
    expect(describeEvent({ ...at, type: 'fault-injected', fault })).toMatchObject({
      severity: 'fault',
      text: 'Fault: kill broker 2',
      brokerId: 2,
    });
    expect(describeEvent({ ...at, type: 'fault-healed', fault }).text).toBe('Healed: kill broker 2');
  });

  it('flags an unclean election as a problem that lost records', () => {
    const d = describeEvent({
      ...at,
      type: 'leader-changed',
      topic: 'o',
      partition: 1,
      oldLeader: 1,
      newLeader: 2,
      leaderEpoch: 9,
      unclean: true,
    });
    expect(d.severity).toBe('problem');
    expect(d.text).toMatch(/unclean election: records only the old ISR had are lost$/);
  });

  it('links rebalances to their group', () => {
    const d = describeEvent({
      ...at,
      type: 'group-rebalance-started',
      groupId: 'billing',
      coordinatorId: 2,
      generationId: 3,
      members: 2,
      reason: 'member left',
    });
    expect(d).toMatchObject({ groupId: 'billing', brokerId: 2 });
    expect(d.text).toContain('billing');
  });
});
