import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerId } from '../../../../engine/types.js';
import {
  createTopic,
  eventsOf,
  fullyReplicated,
  partitionOf,
  produceUntilAcked,
  startTestCluster,
  type TestCluster,
  waitForEvent,
} from '../cluster-harness.js';

describe('a slow follower', () => {
  let handle: TestCluster | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('leaves the ISR after replica.lag.time.max.ms and re-enters it once it has caught up', async () => {
    handle = await startTestCluster();
    const { cluster } = handle;
    await createTopic(cluster, 'metrics', 1, 3);
    const { leader, replicas } = partitionOf(cluster, 'metrics');
    const slow = replicas.find((id) => id !== leader) as BrokerId;
    const seq = cluster.recentEvents().at(-1)?.seq ?? 0;

    // Each of its appends now takes longer than replica.lag.time.max.ms (400 ms here): it keeps
    // fetching and heartbeating, but cannot keep up with a producer.
    const fault = cluster.faults.slowDisk(slow, 700);
    let stop = false;
    const producer = (async () => {
      for (let i = 0; !stop; i++) {
        await produceUntilAcked(cluster, 'metrics', `m-${i}`, { acks: 1 });
        // A client's requests arrive from a socket, each in its own turn of the event loop.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const shrunk = await waitForEvent(cluster, 'isr-shrunk', (e) => e.changed.includes(slow), {
      afterSeq: seq,
      timeoutMs: 5000,
      what: 'the slow follower to leave the ISR',
    });
    expect(shrunk.isr).not.toContain(slow);
    // The leader shrank the ISR; the controller did not fence the broker (it kept heartbeating).
    expect(eventsOf(cluster, 'broker-fenced', seq)).toEqual([]);
    expect(partitionOf(cluster, 'metrics').leader).toBe(leader);

    await cluster.faults.heal(fault.id);
    await waitForEvent(cluster, 'isr-expanded', (e) => e.changed.includes(slow), {
      afterSeq: shrunk.seq,
      timeoutMs: 5000,
      what: 'the follower to re-enter the ISR',
    });
    stop = true;
    await producer;
    await fullyReplicated(cluster, 'metrics');
  });
});
