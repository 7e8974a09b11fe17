/**
 * Consumer groups over ClusterAccess: list (state, members, total lag), describe (members and
 * their assignments, decoded from the consumer protocol; per partition the committed offset,
 * the log end offset, the lag and the owning member), reset offsets, delete.
 *
 * Lag = log end offset − committed offset, where the log end offset is what a consumer can
 * read up to (the high watermark, ListOffsets "latest"), as Kafka's own tools compute it. A
 * partition without a committed offset has no lag (null); one whose end cannot be had right now
 * (offline, deleted topic) shows -1 as its end and no lag.
 *
 * Offsets are reset only while the group has no members (Kafka's rule for its own tool): a live
 * consumer would overwrite them with its next commit.
 */
import { decodeAssignment } from '../../engine/protocol/consumer-protocol.js';
import { ErrorCode, KafkaError, isRetriable } from '../../engine/protocol/errors.js';
import { ZERO_UUID } from '../../engine/protocol/uuid.js';
import type { DescribedGroup } from '../../engine/protocol/apis/describe-groups.js';
import { ApiError } from '../api/errors.js';
import type { PartitionLag } from '../api/schemas/groups.js';
import type { MethodParsedInput as Input, MethodResult as Result } from '../api/types.js';
import type { ClusterAccess } from '../cluster-access.js';
import { listOffsets, listOffsetsSettled, partitionBounds, partitionKey } from '../kafka-client/offsets.js';
import { throwIfError, withCoordinator, type PartitionRef } from '../kafka-client/routing.js';
import { check, kafkaFailure } from './errors.js';

/** States in which a classic group has (or is gathering) members. */
const activeStates = new Set([
  'PreparingRebalance',
  'CompletingRebalance',
  'Stable',
  'Assigning',
  'Reconciling',
]);

interface Committed extends PartitionRef {
  readonly offset: number | null;
}

interface GroupState {
  readonly coordinator: number;
  readonly group: DescribedGroup;
  readonly committed: readonly Committed[];
}

const byPartition = (a: PartitionRef, b: PartitionRef): number =>
  a.topic.localeCompare(b.topic) || a.partition - b.partition;

/** The group's description and committed offsets, from its coordinator. */
async function groupState(access: ClusterAccess, groupId: string, signal: AbortSignal): Promise<GroupState> {
  return withCoordinator(
    access,
    groupId,
    async (coordinator, s) => {
      const [described, fetched] = await Promise.all([
        access.request(
          'DescribeGroups',
          { groups: [groupId], includeAuthorizedOperations: false },
          { broker: coordinator },
          { signal: s },
        ),
        access.request(
          'OffsetFetch',
          { groups: [{ groupId, memberId: null, memberEpoch: -1, topics: null }], requireStable: false },
          { broker: coordinator },
          { signal: s },
        ),
      ]);
      const group = described.groups.find((g) => g.groupId === groupId) ?? described.groups[0];
      if (!group)
        throw new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, `no description of group "${groupId}"`);
      throwIfError(group.errorCode, `describing group "${groupId}"`, group.errorMessage);
      const offsets = fetched.groups[0];
      if (!offsets) throw new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, `no offsets of group "${groupId}"`);
      throwIfError(offsets.errorCode, `fetching the offsets of group "${groupId}"`);
      const committed: Committed[] = [];
      for (const topic of offsets.topics) {
        for (const p of topic.partitions) {
          throwIfError(
            p.errorCode,
            `fetching the offset of group "${groupId}" on ${topic.name}[${p.partitionIndex}]`,
          );
          committed.push({
            topic: topic.name,
            partition: p.partitionIndex,
            offset: p.committedOffset < 0n ? null : Number(p.committedOffset),
          });
        }
      }
      return { coordinator, group, committed: committed.sort(byPartition) };
    },
    { signal },
  ).catch((error: unknown) => {
    if (error instanceof KafkaError && error.code === ErrorCode.GROUP_ID_NOT_FOUND) {
      throw kafkaFailure(error.code, `group "${groupId}"`);
    }
    throw error;
  });
}

/** A group that Kafka does not know: "Dead", no members and nothing committed. */
function isMissing(state: GroupState): boolean {
  return (
    state.group.groupState === 'Dead' && state.group.members.length === 0 && state.committed.length === 0
  );
}

function members(group: DescribedGroup): Result<'groups.describe'>['members'] {
  return group.members.map((m) => {
    let assignments: { topic: string; partitions: number[] }[] = [];
    if (group.protocolType === 'consumer' && m.memberAssignment.length > 0) {
      try {
        assignments = decodeAssignment(m.memberAssignment).assignedPartitions.map((a) => ({
          topic: a.topic,
          partitions: [...a.partitions].sort((x, y) => x - y),
        }));
      } catch {
        // Not the standard consumer protocol (a custom one): shown without assignments.
      }
    }
    return {
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      assignments,
    };
  });
}

/** Per-partition lag of a group: every committed or assigned partition. */
export async function lagOf(
  access: ClusterAccess,
  committed: readonly Committed[],
  owners: ReadonlyMap<string, string>,
  signal: AbortSignal,
): Promise<{ offsets: PartitionLag[]; totalLag: number | null }> {
  const partitions = new Map<string, PartitionRef>();
  for (const c of committed) partitions.set(partitionKey(c), { topic: c.topic, partition: c.partition });
  for (const key of owners.keys()) {
    if (partitions.has(key)) continue;
    const at = key.lastIndexOf(':');
    partitions.set(key, { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) });
  }
  const ends =
    partitions.size === 0
      ? new Map()
      : await listOffsetsSettled(access, [...partitions.values()], 'latest', { signal, deadlineMs: 2_000 });
  const commitsByKey = new Map(committed.map((c) => [partitionKey(c), c.offset]));
  let total: number | null = null;
  const offsets = [...partitions.values()].sort(byPartition).map((p) => {
    const key = partitionKey(p);
    const end = ends.get(key);
    const logEndOffset = end === undefined || end instanceof Error ? -1 : (end.offset ?? -1);
    const committedOffset = commitsByKey.get(key) ?? null;
    const lag =
      committedOffset === null || logEndOffset < 0 ? null : Math.max(0, logEndOffset - committedOffset);
    if (lag !== null) total = (total ?? 0) + lag;
    return {
      topic: p.topic,
      partition: p.partition,
      committedOffset,
      logEndOffset,
      lag,
      member: owners.get(key) ?? null,
    };
  });
  return { offsets, totalLag: total };
}

export async function describeGroup(
  access: ClusterAccess,
  input: Input<'groups.describe'>,
  signal: AbortSignal,
): Promise<Result<'groups.describe'>> {
  const state = await groupState(access, input.groupId, signal);
  if (isMissing(state)) throw kafkaFailure(ErrorCode.GROUP_ID_NOT_FOUND, `group "${input.groupId}"`);
  const described = members(state.group);
  const owners = new Map<string, string>();
  for (const m of described) {
    for (const a of m.assignments)
      for (const p of a.partitions) owners.set(partitionKey({ topic: a.topic, partition: p }), m.memberId);
  }
  const { offsets, totalLag } = await lagOf(access, state.committed, owners, signal);
  return {
    groupId: input.groupId,
    state: state.group.groupState,
    protocolType: state.group.protocolType,
    protocol: state.group.protocolData,
    coordinator: state.coordinator,
    members: described,
    offsets,
    totalLag,
  };
}

export async function listGroups(access: ClusterAccess, signal: AbortSignal): Promise<Result<'groups.list'>> {
  const metadata = await access.metadata({ topics: [], signal });
  const perBroker = await Promise.all(
    metadata.brokers.map(async (broker) => {
      const listed = await access.request(
        'ListGroups',
        { statesFilter: [], typesFilter: [] },
        { broker: broker.nodeId },
        { signal },
      );
      check(listed.errorCode, `listing the groups of broker ${broker.nodeId}`);
      return listed.groups.map((g) => ({ ...g, coordinator: broker.nodeId }));
    }),
  );
  const groups = new Map(perBroker.flat().map((g) => [g.groupId, g]));
  const summaries = await Promise.all(
    [...groups.values()].map(async (listed) => {
      try {
        const state = await groupState(access, listed.groupId, signal);
        const { totalLag } = await lagOf(access, state.committed, new Map(), signal);
        return {
          groupId: listed.groupId,
          state: state.group.groupState || listed.groupState || 'Unknown',
          protocolType: state.group.protocolType || listed.protocolType,
          members: state.group.members.length,
          coordinator: state.coordinator,
          totalLag,
        };
      } catch {
        // A group that cannot be described right now (its coordinator moving, a new protocol):
        // listed with what ListGroups said.
        return {
          groupId: listed.groupId,
          state: listed.groupState || 'Unknown',
          protocolType: listed.protocolType,
          members: 0,
          coordinator: listed.coordinator,
          totalLag: null,
        };
      }
    }),
  );
  return summaries.sort((a, b) => a.groupId.localeCompare(b.groupId));
}

export async function resetOffsets(
  access: ClusterAccess,
  input: Input<'groups.resetOffsets'>,
  signal: AbortSignal,
): Promise<Result<'groups.resetOffsets'>> {
  const state = await groupState(access, input.groupId, signal);
  const { group } = state;
  if (group.members.length > 0 || activeStates.has(group.groupState)) {
    throw new KafkaError(
      ErrorCode.NON_EMPTY_GROUP,
      `group "${input.groupId}" has ${group.members.length} active member${group.members.length === 1 ? '' : 's'} ` +
        `(state ${group.groupState}): offsets can only be reset while the group is empty; stop its consumers first`,
    );
  }
  let targets: PartitionRef[];
  if (input.topic !== undefined) {
    const route = (await access.metadata({ topics: [input.topic], refresh: true, signal })).topics.get(
      input.topic,
    );
    if (!route) throw kafkaFailure(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic "${input.topic}"`);
    const all = route.partitions.map((p) => p.partition);
    for (const p of input.partitions ?? []) {
      if (!all.includes(p))
        throw new ApiError(
          'NOT_FOUND',
          `topic "${input.topic}" has no partition ${p} (it has ${all.length})`,
        );
    }
    targets = (input.partitions ?? all).map((partition) => ({ topic: input.topic!, partition }));
  } else {
    if (isMissing(state)) throw kafkaFailure(ErrorCode.GROUP_ID_NOT_FOUND, `group "${input.groupId}"`);
    targets = state.committed.filter((c) => !input.partitions || input.partitions.includes(c.partition));
    if (targets.length === 0) {
      throw new ApiError(
        'NOT_FOUND',
        `group "${input.groupId}" has no committed offsets to reset; name a topic`,
      );
    }
  }
  targets = targets.map((t) => ({ topic: t.topic, partition: t.partition })).sort(byPartition);
  const previous = new Map(state.committed.map((c) => [partitionKey(c), c.offset]));
  const bounds = await partitionBounds(access, targets, { signal });
  const target = input.target;
  const byTime =
    target.to === 'timestamp'
      ? await listOffsets(access, targets, { timestamp: target.timestamp }, { signal })
      : null;
  const offsets = targets.map((t) => {
    const key = partitionKey(t);
    const { logStartOffset, highWatermark } = bounds.get(key)!;
    const before = previous.get(key) ?? null;
    const clamp = (n: number): number => Math.min(Math.max(n, logStartOffset), highWatermark);
    let newOffset: number;
    switch (target.to) {
      case 'earliest':
        newOffset = logStartOffset;
        break;
      case 'latest':
        newOffset = highWatermark;
        break;
      case 'timestamp':
        // No record that recent: the end, as Kafka's tool does.
        newOffset = byTime!.get(key)?.offset ?? highWatermark;
        break;
      case 'offset':
        newOffset = clamp(target.offset);
        break;
      case 'shift':
        newOffset = clamp((before ?? logStartOffset) + target.by);
        break;
    }
    return { topic: t.topic, partition: t.partition, previousOffset: before, newOffset };
  });
  if (!input.dryRun) await commitOffsets(access, input.groupId, offsets, signal);
  return { groupId: input.groupId, dryRun: input.dryRun, offsets };
}

/** Commits offsets for a group as an admin does (no member, generation -1). */
export async function commitOffsets(
  access: ClusterAccess,
  groupId: string,
  offsets: readonly { topic: string; partition: number; newOffset: number }[],
  signal: AbortSignal,
): Promise<void> {
  const byTopic = new Map<
    string,
    {
      partitionIndex: number;
      committedOffset: bigint;
      committedLeaderEpoch: number;
      committedMetadata: string | null;
    }[]
  >();
  for (const o of offsets) {
    const list = byTopic.get(o.topic) ?? [];
    list.push({
      partitionIndex: o.partition,
      committedOffset: BigInt(o.newOffset),
      committedLeaderEpoch: -1,
      committedMetadata: null,
    });
    byTopic.set(o.topic, list);
  }
  await withCoordinator(
    access,
    groupId,
    async (coordinator, s) => {
      const response = await access.request(
        'OffsetCommit',
        {
          groupId,
          generationIdOrMemberEpoch: -1,
          memberId: '',
          groupInstanceId: null,
          retentionTimeMs: -1n,
          topics: [...byTopic].map(([name, partitions]) => ({ name, topicId: ZERO_UUID, partitions })),
        },
        { broker: coordinator },
        { signal: s },
      );
      for (const t of response.topics) {
        for (const p of t.partitions)
          throwIfError(
            p.errorCode,
            `committing the offset of group "${groupId}" on ${t.name}[${p.partitionIndex}]`,
          );
      }
    },
    { signal },
  );
}

export async function deleteGroup(
  access: ClusterAccess,
  input: Input<'groups.delete'>,
  signal: AbortSignal,
): Promise<Result<'groups.delete'>> {
  const code = await withCoordinator(
    access,
    input.groupId,
    async (coordinator, s) => {
      const response = await access.request(
        'DeleteGroups',
        { groupsNames: [input.groupId] },
        { broker: coordinator },
        { signal: s },
      );
      const result = response.results.find((r) => r.groupId === input.groupId) ?? response.results[0];
      const errorCode = result?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
      // Coordinator moves (retriable) are retried; every other answer is the result.
      if (isRetriable(errorCode)) throwIfError(errorCode, `deleting group "${input.groupId}"`);
      return errorCode;
    },
    { signal },
  );
  if (code === ErrorCode.NON_EMPTY_GROUP) {
    throw new KafkaError(
      ErrorCode.NON_EMPTY_GROUP,
      `group "${input.groupId}" still has members: a group can only be deleted while it is empty; stop its consumers first`,
    );
  }
  check(code, `group "${input.groupId}"`);
  return { groupId: input.groupId };
}
