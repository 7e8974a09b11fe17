import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerId } from '../../../../engine/types.js';
import { waitFor } from '../helpers.js';
import {
  consumeAll,
  createTopic,
  eventsOf,
  fullyReplicated,
  produceUntilAcked,
  startTestCluster,
  type TestCluster,
} from '../cluster-harness.js';

describe('rolling restart', () => {
  let handle: TestCluster | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('restarts every broker in turn with leadership moved first: no partition goes offline, no acknowledged write is lost', async () => {
    handle = await startTestCluster();
    const { cluster } = handle;
    await createTopic(cluster, 'ledger', 3, 3, { 'min.insync.replicas': '2' });
    const seq = cluster.recentEvents().at(-1)?.seq ?? 0;
    const acked: string[] = [];
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const value = `w-${i}`;
        await produceUntilAcked(cluster, 'ledger', value, { partition: i % 3 });
        acked.push(value);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();

    for (const { id } of cluster.brokers()) {
      const ledBefore = acked.length;
      await cluster.faults.stop(id as BrokerId);
      // Controlled shutdown: by the time the broker is down, nothing is led by it.
      expect(cluster.snapshot().partitions.every((p) => p.leader !== id)).toBe(true);
      await waitFor(() => acked.length > ledBefore + 5, {
        what: 'writes to continue while a broker is down',
      });
      await cluster.faults.start(id as BrokerId);
      await fullyReplicated(cluster, 'ledger');
    }
    stop = true;
    await writer;

    expect(eventsOf(cluster, 'partition-offline', seq)).toEqual([]);
    // A leader elected a moment ago may not yet have learned the high watermark its predecessor
    // reached (followers report it on their next fetch), so reads are retried until it has; a
    // record that was acknowledged and then lost never shows up and fails the wait.
    const missing = async () => {
      const stored = (await Promise.all([0, 1, 2].map((p) => consumeAll(cluster, 'ledger', p)))).flat();
      return acked.filter((value) => !stored.includes(value));
    };
    await waitFor(async () => (await missing()).length === 0, {
      what: 'every acknowledged write to be readable',
    });
    expect(await missing()).toEqual([]);
    // Preferred leaders are back (auto leader rebalance).
    await waitFor(() => cluster.snapshot().partitions.every((p) => p.leader === p.replicas[0]), {
      what: 'preferred leaders to be restored',
    });
  });
});
