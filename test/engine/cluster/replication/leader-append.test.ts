import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppendInput, FetchInput } from '../../../../engine/broker/services.js';
import { ErrorCode } from '../../../../engine/protocol/errors.js';
import { batchesOf, CompressionType } from '../../../../engine/records/batch.js';
import { decodeRecordSet, encodeBatch } from '../../../../engine/records/codec.js';
import { asBrokerId, asOffset, type BrokerId } from '../../../../engine/types.js';
import { waitFor } from '../helpers.js';
import {
  batchOf,
  consumeAll,
  createTopic,
  partitionOf,
  produce,
  replicaValues,
  startTestCluster,
  type TestCluster,
  waitForEvent,
} from '../cluster-harness.js';

/** The produce path of a leader: the topic's compression.type, request order, slow and full disks. */
describe('leader appends', () => {
  let handle: TestCluster;
  beforeAll(async () => {
    handle = await startTestCluster();
  });
  afterEach(() => handle.cluster.faults.heal());
  afterAll(() => handle.close());

  const replicasOf = (id: BrokerId) => handle.cluster.broker(id).services.replicas;
  const append = (topic: string, records: Buffer, acks: AppendInput['acks'] = 1) =>
    replicasOf(partitionOf(handle.cluster, topic).leader as BrokerId).appendRecords({
      acks,
      timeoutMs: 2000,
      transactionalId: null,
      entries: [{ tp: { topic, partition: 0 }, records }],
    });

  /** The codec of every batch in a replica's log. */
  const codecs = (brokerId: BrokerId, topic: string): number[] => {
    const log = handle.cluster.broker(brokerId).replicaManager?.partition({ topic, partition: 0 })?.log;
    if (!log || log.logEndOffset === 0) return [];
    const read = log.read(asOffset(0), 1 << 20, { minOneMessage: true });
    return [...batchesOf(Buffer.concat(read.records))].map((h) => h.compression);
  };

  it('recompresses batches into the topic’s compression.type on the leader; followers copy the result', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'squeezed', 1, 3, { 'compression.type': 'zstd' });
    const plain = await encodeBatch({
      records: ['a', 'b', 'c'].map((v) => ({ key: Buffer.from(v), value: Buffer.from(v.repeat(50)) })),
    });
    const gzipped = await encodeBatch({
      records: [{ key: null, value: Buffer.from('d'.repeat(50)) }],
      compression: CompressionType.GZIP,
    });
    const results = await Promise.all([append('squeezed', plain, -1), append('squeezed', gzipped, -1)]);
    expect(results.map(([r]) => [r?.errorCode, r?.baseOffset])).toEqual([
      [ErrorCode.NONE, 0],
      [ErrorCode.NONE, 3],
    ]);
    const { replicas } = partitionOf(cluster, 'squeezed');
    for (const id of replicas) {
      await waitFor(() => codecs(id, 'squeezed').length === 2, { what: `both batches on broker ${id}` });
      expect(codecs(id, 'squeezed')).toEqual([CompressionType.ZSTD, CompressionType.ZSTD]);
    }
    expect(await consumeAll(cluster, 'squeezed')).toEqual(['a', 'b', 'c', 'd'].map((v) => v.repeat(50)));
  });

  it('refuses a record set it cannot recompress, and keeps appending the next ones', async () => {
    await createTopic(handle.cluster, 'squeezed-bad', 1, 1, { 'compression.type': 'lz4' });
    const corrupt = await encodeBatch({ records: [{ key: null, value: Buffer.from('x'.repeat(80)) }] });
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 1) ^ 0xff, corrupt.length - 1); // the CRC no longer matches
    const [refused] = await append('squeezed-bad', corrupt);
    expect(refused?.errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
    const [next] = await append('squeezed-bad', await batchOf(['fine']));
    expect(next).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0 });
  });

  it('keeps pipelined appends in request order when some wait for recompression', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'ordered', 1, 1, { 'compression.type': 'snappy' });
    const values = Array.from({ length: 12 }, (_, i) => `r-${i}`);
    // Issued without awaiting, as a connection hands pipelined requests over.
    const pending = values.map(async (value, i) =>
      append(
        'ordered',
        await encodeBatch({
          records: [{ key: null, value: Buffer.from(value) }],
          compression: i % 3 === 0 ? CompressionType.SNAPPY : CompressionType.NONE,
        }),
      ),
    );
    const offsets = (await Promise.all(pending)).map(([r]) => r?.baseOffset);
    expect(offsets).toEqual(values.map((_, i) => i));
    expect(await consumeAll(cluster, 'ordered')).toEqual(values);
  });

  it('a slow disk holds each write for its latency before it lands, one write at a time, in order', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'sluggish', 1, 1, {}, [[asBrokerId(2)]]);
    const log = () =>
      cluster.broker(asBrokerId(2)).replicaManager?.partition({ topic: 'sluggish', partition: 0 })?.log;
    const fault = cluster.faults.slowDisk(asBrokerId(2), 200);
    const first = append('sluggish', await batchOf(['first']));
    // Not on disk yet: a consumer could not see it, and nothing else may overtake it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log()?.logEndOffset).toBe(0);
    await cluster.faults.heal(fault.id);
    const second = append('sluggish', await batchOf(['second']));
    expect(log()?.logEndOffset).toBe(0);
    const [[a], [b]] = await Promise.all([first, second]);
    expect([a?.baseOffset, b?.baseOffset]).toEqual([0, 1]);
    expect(await consumeAll(cluster, 'sluggish')).toEqual(['first', 'second']);
  });

  it('a broker killed while a write waits for its slow disk answers that write with an error and never stores it', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'doomed', 1, 1, {}, [[asBrokerId(1)]]);
    cluster.faults.slowDisk(asBrokerId(1), 200);
    const pending = append('doomed', await batchOf(['never-stored']), -1);
    await cluster.faults.kill(asBrokerId(1));
    const [result] = await pending;
    expect(result?.errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    await cluster.faults.heal();
    await waitFor(
      () =>
        cluster.broker(asBrokerId(1)).replicaManager?.partition({ topic: 'doomed', partition: 0 })?.isLeader,
      { what: 'broker 1 to lead doomed-0 again' },
    );
    expect(await consumeAll(cluster, 'doomed')).toEqual([]);
    expect(partitionOf(cluster, 'doomed').logEndOffset).toBe(0);
  });

  it('a slow disk delays every fetch answer that carries records', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'sluggish-reads', 1, 1, {}, [[asBrokerId(3)]]);
    await produce(cluster, 'sluggish-reads', ['stored'], { acks: 1 });
    cluster.faults.slowDisk(asBrokerId(3), 150);
    const input: FetchInput = {
      replicaId: -1,
      replicaEpoch: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      partitions: [
        {
          tp: { topic: 'sluggish-reads', partition: 0 },
          fetchOffset: asOffset(0),
          currentLeaderEpoch: -1,
          lastFetchedEpoch: -1,
          logStartOffset: -1,
          partitionMaxBytes: 1 << 20,
        },
      ],
    };
    const started = Date.now();
    const [result] = await replicasOf(asBrokerId(3)).fetch(input);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const batches = await decodeRecordSet(Buffer.concat(result?.records ?? []));
    expect(batches.flatMap((b) => b.records.map((r) => r.value?.toString()))).toEqual(['stored']);
  });

  it('a full disk on a follower: the leader’s writes go on once the follower leaves the ISR; it catches up after healing', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'crowded', 1, 3, { 'min.insync.replicas': '2' });
    const { leader, replicas } = partitionOf(cluster, 'crowded');
    const full = replicas.find((id) => id !== leader) as BrokerId;
    const seq = cluster.recentEvents().at(-1)?.seq ?? 0;
    const fault = cluster.faults.fullDisk(full);
    const [written] = await append('crowded', await batchOf(['despite-the-full-disk']), -1);
    expect(written?.errorCode).toBe(ErrorCode.NONE);
    await waitForEvent(cluster, 'isr-shrunk', (e) => e.topic === 'crowded' && e.changed.includes(full), {
      afterSeq: seq,
    });
    expect(await replicaValues(cluster, full, 'crowded')).toEqual([]);
    await cluster.faults.heal(fault.id);
    await waitForEvent(cluster, 'isr-expanded', (e) => e.topic === 'crowded' && e.changed.includes(full), {
      afterSeq: seq,
    });
    expect(await replicaValues(cluster, full, 'crowded')).toEqual(['despite-the-full-disk']);
  });

  it('a full disk on a leader fails acks=all writes with KAFKA_STORAGE_ERROR, leaving every replica as it was', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'full-leader', 1, 3);
    await produce(cluster, 'full-leader', ['kept']);
    const { leader, replicas } = partitionOf(cluster, 'full-leader');
    const fault = cluster.faults.fullDisk(leader as BrokerId);
    const [refused] = await append('full-leader', await batchOf(['refused']), -1);
    expect(refused?.errorCode).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    await cluster.faults.heal(fault.id);
    expect((await produce(cluster, 'full-leader', ['after'])).errorCode).toBe(ErrorCode.NONE);
    for (const id of replicas) {
      await waitFor(async () => (await replicaValues(cluster, id, 'full-leader')).length === 2);
      expect(await replicaValues(cluster, id, 'full-leader')).toEqual(['kept', 'after']);
    }
  });
});
