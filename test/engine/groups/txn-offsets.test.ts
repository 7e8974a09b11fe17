/**
 * Offsets committed inside a transaction, over the wire on a 3-broker cluster: TxnOffsetCommit
 * writes them pending (OffsetFetch shows the old offset, requireStable answers
 * UNSTABLE_OFFSET_COMMIT), the COMMIT marker on the group's __consumer_offsets partition makes
 * them the group's offsets, an ABORT drops them, and a coordinator that takes over after a
 * crash rebuilds the pending commit from the log.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as findCoordinator from '../../../engine/protocol/apis/find-coordinator.js';
import * as initProducerId from '../../../engine/protocol/apis/init-producer-id.js';
import * as offsetFetch from '../../../engine/protocol/apis/offset-fetch.js';
import * as txnOffsetCommit from '../../../engine/protocol/apis/txn-offset-commit.js';
import * as writeTxnMarkers from '../../../engine/protocol/apis/write-txn-markers.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { asBrokerId } from '../../../engine/types.js';
import { ZERO_UUID } from '../../../engine/protocol/uuid.js';
import type { TestCluster } from '../broker/test-cluster.js';
import { startGroupCluster } from './group-cluster.js';

const TOPIC = 'txn-input';
const OFFSETS_TOPIC = '__consumer_offsets';

describe('transactional offset commits', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startGroupCluster();
    await cluster.createTopic(TOPIC, 1, 3);
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
    expect(cluster?.bugs ?? []).toEqual([]);
  });

  /** The group's coordinator, once __consumer_offsets exists and its partition has a leader. */
  async function coordinatorOf(groupId: string): Promise<number> {
    for (;;) {
      const client = await cluster.client(cluster.aliveBroker());
      const { coordinators } = await client.send(findCoordinator, 4, {
        keyType: 0,
        coordinatorKeys: [groupId],
      });
      const found = coordinators[0]!;
      if (found.errorCode === ErrorCode.NONE) return found.nodeId;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function offsetsPartitionOf(groupId: string): number {
    return cluster.cluster.broker(cluster.aliveBroker()).services.groups!.offsetsPartitionFor(groupId);
  }

  async function newProducer(): Promise<bigint> {
    const c = await cluster.client(cluster.aliveBroker());
    const init = await c.send(initProducerId, 4, {
      transactionalId: null,
      transactionTimeoutMs: 60_000,
      producerId: -1n,
      producerEpoch: -1,
    });
    return init.producerId;
  }

  async function commitInTxn(groupId: string, producerId: bigint, offset: number, producerEpoch = 0) {
    const c = await cluster.client(await coordinatorOf(groupId));
    const response = await c.send(txnOffsetCommit, 3, {
      transactionalId: 'tx',
      groupId,
      producerId,
      producerEpoch,
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [
        {
          name: TOPIC,
          partitions: [
            {
              partitionIndex: 0,
              committedOffset: BigInt(offset),
              committedLeaderEpoch: -1,
              committedMetadata: '',
            },
          ],
        },
      ],
    });
    return response.topics[0]!.partitions[0]!.errorCode;
  }

  async function fetchOffset(groupId: string, requireStable: boolean) {
    const c = await cluster.client(await coordinatorOf(groupId));
    const response = await c.send(offsetFetch, 8, {
      groups: [
        {
          groupId,
          memberId: null,
          memberEpoch: -1,
          topics: [{ name: TOPIC, topicId: ZERO_UUID, partitionIndexes: [0] }],
        },
      ],
      requireStable,
    });
    const p = response.groups[0]!.topics[0]!.partitions[0]!;
    return { offset: Number(p.committedOffset), errorCode: p.errorCode };
  }

  async function endTxn(
    groupId: string,
    producerId: bigint,
    commit: boolean,
    producerEpoch = 0,
  ): Promise<number> {
    const partition = offsetsPartitionOf(groupId);
    const c = await cluster.client(cluster.leaderOf(OFFSETS_TOPIC, partition));
    const response = await c.send(writeTxnMarkers, 1, {
      markers: [
        {
          producerId,
          producerEpoch,
          transactionResult: commit,
          topics: [{ name: OFFSETS_TOPIC, partitionIndexes: [partition] }],
          coordinatorEpoch: 0,
          transactionVersion: 0,
        },
      ],
    });
    return response.markers[0]!.topics[0]!.partitions[0]!.errorCode;
  }

  test('pending until COMMIT, then visible; requireStable answers UNSTABLE_OFFSET_COMMIT meanwhile', async () => {
    const pid = await newProducer();
    expect(await commitInTxn('txn-committed', pid, 42)).toBe(ErrorCode.NONE);
    expect(await fetchOffset('txn-committed', false)).toEqual({ offset: -1, errorCode: ErrorCode.NONE });
    expect((await fetchOffset('txn-committed', true)).errorCode).toBe(ErrorCode.UNSTABLE_OFFSET_COMMIT);
    expect(await endTxn('txn-committed', pid, true)).toBe(ErrorCode.NONE);
    expect(await fetchOffset('txn-committed', true)).toEqual({ offset: 42, errorCode: ErrorCode.NONE });
  });

  test('an ABORT drops the pending offsets', async () => {
    const pid = await newProducer();
    expect(await commitInTxn('txn-aborted', pid, 7)).toBe(ErrorCode.NONE);
    expect(await endTxn('txn-aborted', pid, false)).toBe(ErrorCode.NONE);
    expect(await fetchOffset('txn-aborted', true)).toEqual({ offset: -1, errorCode: ErrorCode.NONE });
  });

  test('a producer at a new epoch commits again; its old epoch is fenced', async () => {
    const group = 'txn-epochs';
    const pid = await newProducer();
    expect(await commitInTxn(group, pid, 5, 0)).toBe(ErrorCode.NONE);
    expect(await endTxn(group, pid, true, 0)).toBe(ErrorCode.NONE);
    // Offsets carry no sequence numbers: a new epoch is not held to start at sequence 0.
    expect(await commitInTxn(group, pid, 6, 1)).toBe(ErrorCode.NONE);
    expect(await commitInTxn(group, pid, 7, 0)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(await endTxn(group, pid, true, 1)).toBe(ErrorCode.NONE);
    expect(await fetchOffset(group, true)).toEqual({ offset: 6, errorCode: ErrorCode.NONE });
  });

  test('refuses an empty group id and a member the group does not have', async () => {
    const pid = await newProducer();
    const c = await cluster.client(await coordinatorOf('txn-member'));
    const send = (groupId: string, memberId: string) =>
      c.send(txnOffsetCommit, 3, {
        transactionalId: 'tx',
        groupId,
        producerId: pid,
        producerEpoch: 0,
        generationId: 1,
        memberId,
        groupInstanceId: null,
        topics: [
          {
            name: TOPIC,
            partitions: [
              { partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: '' },
            ],
          },
        ],
      });
    expect((await send('', '')).topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((await send('txn-member', 'ghost')).topics[0]!.partitions[0]!.errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
  });

  test('a coordinator taking over after a crash rebuilds the pending commit from the log', async () => {
    const group = 'txn-failover';
    const pid = await newProducer();
    expect(await commitInTxn(group, pid, 99)).toBe(ErrorCode.NONE);
    const old = await coordinatorOf(group);
    await cluster.cluster.faults.kill(asBrokerId(old));
    await expect
      .poll(async () => (await coordinatorOf(group)) !== old && (await fetchOffset(group, true)).errorCode, {
        timeout: 30_000,
      })
      .toBe(ErrorCode.UNSTABLE_OFFSET_COMMIT);
    expect((await fetchOffset(group, false)).offset).toBe(-1);
    expect(await endTxn(group, pid, true)).toBe(ErrorCode.NONE);
    expect(await fetchOffset(group, true)).toEqual({ offset: 99, errorCode: ErrorCode.NONE });
    await cluster.cluster.faults.start(asBrokerId(old));
  }, 60_000);
});
