/**
 * OffsetFetch: a group's committed offsets, for the partitions asked for or (topics null, v2+)
 * for every partition it has committed. Before v8 one group per request, from v8 any number.
 * Before v2 there is no group-level error: a coordinator error is given to every partition.
 * A partition without a committed offset answers -1.
 */
import * as offsetFetch from '../../protocol/apis/offset-fetch.js';
import type {
  OffsetFetchRequestGroup,
  OffsetFetchResponseGroup,
  OffsetFetchResponseTopic,
} from '../../protocol/apis/offset-fetch.js';
import { ErrorCode } from '../../protocol/errors.js';
import { ZERO_UUID } from '../../protocol/uuid.js';
import type { TopicPartition } from '../../types.js';
import { defineHandler, type HandlerContext } from '../handler.js';
import { groupByTopic } from './partitions.js';
import { coordinatorOf, servesGroups } from './group-handlers.js';
import { resolveTopic } from './group-topics.js';

export default defineHandler({
  api: offsetFetch,
  available: servesGroups,
  async handle(request, context) {
    const groups = await Promise.all(
      request.groups.map((g) => fetchGroup(g, request.requireStable, context)),
    );
    return { throttleTimeMs: 0, groups };
  },
  errorResponse: (request, error) => ({
    throttleTimeMs: 0,
    groups: request.groups.map((g) => failedGroup(g, error, true)),
  }),
});

async function fetchGroup(
  group: OffsetFetchRequestGroup,
  requireStable: boolean,
  context: HandlerContext,
): Promise<OffsetFetchResponseGroup> {
  const byId = context.apiVersion >= 10;
  const { metadata } = context.services;
  const unknown = new Map<string, ErrorCode>();
  let wanted: TopicPartition[] | null = null;
  if (group.topics !== null) {
    wanted = [];
    for (const t of group.topics) {
      const topic = resolveTopic(metadata, t, byId);
      // By name, a topic this cluster does not know simply has no offsets (-1), as in Kafka.
      if ('error' in topic && byId) unknown.set(t.topicId, topic.error);
      else
        for (const partition of t.partitionIndexes)
          wanted.push({ topic: 'error' in topic ? t.name : topic.name, partition });
    }
  }
  const result = await coordinatorOf(context).fetchOffsets({
    groupId: group.groupId,
    partitions: wanted,
    requireStable,
  });
  if (result.errorCode !== ErrorCode.NONE)
    return failedGroup(group, result.errorCode, context.apiVersion >= 2);
  const topics: OffsetFetchResponseTopic[] = groupByTopic(result.partitions, (p) => p.topic).map(
    ([name, partitions]) => ({
      name,
      topicId: metadata.topic(name)?.topicId ?? ZERO_UUID,
      partitions: partitions.map((p) => ({
        partitionIndex: p.partition,
        committedOffset: BigInt(p.offset),
        committedLeaderEpoch: p.leaderEpoch,
        metadata: p.metadata,
        errorCode: p.errorCode,
      })),
    }),
  );
  for (const t of group.topics ?? []) {
    const error = unknown.get(t.topicId);
    if (error === undefined) continue;
    topics.push({
      name: t.name,
      topicId: t.topicId,
      partitions: t.partitionIndexes.map((partitionIndex) => unset(partitionIndex, error)),
    });
  }
  return { groupId: group.groupId, topics, errorCode: ErrorCode.NONE };
}

function unset(partitionIndex: number, errorCode: ErrorCode) {
  return { partitionIndex, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode };
}

/** The group's error; before v2 (no group-level error) repeated on every partition asked for. */
function failedGroup(
  group: OffsetFetchRequestGroup,
  errorCode: ErrorCode,
  groupLevel: boolean,
): OffsetFetchResponseGroup {
  return {
    groupId: group.groupId,
    errorCode,
    topics: (group.topics ?? []).map((t) => ({
      name: t.name,
      topicId: t.topicId,
      partitions: t.partitionIndexes.map((i) => unset(i, groupLevel ? ErrorCode.NONE : errorCode)),
    })),
  };
}
