import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../engine/protocol/errors.js';
import { waitFor } from '../helpers.js';
import {
  consumeAll,
  createTopic,
  fullyReplicated,
  partitionOf,
  produceUntilAcked,
  startTestCluster,
  type TestCluster,
} from '../cluster-harness.js';

describe('full cluster restart', () => {
  let handle: TestCluster | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('resumes every topic, offset, config and committed metadata', async () => {
    handle = await startTestCluster();
    let cluster = handle.cluster;
    await createTopic(cluster, 'kept', 2, 3, { 'retention.ms': '3600000' });
    await createTopic(cluster, 'deleted', 1, 1);
    for (let i = 0; i < 10; i++) await produceUntilAcked(cluster, 'kept', `k-${i}`, { partition: i % 2 });
    const [altered] = await cluster.admin.alterConfigs(
      [
        {
          type: 'topic',
          name: 'kept',
          changes: [{ name: 'cleanup.policy', value: 'compact', op: 'set' }],
          incremental: true,
        },
      ],
      { validateOnly: false },
    );
    expect(altered?.errorCode).toBe(ErrorCode.NONE);
    await cluster.admin.deleteTopics([{ name: 'deleted', topicId: null }], 5000);
    const producerBefore = await cluster.admin.allocateProducerId();
    const before = cluster.snapshot();

    cluster = await handle.restart();
    expect(cluster.clusterId).toBe(before.clusterId);
    await fullyReplicated(cluster, 'kept');
    const after = cluster.snapshot();
    expect(after.partitions.map((p) => p.topic)).toEqual(['kept', 'kept']);
    expect(after.partitions.map((p) => p.topicId)).toEqual(
      before.partitions.filter((p) => p.topic === 'kept').map((p) => p.topicId),
    );
    for (const p of [0, 1]) {
      await waitFor(() => partitionOf(cluster, 'kept', p).highWatermark === 5);
      expect(partitionOf(cluster, 'kept', p).logEndOffset).toBe(5);
    }
    expect((await consumeAll(cluster, 'kept', 0)).sort()).toEqual(['k-0', 'k-2', 'k-4', 'k-6', 'k-8']);
    const [described] = await cluster.admin.describeConfigs(
      [{ type: 'topic', name: 'kept', keys: ['cleanup.policy', 'retention.ms'] }],
      {
        includeSynonyms: false,
        includeDocumentation: false,
      },
    );
    expect(Object.fromEntries(described?.configs.map((c) => [c.name, c.value]) ?? [])).toEqual({
      'cleanup.policy': 'compact',
      'retention.ms': '3600000',
    });
    const producerAfter = await cluster.admin.allocateProducerId();
    expect(producerAfter.producerId).toBeGreaterThan(producerBefore.producerId);
    await produceUntilAcked(cluster, 'kept', 'k-10');
  });
});
