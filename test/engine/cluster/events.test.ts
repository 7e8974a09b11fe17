import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../../engine/cluster/events.js';
import { asBrokerId } from '../../../engine/types.js';
import { waitFor } from './helpers.js';
import {
  createTopic,
  eventsOf,
  startTestCluster,
  type TestCluster,
  waitForEvent,
} from './cluster-harness.js';

describe('EventLog', () => {
  it('numbers and timestamps events, keeps the last N, and survives a throwing listener', () => {
    let now = 1000;
    const log = new EventLog(() => now++, 3);
    const seen: number[] = [];
    log.onEvent(() => {
      throw new Error('listener bug');
    });
    const off = log.onEvent((e) => seen.push(e.seq));
    for (let i = 1; i <= 5; i++) log.emit({ type: 'broker-up', brokerId: asBrokerId(i) });
    off();
    log.emit({ type: 'broker-up', brokerId: asBrokerId(6) });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(log.recent().map((e) => e.seq)).toEqual([4, 5, 6]);
    expect(log.recent(5).map((e) => e.timestamp)).toEqual([1005]);
  });
});

describe('cluster events', () => {
  let handle: TestCluster | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('report committed topic, config and replication changes once each, in order', async () => {
    handle = await startTestCluster();
    const { cluster } = handle;
    const start = cluster.recentEvents();
    expect(start.filter((e) => e.type === 'controller-changed')).toHaveLength(1);
    expect(start.filter((e) => e.type === 'broker-up')).toHaveLength(3);
    const seq = start.at(-1)?.seq ?? 0;

    await createTopic(cluster, 'audit', 2, 3);
    await cluster.admin.alterConfigs(
      [
        {
          type: 'topic',
          name: 'audit',
          changes: [{ name: 'retention.ms', value: '1000', op: 'set' }],
          incremental: true,
        },
      ],
      { validateOnly: false },
    );
    await cluster.faults.kill(asBrokerId(3));
    await waitForEvent(cluster, 'under-replicated-changed', (e) => e.count === 2, { afterSeq: seq });
    await cluster.admin.deleteTopics([{ name: 'audit', topicId: null }], 5000);
    await waitForEvent(cluster, 'topic-deleted', () => true, { afterSeq: seq });

    expect(eventsOf(cluster, 'topic-created', seq)).toMatchObject([{ topic: 'audit', partitions: 2 }]);
    expect(eventsOf(cluster, 'config-changed', seq)).toMatchObject([
      { resourceName: 'audit', name: 'retention.ms', value: '1000' },
    ]);
    expect(eventsOf(cluster, 'broker-down', seq)).toMatchObject([{ brokerId: 3, graceful: false }]);
    expect(eventsOf(cluster, 'fault-injected', seq)).toHaveLength(1);
    const seqs = cluster.recentEvents(seq).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // Every broker applies every record, but each is reported once.
    await waitFor(() => cluster.broker(1).metadata?.offset === cluster.broker(2).metadata?.offset);
    expect(eventsOf(cluster, 'topic-created')).toHaveLength(1);
  });
});
