/**
 * Fetch: consumers (and any follower speaking the wire protocol) read record batches. The
 * ReplicaManager does the reading and the long poll (max wait, min bytes, max bytes across
 * partitions, the first partition always getting at least one batch); this handler does what
 * Kafka's KafkaApis does around it:
 *
 * - fetch sessions (fetch-context.ts): which partitions the request means and which the response
 *   carries, with a per-broker FetchSessionCache;
 * - names: topics by name up to v12, by id from v13 (an unknown id: UNKNOWN_TOPIC_ID); a
 *   partition the cluster does not know: UNKNOWN_TOPIC_OR_PARTITION;
 * - limits: max bytes capped by the broker's `fetch.max.bytes`, min bytes by max bytes;
 * - versions: a topic configured with compression.type=zstd is UNSUPPORTED_COMPRESSION_TYPE
 *   before v10; KAFKA_STORAGE_ERROR reads as NOT_LEADER_OR_FOLLOWER up to v5; the current leader
 *   and its endpoint go beside NOT_LEADER_OR_FOLLOWER and FENCED_LEADER_EPOCH from v16.
 *
 * Records are the segment-file slices the ReplicaManager read, handed to the encoder as they are.
 */
import type {
  FetchPartitionData,
  FetchRequest,
  FetchResponse,
  FetchableTopicResponse,
} from '../../protocol/apis/fetch.js';
import * as fetchApi from '../../protocol/apis/fetch.js';
import { ErrorCode } from '../../protocol/errors.js';
import { asBrokerId, asOffset } from '../../types.js';
import {
  newFetchContext,
  shapeFetchResponse,
  type FetchPartitionOutcome,
  type FetchPartitionRequest,
} from '../fetch-context.js';
import { defineHandler } from '../handler.js';
import {
  IsolationLevel,
  type IsolationLevel as IsolationLevelT,
  type PartitionFetchResult,
} from '../services.js';
import { currentLeader, LeaderEndpoints, partitionExists } from './partitions.js';

interface Answered {
  readonly request: FetchPartitionRequest;
  readonly outcome: FetchPartitionOutcome;
  readonly data: FetchPartitionData;
}

export default defineHandler({
  api: fetchApi,
  async handle(request, context) {
    const { metadata, replicas, settings } = context.services;
    const version = context.apiVersion;
    const usesTopicIds = version >= 13;
    const topicName = (topicId: string): string | null => metadata.topicById(topicId)?.name ?? null;
    const nameOf = (topic: { topic: string; topicId: string }): string | null =>
      usesTopicIds ? topicName(topic.topicId) : topic.topic;

    const now = Date.now();
    const cache = context.state.fetchSessions;
    const fetchContext = newFetchContext(
      cache,
      {
        sessionId: request.sessionId,
        sessionEpoch: request.sessionEpoch,
        usesTopicIds,
        isFollower: request.replicaId >= 0,
        partitions: request.topics.flatMap((topic) => {
          const name = nameOf(topic);
          return topic.partitions.map((p): FetchPartitionRequest => ({
            topic: name,
            topicId: topic.topicId,
            partition: p.partition,
            fetchOffset: clampOffset(p.fetchOffset),
            currentLeaderEpoch: p.currentLeaderEpoch,
            lastFetchedEpoch: p.lastFetchedEpoch,
            logStartOffset: clampOffset(p.logStartOffset),
            maxBytes: p.partitionMaxBytes,
          }));
        }),
        forgotten: request.forgottenTopicsData.flatMap((topic) => {
          const name = nameOf(topic);
          return topic.partitions.map((partition) => ({ topic: name, topicId: topic.topicId, partition }));
        }),
        topicName,
      },
      now,
    );
    if (fetchContext.kind === 'error') {
      return {
        throttleTimeMs: 0,
        errorCode: fetchContext.errorCode,
        sessionId: 0,
        responses: [],
        nodeEndpoints: [],
      };
    }

    const interesting: FetchPartitionRequest[] = [];
    const erroneous: Answered[] = [];
    for (const p of fetchContext.partitions) {
      if (p.topic === null) erroneous.push(failed(p, ErrorCode.UNKNOWN_TOPIC_ID));
      else if (!partitionExists(metadata, p.topic, p.partition))
        erroneous.push(failed(p, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
      else if (version < 10 && metadata.topic(p.topic)?.configs['compression.type'] === 'zstd') {
        erroneous.push(failed(p, ErrorCode.UNSUPPORTED_COMPRESSION_TYPE));
      } else interesting.push(p);
    }

    const maxBytes = Math.min(request.maxBytes, settings.fetchMaxBytes);
    const results =
      interesting.length === 0
        ? []
        : await replicas.fetch({
            replicaId: request.replicaId >= 0 ? asBrokerId(request.replicaId) : -1,
            replicaEpoch: Number(request.replicaEpoch),
            maxWaitMs: request.maxWaitMs,
            minBytes: Math.min(request.minBytes, maxBytes),
            maxBytes,
            isolationLevel: toIsolationLevel(request.isolationLevel),
            partitions: interesting.map((p) => ({
              tp: { topic: p.topic!, partition: p.partition },
              fetchOffset: asOffset(p.fetchOffset),
              currentLeaderEpoch: p.currentLeaderEpoch,
              lastFetchedEpoch: p.lastFetchedEpoch,
              logStartOffset: p.logStartOffset,
              partitionMaxBytes: p.maxBytes,
            })),
            signal: context.signal,
          });

    const leaders = new LeaderEndpoints(metadata);
    const answered: Answered[] = interesting.map((p, i) => {
      const result = results[i];
      return result === undefined
        ? failed(p, ErrorCode.UNKNOWN_SERVER_ERROR)
        : answer(p, result, version, leaders, context.services.metadata);
    });
    answered.push(...erroneous);

    const shaped = shapeFetchResponse(fetchContext, cache, now, answered);
    return {
      throttleTimeMs: 0,
      errorCode: shaped.errorCode,
      sessionId: shaped.sessionId,
      responses: groupConsecutive(shaped.partitions),
      nodeEndpoints: version >= 16 ? leaders.endpoints() : [],
    };
  },
  errorResponse: (request, error, context) => errorResponse(request, error, context.apiVersion),
});

/**
 * An offset from the wire as an engine number. Offsets past 2^53 cannot exist in a log, so they
 * are clamped to a value just as far out of range (the log answers OFFSET_OUT_OF_RANGE).
 */
function clampOffset(offset: bigint): number {
  if (offset > BigInt(Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER;
  if (offset < BigInt(Number.MIN_SAFE_INTEGER)) return Number.MIN_SAFE_INTEGER;
  return Number(offset);
}

function toIsolationLevel(level: number): IsolationLevelT {
  return level === IsolationLevel.READ_COMMITTED
    ? IsolationLevel.READ_COMMITTED
    : IsolationLevel.READ_UNCOMMITTED;
}

function answer(
  p: FetchPartitionRequest,
  result: PartitionFetchResult,
  version: number,
  leaders: LeaderEndpoints,
  metadata: Parameters<typeof currentLeader>[0],
): Answered {
  let errorCode: number = result.errorCode;
  // Clients before Fetch v6 do not know KAFKA_STORAGE_ERROR and would give up; this makes them refresh.
  if (errorCode === ErrorCode.KAFKA_STORAGE_ERROR && version <= 5)
    errorCode = ErrorCode.NOT_LEADER_OR_FOLLOWER;
  let leader: FetchPartitionData['currentLeader'] = null;
  if (
    version >= 16 &&
    (errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER || errorCode === ErrorCode.FENCED_LEADER_EPOCH)
  ) {
    leader = result.currentLeader ?? currentLeader(metadata, result.tp.topic, result.tp.partition);
    leaders.add(leader.leaderId);
  }
  let recordBytes = 0;
  for (const slice of result.records) recordBytes += slice.length;
  const data: FetchPartitionData = {
    partitionIndex: p.partition,
    errorCode,
    highWatermark: BigInt(result.highWatermark),
    lastStableOffset: BigInt(result.lastStableOffset),
    logStartOffset: BigInt(result.logStartOffset),
    divergingEpoch:
      result.divergingEpoch === null
        ? null
        : { epoch: result.divergingEpoch.epoch, endOffset: BigInt(result.divergingEpoch.endOffset) },
    currentLeader: leader,
    snapshotId: null,
    abortedTransactions:
      result.abortedTransactions === null
        ? null
        : result.abortedTransactions.map((t) => ({
            producerId: t.producerId,
            firstOffset: BigInt(t.firstOffset),
          })),
    preferredReadReplica: result.preferredReadReplica,
    records: result.records,
  };
  return {
    request: p,
    data,
    outcome: {
      errorCode,
      highWatermark: result.highWatermark,
      logStartOffset: result.logStartOffset,
      recordBytes,
      hasPreferredReadReplica: result.preferredReadReplica !== -1,
      hasDivergingEpoch: result.divergingEpoch !== null,
    },
  };
}

function failed(p: FetchPartitionRequest, errorCode: ErrorCode): Answered {
  return {
    request: p,
    outcome: {
      errorCode,
      highWatermark: -1,
      logStartOffset: -1,
      recordBytes: 0,
      hasPreferredReadReplica: false,
      hasDivergingEpoch: false,
    },
    data: {
      partitionIndex: p.partition,
      errorCode,
      highWatermark: -1n,
      lastStableOffset: -1n,
      logStartOffset: -1n,
      divergingEpoch: null,
      currentLeader: null,
      snapshotId: null,
      abortedTransactions: null,
      preferredReadReplica: -1,
      records: [],
    },
  };
}

/** Consecutive partitions of one topic share a topic entry, as Kafka's FetchResponse.of builds it. */
function groupConsecutive(partitions: readonly Answered[]): FetchableTopicResponse[] {
  const topics: { topic: string; topicId: string; partitions: FetchPartitionData[] }[] = [];
  for (const { request, data } of partitions) {
    const last = topics.at(-1);
    if (last !== undefined && last.topicId === request.topicId && last.topic === (request.topic ?? '')) {
      last.partitions.push(data);
    } else {
      topics.push({ topic: request.topic ?? '', topicId: request.topicId, partitions: [data] });
    }
  }
  return topics;
}

/**
 * Kafka's FetchRequest.getErrorResponse: the top-level error, and before v13 the same error on
 * every partition of the request too (older clients only look there).
 */
function errorResponse(request: FetchRequest, errorCode: ErrorCode, version: number): FetchResponse {
  const responses =
    version >= 13
      ? []
      : request.topics.map((topic) => ({
          topic: topic.topic,
          topicId: topic.topicId,
          partitions: topic.partitions.map(
            (p) =>
              failed(
                {
                  topic: topic.topic,
                  topicId: topic.topicId,
                  partition: p.partition,
                  fetchOffset: -1,
                  currentLeaderEpoch: -1,
                  lastFetchedEpoch: -1,
                  logStartOffset: -1,
                  maxBytes: 0,
                },
                errorCode,
              ).data,
          ),
        }));
  return { throttleTimeMs: 0, errorCode, sessionId: request.sessionId, responses, nodeEndpoints: [] };
}
