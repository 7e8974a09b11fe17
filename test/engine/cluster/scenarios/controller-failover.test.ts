import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../engine/protocol/errors.js';
import type { BrokerId } from '../../../../engine/types.js';
import { waitFor } from '../helpers.js';
import {
  createTopic,
  fullyReplicated,
  produceUntilAcked,
  startTestCluster,
  type TestCluster,
  waitForEvent,
} from '../cluster-harness.js';

describe('controller failover', () => {
  let handle: TestCluster | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('a killed controller is replaced by another voter in a newer epoch; admin and metadata keep working', async () => {
    handle = await startTestCluster();
    const { cluster } = handle;
    await createTopic(cluster, 'before', 3, 3);
    const old = cluster.snapshot().controller;
    const seq = cluster.recentEvents().at(-1)?.seq ?? 0;

    await cluster.faults.kill(old.id as BrokerId);
    const changed = await waitForEvent(cluster, 'controller-changed', (e) => e.controllerId !== old.id, {
      afterSeq: seq,
      what: 'a new controller',
    });
    expect(changed.previousControllerId).toBe(old.id);
    expect(changed.epoch).toBeGreaterThan(old.epoch);
    const now = cluster.snapshot().controller;
    expect(now.id).toBe(changed.controllerId);
    expect(cluster.snapshot().brokers.filter((b) => b.isController)).toHaveLength(1);

    // The new controller fences the dead broker and moves its leaderships.
    await waitForEvent(cluster, 'broker-fenced', (e) => e.brokerId === old.id, { afterSeq: seq });
    await waitFor(() => cluster.snapshot().partitions.every((p) => p.leader !== -1 && p.leader !== old.id));

    // Admin requests reach the new controller; a broker's own admin forwards there over the links.
    await createTopic(cluster, 'after', 2, 2);
    const survivor = cluster.brokers().find((b) => b.id !== old.id)?.id as BrokerId;
    const [created] = await cluster
      .broker(survivor)
      .services.admin.createTopics(
        [{ name: 'via-broker', numPartitions: 1, replicationFactor: 2, assignments: [], configs: {} }],
        { validateOnly: false, timeoutMs: 5000 },
      );
    expect(created?.errorCode).toBe(ErrorCode.NONE);
    await produceUntilAcked(cluster, 'before', 'still-writable');

    // The old controller comes back as a follower of the quorum and catches up with everything.
    await cluster.faults.start(old.id as BrokerId);
    expect(cluster.snapshot().controller.id).toBe(now.id);
    await waitFor(() => cluster.broker(old.id).services.metadata.topic('via-broker') !== undefined);
    await fullyReplicated(cluster, 'before');
  });

  it('a controller stopped gracefully hands over at once (EndQuorumEpoch), well before a fetch timeout', async () => {
    handle = await startTestCluster({ config: { 'controller.quorum.fetch.timeout.ms': 5000 } });
    const { cluster } = handle;
    const old = cluster.snapshot().controller;
    const seq = cluster.recentEvents().at(-1)?.seq ?? 0;
    const started = Date.now();
    await cluster.faults.stop(old.id as BrokerId);
    await waitForEvent(cluster, 'controller-changed', (e) => e.controllerId !== old.id, { afterSeq: seq });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
