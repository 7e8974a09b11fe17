import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../engine/protocol/errors.js';
import type { BrokerId } from '../../../../engine/types.js';
import { waitFor } from '../helpers.js';
import {
  consumeAll,
  createTopic,
  eventsOf,
  fullyReplicated,
  partitionOf,
  produce,
  produceUntilAcked,
  replicaValues,
  startTestCluster,
  type TestCluster,
  waitForEvent,
} from '../cluster-harness.js';

describe('isolating a partition leader from the other brokers', () => {
  let handle: TestCluster | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it.each([
    ['also the active controller', true],
    ['not the controller', false],
  ])(
    'when it is %s: fenced while the majority elects a new leader; on heal it truncates its divergent records and rejoins',
    async (_, isController) => {
      handle = await startTestCluster();
      const { cluster } = handle;
      const controller = cluster.snapshot().controller.id as BrokerId;
      const others = cluster
        .brokers()
        .map((b) => b.id)
        .filter((id) => id !== controller);
      const first = isController ? controller : (others[0] as BrokerId);
      const replicas = [
        first,
        ...cluster
          .brokers()
          .map((b) => b.id)
          .filter((id) => id !== first),
      ];
      await createTopic(cluster, 'events', 1, 3, { 'min.insync.replicas': '2' }, [replicas]);
      for (let i = 0; i < 10; i++) await produceUntilAcked(cluster, 'events', `committed-${i}`);
      const old = partitionOf(cluster, 'events');
      const isolated = old.leader as BrokerId;
      expect(isolated).toBe(first);
      const seq = cluster.recentEvents().at(-1)?.seq ?? 0;

      const fault = cluster.faults.isolate(isolated, 'brokers');
      // The cut-off leader still takes acks=1 writes: nobody told it yet that it is no longer leader.
      const divergent = await produce(cluster, 'events', ['divergent-1', 'divergent-2'], {
        acks: 1,
        via: isolated,
      });
      expect(divergent.errorCode).toBe(ErrorCode.NONE);
      // But it cannot commit acks=all writes: no follower fetches from it any more.
      const unreplicated = await produce(cluster, 'events', ['never-acked'], {
        acks: -1,
        via: isolated,
        timeoutMs: 300,
      });
      expect(unreplicated.errorCode).not.toBe(ErrorCode.NONE);

      await waitForEvent(cluster, 'broker-fenced', (e) => e.brokerId === isolated, {
        afterSeq: seq,
        what: 'the isolated broker to be fenced',
      });
      const change = await waitForEvent(
        cluster,
        'leader-changed',
        (e) => e.topic === 'events' && e.oldLeader === isolated && e.newLeader !== -1,
        { afterSeq: seq, what: 'a new leader for events-0' },
      );
      expect(change.leaderEpoch).toBeGreaterThan(old.leaderEpoch);
      expect(change.unclean).toBe(false);
      expect(cluster.snapshot().brokers.find((b) => b.id === isolated)?.state).toBe('isolated');
      for (let i = 0; i < 5; i++) await produceUntilAcked(cluster, 'events', `after-${i}`);

      await cluster.faults.heal(fault.id);
      await fullyReplicated(cluster, 'events');
      expect(eventsOf(cluster, 'isr-expanded', seq).some((e) => e.changed.includes(isolated))).toBe(true);
      const leader = partitionOf(cluster, 'events').leader as BrokerId;
      await waitFor(
        async () => {
          const [mine, theirs] = await Promise.all([
            replicaValues(cluster, isolated, 'events'),
            replicaValues(cluster, leader, 'events'),
          ]);
          return mine.length === theirs.length && mine.every((v, i) => v === theirs[i]);
        },
        { what: 'the old leader to match the new one' },
      );
      const values = await replicaValues(cluster, isolated, 'events');
      expect(values).not.toContain('divergent-1');
      expect(values).not.toContain('never-acked');
      const committed = await consumeAll(cluster, 'events');
      expect(committed.filter((v) => v.startsWith('committed-'))).toHaveLength(10);
      expect(committed.filter((v) => v.startsWith('after-')).length).toBeGreaterThanOrEqual(5);
    },
  );
});
