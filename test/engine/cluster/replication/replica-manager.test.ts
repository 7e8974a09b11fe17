import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchInput } from '../../../../engine/broker/services.js';
import { ListOffsetsTimestamp } from '../../../../engine/broker/services.js';
import { ErrorCode } from '../../../../engine/protocol/errors.js';
import { encodeBatch } from '../../../../engine/records/codec.js';
import { asBrokerId, asOffset, type BrokerId } from '../../../../engine/types.js';
import { waitFor } from '../helpers.js';
import {
  batchOf,
  createTopic,
  partitionOf,
  produce,
  startTestCluster,
  type TestCluster,
} from '../cluster-harness.js';

/** One cluster for the whole file: each test uses its own topic. */
describe('ReplicaManager through a broker’s services', () => {
  let handle: TestCluster;
  beforeAll(async () => {
    handle = await startTestCluster();
  });
  afterAll(() => handle.close());

  const leaderServices = (topic: string) => {
    const { leader } = partitionOf(handle.cluster, topic);
    return handle.cluster.broker(leader as BrokerId).services;
  };
  const fetchInput = (
    topic: string,
    fetchOffset: number,
    overrides: Partial<FetchInput> = {},
  ): FetchInput => ({
    replicaId: -1,
    replicaEpoch: -1,
    maxWaitMs: 0,
    minBytes: 1,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    partitions: [
      {
        tp: { topic, partition: 0 },
        fetchOffset: asOffset(fetchOffset),
        currentLeaderEpoch: -1,
        lastFetchedEpoch: -1,
        logStartOffset: -1,
        partitionMaxBytes: 1 << 20,
      },
    ],
    ...overrides,
  });

  it('refuses acks=all up front with NOT_ENOUGH_REPLICAS when the ISR is below min.insync.replicas', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'strict', 1, 3, { 'min.insync.replicas': '3' });
    expect((await produce(cluster, 'strict', ['ok'])).errorCode).toBe(ErrorCode.NONE);
    const { leader, replicas } = partitionOf(cluster, 'strict');
    const follower = replicas.find((id) => id !== leader) as BrokerId;
    const fault = cluster.faults.slowDisk(follower, 1500);
    await produce(cluster, 'strict', ['slows-the-follower'], { acks: 1 });
    await waitFor(() => partitionOf(cluster, 'strict').isr.length === 2, { what: 'the ISR to shrink' });
    const refused = await produce(cluster, 'strict', ['refused']);
    expect(refused.errorCode).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
    expect(refused.baseOffset).toBe(-1);
    // acks=1 is still taken, but with fewer in-sync replicas than the topic asks, it is not committed.
    const hwBefore = partitionOf(cluster, 'strict').highWatermark;
    expect((await produce(cluster, 'strict', ['uncommitted'], { acks: 1 })).errorCode).toBe(ErrorCode.NONE);
    expect(partitionOf(cluster, 'strict').highWatermark).toBe(hwBefore);
    await cluster.faults.heal(fault.id);
  });

  it('answers a produce to a follower with NOT_LEADER_OR_FOLLOWER and the current leader', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'routed', 1, 3);
    const { leader, leaderEpoch, replicas } = partitionOf(cluster, 'routed');
    const follower = replicas.find((id) => id !== leader) as BrokerId;
    const result = await produce(cluster, 'routed', ['x'], { via: follower });
    expect(result.errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    expect(result.currentLeader).toEqual({ leaderId: leader, leaderEpoch });
    const [unknown] = await cluster.broker(follower).services.replicas.appendRecords({
      acks: 1,
      timeoutMs: 100,
      transactionalId: null,
      entries: [{ tp: { topic: 'no-such-topic', partition: 0 }, records: await batchOf(['x']) }],
    });
    expect(unknown?.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('fences fetches by leader epoch: older is FENCED_LEADER_EPOCH, newer UNKNOWN_LEADER_EPOCH', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'epochs', 1, 3);
    await produce(cluster, 'epochs', ['a']);
    const { leaderEpoch } = partitionOf(cluster, 'epochs');
    const services = leaderServices('epochs');
    const at = async (epoch: number) => {
      const input = fetchInput('epochs', 0);
      const [result] = await services.replicas.fetch({
        ...input,
        partitions: [{ ...input.partitions[0]!, currentLeaderEpoch: epoch }],
      });
      return result?.errorCode;
    };
    expect(await at(leaderEpoch)).toBe(ErrorCode.NONE);
    expect(await at(leaderEpoch + 1)).toBe(ErrorCode.UNKNOWN_LEADER_EPOCH);
    if (leaderEpoch > 0) expect(await at(leaderEpoch - 1)).toBe(ErrorCode.FENCED_LEADER_EPOCH);
  });

  it('long-polls: a fetch waits for data and answers as soon as it is committed', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'poll', 1, 3);
    const services = leaderServices('poll');
    const started = Date.now();
    const pending = services.replicas.fetch(fetchInput('poll', 0, { maxWaitMs: 5000 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await produce(cluster, 'poll', ['wake-up']);
    const [result] = await pending;
    expect(result?.records.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(2000);
    // With nothing new, it waits maxWait and answers empty.
    const idle = Date.now();
    const [empty] = await services.replicas.fetch(
      fetchInput('poll', result?.highWatermark as number, { maxWaitMs: 150 }),
    );
    expect(empty?.records).toEqual([]);
    expect(Date.now() - idle).toBeGreaterThanOrEqual(140);
    // An aborted long poll answers at once.
    const controller = new AbortController();
    const aborted = services.replicas.fetch(
      fetchInput('poll', result?.highWatermark as number, { maxWaitMs: 5000, signal: controller.signal }),
    );
    controller.abort();
    expect((await aborted)[0]?.records).toEqual([]);
  });

  it('lists offsets (earliest, latest, by timestamp) and answers OffsetForLeaderEpoch', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'offsets', 1, 3);
    const base = Date.now() - 10_000;
    for (let i = 0; i < 3; i++) {
      const records = await encodeBatch({
        records: [{ key: null, value: Buffer.from(`v${i}`), timestamp: base + i * 1000 }],
      });
      await cluster
        .broker(partitionOf(cluster, 'offsets').leader as BrokerId)
        .services.replicas.appendRecords({
          acks: -1,
          timeoutMs: 2000,
          transactionalId: null,
          entries: [{ tp: { topic: 'offsets', partition: 0 }, records }],
        });
    }
    const services = leaderServices('offsets');
    const tp = { topic: 'offsets', partition: 0 };
    const list = (timestamp: number) =>
      services.replicas.listOffsets([{ tp, timestamp, currentLeaderEpoch: -1 }], {
        isolationLevel: 0,
        replicaId: -1,
      });
    expect((await list(ListOffsetsTimestamp.EARLIEST))[0]?.offset).toBe(0);
    expect((await list(ListOffsetsTimestamp.LATEST))[0]?.offset).toBe(3);
    expect((await list(base + 1500))[0]).toMatchObject({ offset: 2, timestamp: base + 2000 });
    expect((await list(base + 99_999))[0]?.offset).toBe(-1);
    const { leaderEpoch } = partitionOf(cluster, 'offsets');
    const [end] = await services.replicas.offsetForLeaderEpoch([
      { tp, leaderEpoch, currentLeaderEpoch: leaderEpoch },
    ]);
    expect(end).toMatchObject({ errorCode: ErrorCode.NONE, leaderEpoch, endOffset: 3 });
  });

  it('deletes records below an offset on the leader, and followers follow the new log start', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'trimmed', 1, 3);
    for (let i = 0; i < 5; i++) await produce(cluster, 'trimmed', [`t${i}`]);
    const tp = { topic: 'trimmed', partition: 0 };
    const [beyond] = await leaderServices('trimmed').replicas.deleteRecords([{ tp, offset: 99 }], 1000);
    expect(beyond?.errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    const [result] = await leaderServices('trimmed').replicas.deleteRecords([{ tp, offset: 3 }], 1000);
    expect(result).toMatchObject({ errorCode: ErrorCode.NONE, lowWatermark: 3 });
    await produce(cluster, 'trimmed', ['t5']);
    for (const id of partitionOf(cluster, 'trimmed').replicas) {
      await waitFor(() => cluster.broker(id).replicaManager?.partition(tp)?.log.logStartOffset === 3, {
        what: `replica on ${id} to move its log start`,
      });
    }
  });

  it('idempotent producers: ids come from the controller’s blocks, and a retried batch is not written twice', async () => {
    const { cluster } = handle;
    await createTopic(cluster, 'exactly-once', 1, 3);
    const services = leaderServices('exactly-once');
    const { producerId, producerEpoch, errorCode } = await services.admin.allocateProducerId();
    expect(errorCode).toBe(ErrorCode.NONE);
    const other = await cluster
      .broker(asBrokerId(partitionOf(cluster, 'exactly-once').leader === 1 ? 2 : 1))
      .services.admin.allocateProducerId();
    expect(other.producerId).not.toBe(producerId);
    const batch = () =>
      encodeBatch({
        records: [{ key: null, value: Buffer.from('once') }],
        producerId,
        producerEpoch,
        baseSequence: 0,
      });
    const send = async () =>
      (
        await services.replicas.appendRecords({
          acks: -1,
          timeoutMs: 2000,
          transactionalId: null,
          entries: [{ tp: { topic: 'exactly-once', partition: 0 }, records: await batch() }],
        })
      )[0];
    const first = await send();
    const retry = await send();
    expect(first?.errorCode).toBe(ErrorCode.NONE);
    expect(retry).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: first?.baseOffset });
    expect(partitionOf(cluster, 'exactly-once').logEndOffset).toBe(1);
  });
});
