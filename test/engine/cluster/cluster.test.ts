import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { waitFor } from './helpers.js';
import {
  consumeAll,
  createTopic,
  partitionOf,
  produce,
  replicaValues,
  startTestCluster,
  type TestCluster,
} from './cluster-harness.js';

describe('embedded cluster', () => {
  let handle: TestCluster | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('starts three brokers with one active controller, all unfenced', async () => {
    handle = await startTestCluster();
    const snapshot = handle.cluster.snapshot();
    expect(snapshot.brokers.map((b) => b.state)).toEqual(['up', 'up', 'up']);
    expect(snapshot.brokers.filter((b) => b.isController)).toHaveLength(1);
    expect(snapshot.controller.id).not.toBe(-1);
  });

  it('replicates acks=all writes to every replica and serves them to consumers', async () => {
    handle = await startTestCluster();
    const { cluster } = handle;
    await createTopic(cluster, 'orders', 1, 3);
    const p = partitionOf(cluster, 'orders');
    expect(p.replicas).toHaveLength(3);
    expect(p.isr).toHaveLength(3);
    const result = await produce(cluster, 'orders', ['a', 'b', 'c']);
    expect(result.errorCode).toBe(ErrorCode.NONE);
    expect(result.baseOffset).toBe(0);
    expect(await consumeAll(cluster, 'orders')).toEqual(['a', 'b', 'c']);
    for (const id of p.replicas) {
      await waitFor(async () => (await replicaValues(cluster, id, 'orders')).length === 3);
    }
    expect(partitionOf(cluster, 'orders').highWatermark).toBe(3);
  });
});
