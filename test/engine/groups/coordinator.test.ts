/**
 * The group coordinator driven step by step: a manual clock and an in-memory partition of
 * __consumer_offsets, so timeouts, retention and reloading from the log are checked exactly
 * (the wire and real-client tests beside this one check the same code on a running cluster).
 */
import { describe, expect, test } from 'vitest';
import { silentLogger } from '../../../engine/broker/logger.js';
import type { JoinGroupInput } from '../../../engine/groups/api.js';
import type { GroupConfig } from '../../../engine/groups/config.js';
import { type CoordinatorEvent, GroupCoordinator } from '../../../engine/groups/coordinator.js';
import { offsetsPartitionFor } from '../../../engine/groups/partitioner.js';
import { encodeOffsetCommitKey, encodeOffsetCommitValue } from '../../../engine/groups/records.js';
import { ManualScheduler } from '../../../engine/groups/scheduler.js';
import type { CoordinatorLog, LoadedBatch } from '../../../engine/groups/shard.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { ControlRecordType, encodeControlKey, encodeEndTxnValue } from '../../../engine/records/control.js';
import { asBrokerId } from '../../../engine/types.js';

const config: GroupConfig = {
  initialRebalanceDelayMs: 0,
  minSessionTimeoutMs: 1000,
  maxSessionTimeoutMs: 60_000,
  maxSize: 100,
  offsetsTopicNumPartitions: 1,
  offsetsTopicReplicationFactor: 1,
  offsetsTopicSegmentBytes: 1 << 20,
  offsetsRetentionMs: 60_000,
  offsetsRetentionCheckIntervalMs: 1000,
  offsetsCommitTimeoutMs: 5000,
  offsetMetadataMaxBytes: 100,
  offsetsLoadBufferSize: 1 << 20,
  newMemberJoinTimeoutMs: 300_000,
};

/** One partition of __consumer_offsets in memory: what was appended is what loads. */
class MemoryLog implements CoordinatorLog {
  readonly batches: LoadedBatch[] = [];
  async append(
    records: LoadedBatch['records'],
    producer?: { producerId: bigint; producerEpoch: number },
  ): Promise<ErrorCode> {
    this.batches.push({
      isControl: false,
      isTransactional: producer !== undefined,
      producerId: producer?.producerId ?? -1n,
      records,
    });
    return ErrorCode.NONE;
  }
  async *readAll(): AsyncIterable<LoadedBatch> {
    yield* [...this.batches];
  }
}

function coordinator(log: MemoryLog, scheduler: ManualScheduler) {
  const events: CoordinatorEvent[] = [];
  const c = new GroupCoordinator({
    brokerId: asBrokerId(1),
    config,
    scheduler,
    partitions: { led: () => new Map([[0, 1]]), log: () => log },
    createOffsetsTopic: async () => {},
    logger: silentLogger,
  });
  c.onEvent((e) => events.push(e));
  c.reconcile();
  return { c, events };
}

/** Lets the load and the appends (promises) settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const joinInput = (memberId: string, overrides: Partial<JoinGroupInput> = {}): JoinGroupInput => ({
  groupId: 'g',
  memberId,
  groupInstanceId: null,
  clientId: 'client',
  clientHost: '/127.0.0.1',
  sessionTimeoutMs: 3000,
  rebalanceTimeoutMs: 5000,
  protocolType: 'consumer',
  protocols: [{ name: 'range', metadata: Buffer.from('meta') }],
  reason: null,
  requireKnownMemberId: false,
  supportSkippingAssignment: false,
  ...overrides,
});

/** Joins one member and completes its first generation; returns its member id. */
async function stableWithOne(c: GroupCoordinator, scheduler: ManualScheduler): Promise<string> {
  const joining = c.joinGroup(joinInput(''));
  scheduler.advance(0);
  const joined = await joining;
  expect(joined).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1 });
  const synced = await c.syncGroup({
    groupId: 'g',
    generationId: 1,
    memberId: joined.memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocolName: 'range',
    assignments: [{ memberId: joined.memberId, assignment: Buffer.from('all') }],
  });
  expect(synced.errorCode).toBe(ErrorCode.NONE);
  await settle();
  return joined.memberId;
}

describe('the group coordinator', () => {
  test('every group id lands on partition 0 of a one-partition topic, and "hello" where Kafka puts it', () => {
    expect(offsetsPartitionFor('anything', 1)).toBe(0);
    expect(offsetsPartitionFor('hello', 50)).toBe(22);
  });

  test('a member that stops heartbeating is removed at its session timeout; the group empties', async () => {
    const scheduler = new ManualScheduler();
    const { c, events } = coordinator(new MemoryLog(), scheduler);
    await settle();
    const member = await stableWithOne(c, scheduler);
    scheduler.advance(2999);
    expect(
      await c.heartbeat({ groupId: 'g', generationId: 1, memberId: member, groupInstanceId: null }),
    ).toBe(ErrorCode.NONE);
    scheduler.advance(2999);
    expect((await c.describeGroup('g')).state).toBe('Stable');
    scheduler.advance(1);
    expect((await c.describeGroup('g')).state).toBe('Empty');
    expect(events.filter((e) => e.type === 'group-rebalance-started').at(-1)).toMatchObject({
      reason: `member ${member} timed out after 3000 ms`,
    });
    expect(
      await c.heartbeat({ groupId: 'g', generationId: 1, memberId: member, groupInstanceId: null }),
    ).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  test('a dynamic member that does not rejoin within the rebalance timeout is dropped', async () => {
    const scheduler = new ManualScheduler();
    const { c } = coordinator(new MemoryLog(), scheduler);
    await settle();
    const first = await stableWithOne(c, scheduler);
    // A second member starts a rebalance; the first keeps heartbeating but never rejoins.
    const second = c.joinGroup(joinInput(''));
    expect(await c.heartbeat({ groupId: 'g', generationId: 1, memberId: first, groupInstanceId: null })).toBe(
      ErrorCode.REBALANCE_IN_PROGRESS,
    );
    scheduler.advance(5000);
    const joined = await second;
    expect(joined).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2 });
    expect(joined.leaderId).toBe(joined.memberId);
    expect(joined.members.map((m) => m.memberId)).toEqual([joined.memberId]);
    expect(await c.heartbeat({ groupId: 'g', generationId: 1, memberId: first, groupInstanceId: null })).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
  });

  test('a new coordinator rebuilds groups and offsets from the log, tombstones applied', async () => {
    const log = new MemoryLog();
    const scheduler = new ManualScheduler();
    const { c } = coordinator(log, scheduler);
    await settle();
    const member = await stableWithOne(c, scheduler);
    const commit = (topic: string, offset: number) =>
      c.commitOffsets({
        groupId: 'g',
        generationId: 1,
        memberId: member,
        groupInstanceId: null,
        retentionTimeMs: -1,
        offsets: [{ topic, partition: 0, offset, leaderEpoch: 3, metadata: 'meta' }],
      });
    expect(await commit('t', 41)).toEqual([{ topic: 't', partition: 0, errorCode: ErrorCode.NONE }]);
    expect(await commit('t', 42)).toEqual([{ topic: 't', partition: 0, errorCode: ErrorCode.NONE }]);
    expect(await commit('u', 7)).toEqual([{ topic: 'u', partition: 0, errorCode: ErrorCode.NONE }]);
    // Offsets of a simple (member-less) group, then that group deleted: tombstones.
    await c.commitOffsets({
      groupId: 'gone',
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      retentionTimeMs: -1,
      offsets: [{ topic: 't', partition: 0, offset: 1, leaderEpoch: -1, metadata: null }],
    });
    expect(await c.deleteGroups(['gone'])).toEqual([{ groupId: 'gone', errorCode: ErrorCode.NONE }]);
    c.shutdown();

    const { c: next, events } = coordinator(log, scheduler);
    await settle();
    expect(events).toContainEqual({ type: 'offsets-partition-loaded', offsetsPartition: 0, groupIds: ['g'] });
    const [group] = next.localGroups();
    expect(group).toMatchObject({ groupId: 'g', state: 'Stable', generationId: 1, protocol: 'range' });
    expect(group?.members.map((m) => [m.memberId, m.assignment.toString()])).toEqual([[member, 'all']]);
    const fetched = await next.fetchOffsets({ groupId: 'g', partitions: null, requireStable: false });
    expect(fetched.partitions.map((p) => [p.topic, p.offset, p.leaderEpoch, p.metadata])).toEqual([
      ['t', 42, 3, 'meta'],
      ['u', 7, 3, 'meta'],
    ]);
    // The member carries on with the new coordinator without rejoining.
    expect(
      await next.heartbeat({ groupId: 'g', generationId: 1, memberId: member, groupInstanceId: null }),
    ).toBe(ErrorCode.NONE);
    expect((await next.describeGroup('gone')).state).toBe('Dead');
  });

  test('transactional offsets count once their COMMIT marker is in the log, never after an ABORT', async () => {
    const log = new MemoryLog();
    const offset = (topic: string, value: number) => ({
      key: encodeOffsetCommitKey('txn-group', topic, 0),
      value: encodeOffsetCommitValue({
        offset: value,
        leaderEpoch: -1,
        metadata: '',
        commitTimestamp: 1,
        expireTimestamp: null,
      }),
    });
    const marker = (producerId: bigint, type: ControlRecordType): LoadedBatch => ({
      isControl: true,
      isTransactional: true,
      producerId,
      records: [{ key: encodeControlKey(type), value: encodeEndTxnValue(0) }],
    });
    log.batches.push(
      { isControl: false, isTransactional: true, producerId: 1n, records: [offset('committed', 10)] },
      { isControl: false, isTransactional: true, producerId: 2n, records: [offset('aborted', 20)] },
      { isControl: false, isTransactional: true, producerId: 3n, records: [offset('open', 30)] },
      marker(1n, ControlRecordType.COMMIT),
      marker(2n, ControlRecordType.ABORT),
    );
    const { c } = coordinator(log, new ManualScheduler());
    await settle();
    const fetched = await c.fetchOffsets({
      groupId: 'txn-group',
      partitions: ['committed', 'aborted', 'open'].map((topic) => ({ topic, partition: 0 })),
      requireStable: true,
    });
    expect(fetched.partitions.map((p) => [p.topic, p.offset, p.errorCode])).toEqual([
      ['committed', 10, ErrorCode.NONE],
      ['aborted', -1, ErrorCode.NONE],
      ['open', -1, ErrorCode.UNSTABLE_OFFSET_COMMIT],
    ]);
  });

  test('a COMMIT marker written while the partition loads still makes the offsets visible', async () => {
    // The load has read the log's end before the marker landed: the coordinator settles it once loaded.
    const log = new MemoryLog();
    log.batches.push({
      isControl: false,
      isTransactional: true,
      producerId: 7n,
      records: [
        {
          key: encodeOffsetCommitKey('late', 't', 0),
          value: encodeOffsetCommitValue({
            offset: 42,
            leaderEpoch: -1,
            metadata: '',
            commitTimestamp: 1,
            expireTimestamp: null,
          }),
        },
      ],
    });
    const { c } = coordinator(log, new ManualScheduler());
    c.completeTransaction(7n, [0], true);
    await settle();
    const fetched = await c.fetchOffsets({
      groupId: 'late',
      partitions: [{ topic: 't', partition: 0 }],
      requireStable: true,
    });
    expect(fetched.partitions[0]).toMatchObject({ offset: 42, errorCode: ErrorCode.NONE });
  });

  test('offsets of a group without members expire after offsets.retention.minutes, then the group goes', async () => {
    const scheduler = new ManualScheduler();
    const { c } = coordinator(new MemoryLog(), scheduler);
    await settle();
    await c.commitOffsets({
      groupId: 'idle',
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      retentionTimeMs: -1,
      offsets: [{ topic: 't', partition: 0, offset: 5, leaderEpoch: -1, metadata: null }],
    });
    const fetch = async () =>
      (
        await c.fetchOffsets({
          groupId: 'idle',
          partitions: [{ topic: 't', partition: 0 }],
          requireStable: false,
        })
      ).partitions[0]?.offset;
    scheduler.advance(config.offsetsRetentionMs - 1000);
    await c.expireOffsets();
    expect(await fetch()).toBe(5);
    scheduler.advance(1000);
    await c.expireOffsets();
    expect(await fetch()).toBe(-1);
    expect((await c.listGroups([])).groups.map((g) => g.groupId)).not.toContain('idle');
  });
});
