import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers.js';
import {
  consumeAll,
  createTopic,
  eventsOf,
  fullyReplicated,
  partitionOf,
  produceUntilAcked,
  replicaValues,
  startTestCluster,
  type TestCluster,
} from '../cluster-harness.js';

describe('killing a partition leader under acks=all with min.insync.replicas=2', () => {
  let handle: TestCluster | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('loses no acknowledged record, and the killed broker rejoins with the same log', async () => {
    handle = await startTestCluster({ killLosesUnflushedData: true });
    const { cluster } = handle;
    await createTopic(cluster, 'payments', 1, 3, { 'min.insync.replicas': '2' });
    const acked: string[] = [];
    const write = async (value: string) => {
      await produceUntilAcked(cluster, 'payments', value);
      acked.push(value);
    };
    for (let i = 0; i < 20; i++) await write(`before-${i}`);

    const victim = partitionOf(cluster, 'payments').leader;
    expect(victim).not.toBe(-1);
    const seq = cluster.recentEvents().at(-1)?.seq ?? 0;
    // Writes keep coming while the leader dies (one is in flight at the kill); each is retried
    // until acknowledged.
    for (let i = 0; i < 40; i++) {
      const pending = write(`during-${i}`);
      if (i === 5) await cluster.faults.kill(victim as never);
      await pending;
    }

    const after = partitionOf(cluster, 'payments');
    expect(after.leader).not.toBe(victim);
    expect(after.leader).not.toBe(-1);
    expect(eventsOf(cluster, 'broker-fenced', seq).map((e) => e.brokerId)).toContain(victim);
    expect(eventsOf(cluster, 'leader-changed', seq).some((e) => e.oldLeader === victim && !e.unclean)).toBe(
      true,
    );

    const committed = await consumeAll(cluster, 'payments');
    for (const value of acked) expect(committed).toContain(value);

    await cluster.faults.start(victim as never);
    await fullyReplicated(cluster, 'payments');
    const leader = partitionOf(cluster, 'payments').leader as never;
    await waitFor(async () => {
      const [a, b] = await Promise.all([
        replicaValues(cluster, victim as never, 'payments'),
        replicaValues(cluster, leader, 'payments'),
      ]);
      return a.length === b.length && a.every((v, i) => v === b[i]);
    });

    // The victim led first, so it is the preferred replica: the rebalance gives it the partition
    // back, and it serves every acknowledged record (its high watermark may catch up a moment later).
    expect(partitionOf(cluster, 'payments').replicas[0]).toBe(victim);
    await waitFor(() => partitionOf(cluster, 'payments').leader === victim, {
      what: 'the victim leading again',
    });
    await waitFor(
      async () => {
        const served = await consumeAll(cluster, 'payments', 0, victim as never);
        return acked.every((value) => served.includes(value));
      },
      { what: 'every acknowledged record served by the preferred leader' },
    );
  });
});
