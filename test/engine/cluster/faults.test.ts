import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { asBrokerId, type BrokerId } from '../../../engine/types.js';
import { waitFor } from './helpers.js';
import {
  consumeAll,
  createTopic,
  eventsOf,
  fullyReplicated,
  partitionOf,
  produce,
  produceUntilAcked,
  startTestCluster,
  type TestCluster,
} from './cluster-harness.js';

describe('faults', () => {
  let handle: TestCluster | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('a full disk fails appends with KAFKA_STORAGE_ERROR and leaves the log readable; healing restores writes', async () => {
    handle = await startTestCluster();
    const { cluster } = handle;
    await createTopic(cluster, 'disk', 1, 1, {}, [[asBrokerId(1)]]);
    await produceUntilAcked(cluster, 'disk', 'before');
    const fault = cluster.faults.fullDisk(asBrokerId(1));
    const refused = await produce(cluster, 'disk', ['no-room'], { acks: 1 });
    expect(refused.errorCode).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    expect(await consumeAll(cluster, 'disk')).toEqual(['before']);
    await cluster.faults.heal(fault.id);
    await produceUntilAcked(cluster, 'disk', 'after');
    expect(await consumeAll(cluster, 'disk')).toEqual(['before', 'after']);
  });

  it('a slow disk delays every acknowledgement by its latency', async () => {
    handle = await startTestCluster();
    const { cluster } = handle;
    await createTopic(cluster, 'slow', 1, 1, {}, [[asBrokerId(2)]]);
    cluster.faults.slowDisk(asBrokerId(2), 150);
    const started = Date.now();
    expect((await produce(cluster, 'slow', ['x'], { acks: 1 })).errorCode).toBe(ErrorCode.NONE);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('delay and loss on links slow replication down without losing it; several faults heal at once', async () => {
    handle = await startTestCluster({ seed: 7 });
    const { cluster } = handle;
    await createTopic(cluster, 'wobbly', 1, 3);
    const leader = partitionOf(cluster, 'wobbly').leader as BrokerId;
    const follower = partitionOf(cluster, 'wobbly').replicas.find((id) => id !== leader) as BrokerId;
    cluster.faults.delay(leader, 30, { peer: follower });
    cluster.faults.loss(follower, 0.2);
    expect(cluster.faults.list().map((f) => f.kind)).toEqual(['delay', 'loss']);
    for (let i = 0; i < 10; i++) await produceUntilAcked(cluster, 'wobbly', `w-${i}`, { acks: 1 });
    await cluster.faults.heal();
    expect(cluster.faults.list()).toEqual([]);
    expect(
      eventsOf(cluster, 'fault-healed')
        .map((e) => e.fault.kind)
        .sort(),
    ).toEqual(['delay', 'loss']);
    await fullyReplicated(cluster, 'wobbly');
    await waitFor(() => partitionOf(cluster, 'wobbly').highWatermark >= 10);
  });

  it('the snapshot shows each broker as up, down, fenced or isolated, and lists the faults', async () => {
    handle = await startTestCluster({ brokers: 4 });
    const { cluster } = handle;
    const state = () =>
      cluster
        .snapshot()
        .brokers.map((b) => b.state)
        .join(',');
    // A stalled machine can fence a broker for a heartbeat or two; the states settle on events.
    const settlesOn = (expected: string) =>
      waitFor(() => state() === expected, { what: `states ${expected}` });
    await settlesOn('up,up,up,up');
    await cluster.faults.kill(asBrokerId(4));
    const isolation = cluster.faults.isolate(asBrokerId(3), 'clients');
    await settlesOn('up,up,isolated,down');
    expect(cluster.snapshot().brokers[2]?.isolation).toBe('clients');
    expect(cluster.snapshot().faults.map((f) => f.kind)).toEqual(['kill', 'isolate']);
    await cluster.faults.heal(isolation.id);
    // Broker 4 is down; once its session expires the controller fences it too.
    await waitFor(() => eventsOf(cluster, 'broker-fenced').some((e) => e.brokerId === 4));
    await cluster.faults.start(asBrokerId(4));
    await settlesOn('up,up,up,up');
    expect(cluster.faults.list()).toEqual([]);
  });

  it('refuses faults that make no sense', async () => {
    handle = await startTestCluster({ brokers: 1 });
    const { cluster } = handle;
    expect(() => cluster.faults.delay(asBrokerId(1), -5)).toThrow(RangeError);
    expect(() => cluster.faults.loss(asBrokerId(1), 2)).toThrow(RangeError);
    expect(() => cluster.faults.isolate(asBrokerId(9))).toThrow('no broker 9');
    await expect(cluster.faults.heal('fault-404')).rejects.toThrow('no active fault');
  });
});
