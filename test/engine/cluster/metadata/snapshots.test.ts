import { afterEach, describe, expect, it } from 'vitest';
import { asBrokerId } from '../../../../engine/types.js';
import { waitFor } from '../helpers.js';
import { createTopic, fullyReplicated, startTestCluster, type TestCluster } from '../cluster-harness.js';

describe('metadata log snapshots', () => {
  let handle: TestCluster | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('bound the metadata log; a broker behind the leader’s log start loads the snapshot; a restart replays from it', async () => {
    handle = await startTestCluster({ config: { 'metadata.log.max.record.bytes.between.snapshots': 2000 } });
    let { cluster } = handle;
    await cluster.faults.kill(asBrokerId(3));
    for (let i = 0; i < 20; i++)
      await createTopic(cluster, `topic-${i}`, 1, 2, {}, [[asBrokerId(1), asBrokerId(2)]]);
    for (const id of [1, 2]) {
      await waitFor(() => (cluster.broker(id).raft?.raftLog.startOffset ?? 0) > 0, {
        what: `a snapshot on broker ${id}`,
      });
    }
    // Broker 3 was down for all of it: the leader's log no longer reaches back to where it stopped.
    await cluster.faults.start(asBrokerId(3));
    expect(cluster.broker(3).services.metadata.topics()).toHaveLength(20);
    await createTopic(cluster, 'on-three', 1, 1, {}, [[asBrokerId(3)]]);

    cluster = await handle.restart();
    expect(
      cluster
        .broker(1)
        .services.metadata.topics()
        .map((t) => t.name)
        .sort(),
    ).toEqual(['on-three', ...Array.from({ length: 20 }, (_, i) => `topic-${i}`)].sort());
    await fullyReplicated(cluster, 'topic-19');
  });
});
