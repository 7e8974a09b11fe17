import { describe, expect, it } from 'vitest';
import { IsolationLevel, ListOffsetsTimestamp } from '../../../../engine/broker/services.js';
import type { PartitionRegistration } from '../../../../engine/cluster/metadata/image.js';
import { Partition } from '../../../../engine/cluster/replication/partition.js';
import { listOffsets, type QueryContext } from '../../../../engine/cluster/replication/partition-queries.js';
import { ErrorCode } from '../../../../engine/protocol/errors.js';
import { asBrokerId, asLeaderEpoch, asOffset, type BrokerId } from '../../../../engine/types.js';
import { batchOf, openHarness, T0 } from '../../storage/helpers.js';

const [b0, b1, b2] = [asBrokerId(0), asBrokerId(1), asBrokerId(2)];
const registration = (leader: BrokerId, epoch: number): PartitionRegistration => ({
  replicas: [b1, b0, b2],
  isr: [b0, b1, b2],
  leader,
  leaderEpoch: epoch,
  partitionEpoch: epoch,
});

/**
 * Broker 1 followed broker 0, copied five records but learned a high watermark of only 2, and
 * then became leader (the preferred leader taking its partition back after a restart).
 */
async function newLeaderWithStaleHighWatermark(): Promise<{ partition: Partition; ctx: QueryContext }> {
  const harness = openHarness({ minInsyncReplicas: 2 });
  const partition = new Partition({ topic: 'topic', partition: 0 }, 'topic-id', harness.log, {
    localBrokerId: b1,
    clock: harness.clock,
    replicaLagTimeMaxMs: 10_000,
    isBrokerUsable: () => true,
    alterPartition: () => new Promise(() => {}),
    onStateChange: () => {},
  });
  partition.makeFollower(registration(b0, 0));
  harness.log.appendAsLeader(await batchOf(['a', 'b', 'c', 'd', 'e']), asLeaderEpoch(0));
  harness.log.updateHighWatermark(asOffset(2));
  partition.makeLeader(registration(b1, 1));
  const ctx: QueryContext = {
    leaderFor: () => ({ partition }),
    partitions: () => [partition],
    wake: () => {},
    dataDir: harness.dir,
  };
  return { partition, ctx };
}

const consumer = { isolationLevel: IsolationLevel.READ_UNCOMMITTED, replicaId: -1 as const };
const ask = (ctx: QueryContext, timestamp: number, options: Parameters<typeof listOffsets>[2] = consumer) =>
  listOffsets(
    ctx,
    [{ tp: { topic: 'topic', partition: 0 }, timestamp, currentLeaderEpoch: -1 }],
    options,
  ).then(([r]) => ({ errorCode: r?.errorCode, offset: r?.offset }));

describe('ListOffsets on a leader whose high watermark lags the start of its epoch', () => {
  it('answers OFFSET_NOT_AVAILABLE for the end and for times past it, never the stale high watermark', async () => {
    const { partition, ctx } = await newLeaderWithStaleHighWatermark();
    expect(partition.log.highWatermark).toBe(2);
    expect(partition.highWatermarkLagsEpochStart).toBe(true);

    const notAvailable = { errorCode: ErrorCode.OFFSET_NOT_AVAILABLE, offset: -1 };
    expect(await ask(ctx, ListOffsetsTimestamp.LATEST)).toEqual(notAvailable);
    expect(
      await ask(ctx, ListOffsetsTimestamp.LATEST, {
        ...consumer,
        isolationLevel: IsolationLevel.READ_COMMITTED,
      }),
    ).toEqual(notAvailable);
    expect(await ask(ctx, T0 + 1)).toEqual(notAvailable);
    // What lies below the stale high watermark is committed for sure, and so is the log start.
    expect(await ask(ctx, T0)).toEqual({ errorCode: ErrorCode.NONE, offset: 0 });
    expect(await ask(ctx, ListOffsetsTimestamp.EARLIEST)).toEqual({ errorCode: ErrorCode.NONE, offset: 0 });
    // A follower is answered as before.
    expect(await ask(ctx, ListOffsetsTimestamp.LATEST, { ...consumer, replicaId: b0 })).toEqual({
      errorCode: ErrorCode.NONE,
      offset: 2,
    });
  });

  it('answers the end again once the followers have fetched up to the start of the epoch', async () => {
    const { partition, ctx } = await newLeaderWithStaleHighWatermark();
    partition.updateFollowerFetchState(b0, 5, 0, 5);
    expect(partition.highWatermarkLagsEpochStart).toBe(true); // broker 2 has not fetched yet
    partition.updateFollowerFetchState(b2, 5, 0, 5);
    expect(partition.log.highWatermark).toBe(5);
    expect(partition.highWatermarkLagsEpochStart).toBe(false);
    expect(await ask(ctx, ListOffsetsTimestamp.LATEST)).toEqual({ errorCode: ErrorCode.NONE, offset: 5 });
  });
});
