import { afterEach, describe, expect, it } from 'vitest';
import { asBrokerId } from '../../../../engine/types.js';
import { waitFor } from '../helpers.js';
import {
  consumeAll,
  createTopic,
  eventsOf,
  partitionOf,
  produceUntilAcked,
  replicaValues,
  startTestCluster,
  type TestCluster,
} from '../cluster-harness.js';

/**
 * Replicas [A, B] on brokers 1 and 2; broker 3 alone is the metadata quorum, so the controller
 * stays up throughout. B goes down and leaves the ISR; A alone acknowledges acks=1 writes; then A
 * goes down and B comes back. Only an unclean election can bring the partition back before A
 * returns — at the cost of A's acknowledged writes.
 */
describe('acks=1 and unclean leader election', () => {
  let handle: TestCluster | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setUp(unclean: boolean) {
    handle = await startTestCluster({ voters: [3] });
    const { cluster } = handle;
    const a = asBrokerId(1);
    const b = asBrokerId(2);
    await createTopic(cluster, 'clicks', 1, 2, { 'unclean.leader.election.enable': String(unclean) }, [
      [a, b],
    ]);
    for (let i = 0; i < 5; i++) await produceUntilAcked(cluster, 'clicks', `safe-${i}`);
    await cluster.faults.kill(b);
    await waitFor(() => partitionOf(cluster, 'clicks').isr.join() === String(a), {
      what: 'B out of the ISR',
    });
    for (let i = 0; i < 5; i++) await produceUntilAcked(cluster, 'clicks', `only-on-a-${i}`, { acks: 1 });
    await cluster.faults.kill(a);
    await waitFor(() => partitionOf(cluster, 'clicks').leader === -1, {
      what: 'the partition to go offline',
    });
    const seq = cluster.recentEvents().at(-1)?.seq ?? 0;
    await cluster.faults.start(b);
    return { cluster, a, b, seq };
  }

  it('with unclean.leader.election.enable=true: B leads again at once, and A’s acknowledged writes are lost, visibly', async () => {
    const { cluster, a, b, seq } = await setUp(true);
    await waitFor(() => partitionOf(cluster, 'clicks').leader === b, { what: 'B to lead' });
    const election = eventsOf(cluster, 'leader-changed', seq).find((e) => e.newLeader === b);
    expect(election?.unclean).toBe(true);
    expect(eventsOf(cluster, 'partition-online', seq)).toHaveLength(1);
    expect(partitionOf(cluster, 'clicks').isr).toEqual([b]);
    const survivors = await consumeAll(cluster, 'clicks');
    expect(survivors).toEqual(['safe-0', 'safe-1', 'safe-2', 'safe-3', 'safe-4']);

    // A comes back as a follower and truncates the writes nobody else had.
    await produceUntilAcked(cluster, 'clicks', 'new-on-b');
    await cluster.faults.start(a);
    await waitFor(async () => (await replicaValues(cluster, a, 'clicks')).includes('new-on-b'), {
      what: 'A to follow B',
    });
    expect((await replicaValues(cluster, a, 'clicks')).some((v) => v.startsWith('only-on-a'))).toBe(false);
  });

  it('with unclean.leader.election.enable=false: the partition stays offline until A returns, and nothing is lost', async () => {
    const { cluster, a, seq } = await setUp(false);
    // B is back and unfenced, yet it may not lead: it lacks committed records.
    await waitFor(() => eventsOf(cluster, 'broker-unfenced', seq).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(partitionOf(cluster, 'clicks').leader).toBe(-1);
    expect(eventsOf(cluster, 'leader-changed', seq)).toEqual([]);

    await cluster.faults.start(a);
    await waitFor(() => partitionOf(cluster, 'clicks').leader === a, { what: 'A to lead again' });
    const values = await consumeAll(cluster, 'clicks');
    expect(values).toEqual([
      ...[0, 1, 2, 3, 4].map((i) => `safe-${i}`),
      ...[0, 1, 2, 3, 4].map((i) => `only-on-a-${i}`),
    ]);
  });
});
