import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../engine/protocol/errors.js';
import { encodeBatch } from '../../../../engine/records/codec.js';
import { readOffsetsCheckpoint } from '../../../../engine/storage/offsets-checkpoint.js';
import type { BrokerId } from '../../../../engine/types.js';
import { waitFor } from '../helpers.js';
import { createTopic, partitionOf, produce, startTestCluster, type TestCluster } from '../cluster-harness.js';

/** The periodic work on hosted logs, with intervals shortened so each pass comes within the test. */
describe('log maintenance', () => {
  let handle: TestCluster;
  beforeAll(async () => {
    handle = await startTestCluster({
      config: {
        'log.flush.offset.checkpoint.interval.ms': 50,
        'producer.id.expiration.ms': 300,
        'producer.id.expiration.check.interval.ms': 50,
      },
    });
  });
  afterAll(() => handle.close());

  it('checkpoints every replica’s high watermark periodically, without waiting for a flush', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'checkpointed', 1, 3);
    for (let i = 0; i < 3; i++) expect((await produce(cluster, 'checkpointed', [`v${i}`])).errorCode).toBe(0);
    const { replicas } = partitionOf(cluster, 'checkpointed');
    for (const id of replicas) {
      const log = cluster.broker(id).replicaManager?.partition({ topic: 'checkpointed', partition: 0 })?.log;
      if (!log) throw new Error(`no replica on broker ${id}`);
      // Appends alone never write the checkpoint (flush.messages is off): only the periodic pass does.
      await waitFor(() => readOffsetsCheckpoint(log.dir).highWatermark === 3, {
        what: `broker ${id}'s checkpointed high watermark`,
      });
    }
  });

  it('forgets idempotent producers idle longer than producer.id.expiration.ms', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'idle-producers', 1, 1);
    const leader = cluster.broker(partitionOf(cluster, 'idle-producers').leader as BrokerId).services;
    const { producerId, producerEpoch } = await leader.admin.allocateProducerId();
    const tp = { topic: 'idle-producers', partition: 0 };
    const [written] = await leader.replicas.appendRecords({
      acks: 1,
      timeoutMs: 2000,
      transactionalId: null,
      entries: [
        {
          tp,
          records: await encodeBatch({
            records: [{ key: null, value: Buffer.from('once') }],
            timestamp: Date.now(),
            producerId,
            producerEpoch,
            baseSequence: 0,
          }),
        },
      ],
    });
    expect(written?.errorCode).toBe(ErrorCode.NONE);
    const producers = async () => (await leader.replicas.describeProducers([tp]))[0]?.producers ?? [];
    expect((await producers()).map((p) => p.producerId)).toEqual([producerId]);
    await waitFor(async () => (await producers()).length === 0, { what: 'the idle producer to expire' });
  });
});
