import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../host/api/index.js';
import { installApi } from '../../../renderer/api/current.js';
import { useClusterStore } from '../../../renderer/stores/cluster.js';
import { freshPinia } from '../pinia.js';
import { fakeApi, type FakeApi } from '../fake-api.js';
import { broker, partition, snapshot } from '../samples.js';

let fake: FakeApi;
beforeEach(() => {
  freshPinia();
  fake = fakeApi();
  installApi(fake.api);
});

describe('the cluster store', () => {
  it('derives the health summary from the snapshot', async () => {
    fake.answer('cluster.snapshot', () =>
      snapshot({
        brokers: [broker(1), broker(2, { state: 'down' }), broker(3)],
        underReplicatedPartitions: 2,
      }),
    );
    const cluster = useClusterStore();
    expect(cluster.health).toBe('unknown');
    await cluster.refresh();
    expect([cluster.brokersUp, cluster.brokersTotal, cluster.underReplicated, cluster.offline]).toEqual([
      2, 3, 2, 0,
    ]);
    expect(cluster.health).toBe('warning');
  });

  it('measures records in per second from the high watermarks of two snapshots', async () => {
    const snaps = [
      snapshot({
        takenAt: 10_000,
        partitions: [
          partition('a', 0, { highWatermark: 100 }),
          partition('__consumer_offsets', 0, { highWatermark: 5 }),
        ],
      }),
      snapshot({
        takenAt: 12_000,
        partitions: [
          partition('a', 0, { highWatermark: 300 }),
          partition('__consumer_offsets', 0, { highWatermark: 900 }),
        ],
      }),
    ];
    fake.answer('cluster.snapshot', () => snaps.shift()!);
    const cluster = useClusterStore();
    await cluster.refresh();
    expect(cluster.throughput).toBeNull();
    await cluster.refresh();
    expect(cluster.throughput?.recordsInPerSecond).toBe(100);
  });

  it('measures bytes in and out per second from the brokers’ traffic, across a broker restart', async () => {
    const traffic = (bytesIn: number, bytesOut: number) => ({ traffic: { bytesIn, bytesOut } });
    const snaps = [
      snapshot({ takenAt: 10_000, brokers: [broker(1, traffic(1000, 5000)), broker(2, traffic(400, 800))] }),
      // Broker 2 restarted: its counters began again from zero.
      snapshot({ takenAt: 12_000, brokers: [broker(1, traffic(3000, 9000)), broker(2, traffic(600, 200))] }),
      // Broker 2 is down and reports nothing; broker 1 alone is measured.
      snapshot({ takenAt: 14_000, brokers: [broker(1, traffic(3000, 9000)), broker(2, { state: 'down' })] }),
      snapshot({ takenAt: 16_000, brokers: [broker(1), broker(2)] }),
    ];
    fake.answer('cluster.snapshot', () => snaps.shift()!);
    const cluster = useClusterStore();
    await cluster.refresh();
    await cluster.refresh();
    expect(cluster.throughput).toMatchObject({ bytesInPerSecond: 1100, bytesOutPerSecond: 2100 });
    expect([...cluster.throughput!.brokers]).toEqual([
      [1, { bytesInPerSecond: 1000, bytesOutPerSecond: 2000 }],
      [2, { bytesInPerSecond: 100, bytesOutPerSecond: 100 }],
    ]);
    await cluster.refresh();
    expect(cluster.throughput).toMatchObject({ bytesInPerSecond: 0, bytesOutPerSecond: 0 });
    await cluster.refresh();
    expect(cluster.throughput).toMatchObject({ bytesInPerSecond: null, bytesOutPerSecond: null });
  });

  it('keeps the last snapshot and shows the error when a refresh fails', async () => {
    let fail = false;
    fake.answer('cluster.snapshot', () => {
      if (fail) throw new ApiError('UNAVAILABLE', 'no broker answered');
      return snapshot({ offlinePartitions: 1 });
    });
    const cluster = useClusterStore();
    await cluster.refresh();
    fail = true;
    await cluster.refresh();
    expect(cluster.snapshot?.offlinePartitions).toBe(1);
    expect(cluster.health).toBe('error');
    expect((cluster.error as ApiError).message).toBe('no broker answered');
  });

  it('lists user topics before internal ones for the command palette', async () => {
    fake.answer('cluster.snapshot', () =>
      snapshot({
        partitions: [
          partition('__consumer_offsets', 0),
          partition('zeta', 0),
          partition('alpha', 0),
          partition('alpha', 1),
        ],
      }),
    );
    const cluster = useClusterStore();
    await cluster.refresh();
    expect(cluster.topicNames).toEqual(['alpha', 'zeta', '__consumer_offsets']);
  });
});
