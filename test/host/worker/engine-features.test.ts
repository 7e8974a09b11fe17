import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterEventSchema, clusterSnapshotSchema, faultSchema } from '../../../host/api/index.js';
import type { ClusterEvent } from '../../../host/api/index.js';
import { clusterEvents, engineMethods, type EngineMethods } from '../../../host/worker/engine-features.js';
import { createTopic, startTestCluster, type TestCluster } from '../../engine/cluster/cluster-harness.js';
import { waitFor } from '../../engine/cluster/helpers.js';

let test: TestCluster;
let methods: EngineMethods;
const signal = new AbortController().signal;

beforeAll(async () => {
  test = await startTestCluster({ brokers: 3 });
  await createTopic(test.cluster, 'orders', 3, 3);
  methods = engineMethods(test.cluster, () => 1_700_000_000_000);
  // Leaders are elected; wait until every leader replica runs and reports its offsets.
  await waitFor(async () => {
    const partitions = (await methods['cluster.snapshot']({}, signal)).partitions.filter(
      (p) => p.topic === 'orders',
    );
    return partitions.length === 3 && partitions.every((p) => p.highWatermark === 0 && p.isr.length === 3);
  });
});
afterAll(async () => {
  await test.close();
});

describe('engine features for the console', () => {
  it('maps the snapshot onto the contract: brokers, controller, partitions sorted, offsets', async () => {
    const snapshot = clusterSnapshotSchema.parse(await methods['cluster.snapshot']({}, signal));
    expect(snapshot.clusterId).toBe(test.cluster.clusterId);
    expect(snapshot.brokers.map((b) => [b.id, b.state])).toEqual([
      [1, 'up'],
      [2, 'up'],
      [3, 'up'],
    ]);
    expect(snapshot.brokers.filter((b) => b.isController).map((b) => b.id)).toEqual([snapshot.controllerId]);
    const orders = snapshot.partitions.filter((p) => p.topic === 'orders');
    expect(orders.map((p) => p.partition)).toEqual([0, 1, 2]);
    for (const p of orders)
      expect(p).toMatchObject({ highWatermark: 0, logStartOffset: 0, offlineReplicas: [] });
    expect(snapshot.takenAt).toBe(1_700_000_000_000);
  });

  it('kills and restarts a broker: the snapshot and the fault list follow', async () => {
    const fault = faultSchema.parse(await methods['faults.killBroker']({ brokerId: 3 }, signal));
    expect(fault).toMatchObject({ kind: 'kill', brokerId: 3 });
    const down = await methods['cluster.snapshot']({}, signal);
    expect(down.brokers[2]?.state).toBe('down');
    expect(down.partitions.find((p) => p.topic === 'orders')?.offlineReplicas).toEqual([3]);
    await expect(methods['faults.killBroker']({ brokerId: 3 }, signal)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'broker 3 is not running',
    });
    expect(await methods['faults.list']({}, signal)).toEqual([fault]);
    await expect(methods['faults.startBroker']({ brokerId: 3 }, signal)).resolves.toEqual({
      healed: [fault],
    });
    await waitFor(async () => (await methods['cluster.snapshot']({}, signal)).brokers[2]?.state === 'up', {
      timeoutMs: 10_000,
    });
    expect(await methods['faults.list']({}, signal)).toEqual([]);
  });

  it('isolates, delays and heals by fault, by broker and all at once', async () => {
    const isolated = await methods['faults.isolateBroker']({ brokerId: 2, from: 'clients' }, signal);
    const snapshot = await methods['cluster.snapshot']({}, signal);
    expect(snapshot.brokers[1]).toMatchObject({ state: 'isolated', isolatedFrom: 'clients' });
    const delay = await methods['faults.delayTraffic']({ brokerId: 1, peerId: 2, ms: 5 }, signal);
    expect(delay.summary).toBe('delay 5 ms on 1 ⇄ 2');
    const disk = await methods['faults.slowDisk']({ brokerId: 1, ms: 1 }, signal);
    await expect(methods['faults.heal']({ faultId: delay.id }, signal)).resolves.toEqual({ healed: [delay] });
    await expect(methods['faults.heal']({ brokerId: 2 }, signal)).resolves.toEqual({ healed: [isolated] });
    await expect(methods['faults.healAll']({}, signal)).resolves.toEqual({ healed: [disk] });
    await expect(methods['faults.heal']({ faultId: 'fault-999' }, signal)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses unknown brokers as NOT_FOUND', async () => {
    await expect(methods['faults.killBroker']({ brokerId: 9 }, signal)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'there is no broker 9 (brokers are 1, 2, 3)',
    });
    await expect(
      methods['faults.delayTraffic']({ brokerId: 1, peerId: 7, ms: 5 }, signal),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('streams the recent events, then live ones, in order and without repeats', async () => {
    const controller = new AbortController();
    const seen: ClusterEvent[] = [];
    const stream = clusterEvents(test.cluster);
    void stream({ afterSeq: 0 }, (e) => seen.push(clusterEventSchema.parse(e)), controller.signal);
    const replayed = seen.length;
    expect(replayed).toBeGreaterThan(0);
    expect(seen.some((e) => e.type === 'topic-created' && e.topic === 'orders')).toBe(true);
    const fault = await methods['faults.fillDisk']({ brokerId: 1 }, signal);
    await methods['faults.healAll']({}, signal);
    controller.abort();
    await methods['faults.fillDisk']({ brokerId: 1 }, signal);
    await methods['faults.healAll']({}, signal);
    const live = seen.slice(replayed);
    expect(live.map((e) => e.type)).toEqual(['fault-injected', 'fault-healed']);
    expect(live[0]).toMatchObject({ fault: { id: fault.id } });
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});
