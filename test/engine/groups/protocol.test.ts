/**
 * The classic group protocol over the wire, request by request, on a 3-broker cluster: the
 * coordinator lookup, MEMBER_ID_REQUIRED, generations, REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION,
 * UNKNOWN_MEMBER_ID, a static member replaced without a rebalance and its old id fenced
 * (FENCED_INSTANCE_ID), commits checked against the generation, NOT_COORDINATOR elsewhere, and
 * the admin APIs (DescribeGroups, ListGroups, DeleteGroups, OffsetDelete) with their refusals.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as deleteGroups from '../../../engine/protocol/apis/delete-groups.js';
import * as describeGroups from '../../../engine/protocol/apis/describe-groups.js';
import * as findCoordinator from '../../../engine/protocol/apis/find-coordinator.js';
import * as heartbeat from '../../../engine/protocol/apis/heartbeat.js';
import * as joinGroup from '../../../engine/protocol/apis/join-group.js';
import * as leaveGroup from '../../../engine/protocol/apis/leave-group.js';
import * as listGroups from '../../../engine/protocol/apis/list-groups.js';
import * as offsetCommit from '../../../engine/protocol/apis/offset-commit.js';
import * as offsetDelete from '../../../engine/protocol/apis/offset-delete.js';
import * as offsetFetch from '../../../engine/protocol/apis/offset-fetch.js';
import * as syncGroup from '../../../engine/protocol/apis/sync-group.js';
import { encodeSubscription } from '../../../engine/protocol/consumer-protocol.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { ZERO_UUID } from '../../../engine/protocol/uuid.js';
import type { TestCluster } from '../broker/test-cluster.js';
import type { WireClient } from '../broker/wire.js';
import { startGroupCluster } from './group-cluster.js';

const GROUP = 'wire-group';
const TOPIC = 'wire-topic';
const subscription = encodeSubscription({
  version: 0,
  topics: [TOPIC],
  userData: null,
  ownedPartitions: [],
  generationId: -1,
  rackId: null,
});

describe('the classic group protocol over the wire', () => {
  let cluster: TestCluster;
  let coordinatorId: number;
  const at = async (): Promise<WireClient> => cluster.client(coordinatorId);

  const join = async (memberId: string, instanceId: string | null = null, sessionTimeoutMs = 6000) =>
    (await at()).send(joinGroup, 5, {
      groupId: GROUP,
      sessionTimeoutMs,
      rebalanceTimeoutMs: 5000,
      memberId,
      groupInstanceId: instanceId,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: subscription }],
      reason: null,
    });
  const beat = async (memberId: string, generationId: number, instanceId: string | null = null) =>
    (
      await (
        await at()
      ).send(heartbeat, 4, { groupId: GROUP, generationId, memberId, groupInstanceId: instanceId })
    ).errorCode;
  const sync = async (
    memberId: string,
    generationId: number,
    assignments: syncGroup.SyncGroupRequestAssignment[],
  ) =>
    (await at()).send(syncGroup, 5, {
      groupId: GROUP,
      generationId,
      memberId,
      groupInstanceId: null,
      protocolType: 'consumer',
      protocolName: 'range',
      assignments,
    });
  const commit = async (memberId: string, generationId: number, offset: number) =>
    (
      await (
        await at()
      ).send(offsetCommit, 8, {
        groupId: GROUP,
        generationIdOrMemberEpoch: generationId,
        memberId,
        groupInstanceId: null,
        retentionTimeMs: -1n,
        topics: [
          {
            name: TOPIC,
            topicId: ZERO_UUID,
            partitions: [
              {
                partitionIndex: 0,
                committedOffset: BigInt(offset),
                committedLeaderEpoch: -1,
                committedMetadata: 'm',
              },
            ],
          },
        ],
      })
    ).topics[0]!.partitions[0]!.errorCode;
  const describeGroup = async () =>
    (await (await at()).send(describeGroups, 5, { groups: [GROUP], includeAuthorizedOperations: false }))
      .groups[0]!;

  beforeAll(async () => {
    cluster = await startGroupCluster();
    await cluster.createTopic(TOPIC, 2, 3);
    // The first lookup creates __consumer_offsets; until its partition has a leader the answer
    // is COORDINATOR_NOT_AVAILABLE and the client asks again.
    const client = await cluster.client(1);
    for (;;) {
      const { coordinators } = await client.send(findCoordinator, 4, {
        keyType: 0,
        coordinatorKeys: [GROUP],
      });
      const found = coordinators[0]!;
      if (found.errorCode === ErrorCode.NONE) {
        coordinatorId = found.nodeId;
        expect(found.port).toBe(cluster.port(found.nodeId));
        break;
      }
      expect(found.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
    expect(cluster?.bugs ?? []).toEqual([]);
  });

  test('only the coordinator serves the group; share groups are refused', async () => {
    const other = [1, 2, 3].find((id) => id !== coordinatorId)!;
    const elsewhere = await (
      await cluster.client(other)
    ).send(heartbeat, 4, { groupId: GROUP, generationId: 1, memberId: 'm', groupInstanceId: null });
    expect(elsewhere.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    const share = await (await at()).send(findCoordinator, 4, { keyType: 2, coordinatorKeys: ['sg'] });
    expect(share.coordinators[0]).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, nodeId: -1 });
  });

  test('generations, rebalances, static members and fencing, with Kafka’s error codes', async () => {
    expect((await join('', null, 10)).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);

    // KIP-394: a new member first gets its id.
    const first = await join('');
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    const a = first.memberId;
    const joinedA = await join(a);
    expect(joinedA).toMatchObject({
      errorCode: ErrorCode.NONE,
      generationId: 1,
      leader: a,
      protocolName: 'range',
    });
    expect(joinedA.members.map((m) => m.memberId)).toEqual([a]);
    const synced = await sync(a, 1, [{ memberId: a, assignment: Buffer.from('for-a') }]);
    expect(synced).toMatchObject({ errorCode: ErrorCode.NONE, assignment: Buffer.from('for-a') });
    expect(await beat(a, 1)).toBe(ErrorCode.NONE);
    expect(await beat(a, 0)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(await beat('nobody', 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(await commit(a, 1, 5)).toBe(ErrorCode.NONE);

    // A static member joins: the group rebalances, a learns it from its heartbeat and rejoins.
    const joiningB = join('', 'instance-b');
    await expect.poll(async () => beat(a, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const [rejoinedA, joinedB] = await Promise.all([join(a), joiningB]);
    expect(rejoinedA).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, leader: a });
    expect(rejoinedA.members).toHaveLength(2);
    expect(joinedB).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, leader: a, members: [] });
    const b = joinedB.memberId;
    expect(b.startsWith('instance-b-')).toBe(true);
    const [syncA, syncB] = await Promise.all([
      sync(a, 2, [
        { memberId: a, assignment: Buffer.from('a2') },
        { memberId: b, assignment: Buffer.from('b2') },
      ]),
      sync(b, 2, []),
    ]);
    expect([syncA.assignment.toString(), syncB.assignment.toString()]).toEqual(['a2', 'b2']);
    // A commit from the old generation is refused.
    expect(await commit(a, 1, 6)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(await commit(a, 2, 7)).toBe(ErrorCode.NONE);

    // The static member restarts: a new member id, the same generation, no rebalance; its old id
    // is fenced.
    const restarted = await join('', 'instance-b');
    expect(restarted).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2 });
    const b2 = restarted.memberId;
    expect(b2).not.toBe(b);
    expect(await beat(b, 2, 'instance-b')).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(await beat(b2, 2, 'instance-b')).toBe(ErrorCode.NONE);
    expect(await beat(a, 2)).toBe(ErrorCode.NONE);
    expect((await sync(b2, 2, [])).assignment.toString()).toBe('b2');
    const described = await describeGroup();
    expect(described).toMatchObject({
      errorCode: ErrorCode.NONE,
      groupState: 'Stable',
      protocolData: 'range',
    });
    expect(described.members.map((m) => m.memberId).sort()).toEqual([a, b2].sort());

    // With members, the group cannot be deleted.
    const refused = await (await at()).send(deleteGroups, 2, { groupsNames: [GROUP] });
    expect(refused.results[0]!.errorCode).toBe(ErrorCode.NON_EMPTY_GROUP);

    const left = await (
      await at()
    ).send(leaveGroup, 5, {
      groupId: GROUP,
      members: [
        { memberId: a, groupInstanceId: null, reason: 'done' },
        { memberId: b2, groupInstanceId: 'instance-b', reason: 'done' },
        { memberId: 'nobody', groupInstanceId: null, reason: null },
      ],
    });
    expect(left.members.map((m) => m.errorCode)).toEqual([
      ErrorCode.NONE,
      ErrorCode.NONE,
      ErrorCode.UNKNOWN_MEMBER_ID,
    ]);
    await expect.poll(async () => (await describeGroup()).groupState).toBe('Empty');
  });

  test('offsets: fetched as committed, deleted, and gone with their group', async () => {
    const fetched = await (
      await at()
    ).send(offsetFetch, 8, {
      groups: [{ groupId: GROUP, memberId: null, memberEpoch: -1, topics: null }],
      requireStable: false,
    });
    expect(fetched.groups[0]!.topics).toEqual([
      {
        name: TOPIC,
        topicId: expect.any(String) as string,
        partitions: [
          { partitionIndex: 0, committedOffset: 7n, committedLeaderEpoch: -1, metadata: 'm', errorCode: 0 },
        ],
      },
    ]);
    const listed = await (await at()).send(listGroups, 5, { statesFilter: ['empty'], typesFilter: [] });
    expect(listed.groups).toContainEqual({
      groupId: GROUP,
      protocolType: 'consumer',
      groupState: 'Empty',
      groupType: 'classic',
    });

    const unknownTopic = await (
      await at()
    ).send(offsetDelete, 0, {
      groupId: GROUP,
      topics: [
        { name: TOPIC, partitions: [{ partitionIndex: 0 }] },
        { name: 'no-such-topic', partitions: [{ partitionIndex: 0 }] },
      ],
    });
    expect(unknownTopic.topics.map((t) => t.partitions[0]!.errorCode)).toEqual([
      ErrorCode.NONE,
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    ]);

    const deleted = await (await at()).send(deleteGroups, 2, { groupsNames: [GROUP, GROUP] });
    expect(deleted.results.map((r) => r.errorCode).sort()).toEqual(
      [ErrorCode.NONE, ErrorCode.GROUP_ID_NOT_FOUND].sort(),
    );
    expect((await describeGroup()).groupState).toBe('Dead');
    const gone = await (
      await at()
    ).send(offsetDelete, 0, {
      groupId: GROUP,
      topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0 }] }],
    });
    expect(gone.errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
  });
});
