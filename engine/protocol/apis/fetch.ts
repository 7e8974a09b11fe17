/**
 * Fetch (key 1): consumers and followers read record batches. Versions 4–18 (Kafka 4 dropped
 * 0–3), flexible from 12.
 *
 * - Incremental fetch sessions (KIP-227, v7+): sessionId/sessionEpoch in the request, sessionId
 *   and a top-level error in the response, forgotten topics to drop from the session.
 * - Topics are named up to v12 and identified by topic id from v13 (KIP-516): `topic` is '' and
 *   `topicId` set from v13, `topicId` is the zero UUID before.
 * - The fetching replica is a top-level ReplicaId up to v14 and the ReplicaState tagged field from
 *   v15 (KIP-903); both decode to `replicaId` and `replicaEpoch` here.
 * - Response records are a RecordSet: segment-file slices go out as they are, never copied.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import { ZERO_UUID } from '../uuid.js';
import type { Writer } from '../writer.js';
import {
  readLeaderIdAndEpoch,
  readNodeEndpoint,
  writeLeaderIdAndEpoch,
  writeNodeEndpoint,
  type LeaderIdAndEpoch,
  type NodeEndpoint,
  type RecordSet,
} from './shared.js';

export const apiKey = ApiKey.Fetch;
export const minVersion = 4;
export const maxVersion = 18;
export const firstFlexibleVersion = 12;

/** The default HighWatermark of a request partition (v18+): "not sent". */
export const HIGH_WATERMARK_UNKNOWN = 0x7fffffffffffffffn;

export interface FetchPartition {
  readonly partition: number;
  /** The leader epoch the fetcher believes current (v9+), or -1. */
  readonly currentLeaderEpoch: number;
  readonly fetchOffset: bigint;
  /** Epoch of the fetcher's last batch, for divergence checks (v12+), or -1. */
  readonly lastFetchedEpoch: number;
  /** The follower's log start offset (v5+); -1 for consumers. */
  readonly logStartOffset: bigint;
  readonly partitionMaxBytes: number;
  /** The follower's log directory (v17+ tag 0), or the zero UUID. */
  readonly replicaDirectoryId: string;
  /** The follower's high watermark (v18+ tag 1), or HIGH_WATERMARK_UNKNOWN. */
  readonly highWatermark: bigint;
}

export interface FetchTopic {
  readonly topic: string;
  readonly topicId: string;
  readonly partitions: readonly FetchPartition[];
}

export interface ForgottenTopic {
  readonly topic: string;
  readonly topicId: string;
  readonly partitions: readonly number[];
}

export interface FetchRequest {
  /** The fetcher's cluster id (v12+ tag 0), or null. */
  readonly clusterId: string | null;
  /** -1 for consumers; the broker id of a fetching follower. */
  readonly replicaId: number;
  /** Broker epoch of a fetching follower (v15+), or -1. */
  readonly replicaEpoch: bigint;
  readonly maxWaitMs: number;
  readonly minBytes: number;
  readonly maxBytes: number;
  /** 0: read_uncommitted, 1: read_committed. */
  readonly isolationLevel: number;
  /** 0 and epoch -1 when not using a session; epoch 0 creates one (v7+). */
  readonly sessionId: number;
  readonly sessionEpoch: number;
  readonly topics: readonly FetchTopic[];
  /** Partitions to remove from the session (v7+). */
  readonly forgottenTopicsData: readonly ForgottenTopic[];
  /** The consumer's rack, for follower fetching (v11+); '' when none. */
  readonly rackId: string;
}

export interface AbortedTransaction {
  readonly producerId: bigint;
  readonly firstOffset: bigint;
}

export interface EpochEndOffset {
  readonly epoch: number;
  readonly endOffset: bigint;
}

export interface SnapshotId {
  readonly endOffset: bigint;
  readonly epoch: number;
}

export interface FetchPartitionData {
  readonly partitionIndex: number;
  readonly errorCode: number;
  readonly highWatermark: bigint;
  readonly lastStableOffset: bigint;
  readonly logStartOffset: bigint;
  /** Set when the fetcher's log diverges from the leader's (v12+ tag 0). */
  readonly divergingEpoch: EpochEndOffset | null;
  /** The leader this broker knows, beside NOT_LEADER_OR_FOLLOWER / FENCED_LEADER_EPOCH (v12+ tag 1). */
  readonly currentLeader: LeaderIdAndEpoch | null;
  /** Set when the fetcher must load a snapshot (KRaft; v12+ tag 2). */
  readonly snapshotId: SnapshotId | null;
  /** Aborted transactions in the returned range, for read_committed fetchers; null when none. */
  readonly abortedTransactions: readonly AbortedTransaction[] | null;
  /** Replica to read from instead (KIP-392, v11+), or -1. */
  readonly preferredReadReplica: number;
  readonly records: RecordSet | null;
}

export interface FetchableTopicResponse {
  readonly topic: string;
  readonly topicId: string;
  readonly partitions: readonly FetchPartitionData[];
}

export interface FetchResponse {
  readonly throttleTimeMs: number;
  /** Top-level error, e.g. FETCH_SESSION_ID_NOT_FOUND (v7+). */
  readonly errorCode: number;
  readonly sessionId: number;
  readonly responses: readonly FetchableTopicResponse[];
  /** Endpoints of the leaders named in currentLeader fields (v16+ tag 0). */
  readonly nodeEndpoints: readonly NodeEndpoint[];
}

export function decodeRequest(r: Reader, version: number): FetchRequest {
  r.flexible = version >= firstFlexibleVersion;
  // v15 moves the replica id into the ReplicaState tagged field (KIP-903).
  let replicaId = version <= 14 ? r.readInt32() : -1;
  let replicaEpoch = -1n;
  const maxWaitMs = r.readInt32();
  const minBytes = r.readInt32();
  const maxBytes = r.readInt32();
  const isolationLevel = r.readInt8();
  // v7 adds incremental fetch sessions (KIP-227).
  const sessionId = version >= 7 ? r.readInt32() : 0;
  const sessionEpoch = version >= 7 ? r.readInt32() : -1;
  const topics = r.readArray((r): FetchTopic => {
    // v13 identifies topics by id (KIP-516).
    const topic = version >= 13 ? '' : r.readString();
    const topicId = version >= 13 ? r.readUuid() : ZERO_UUID;
    const partitions = r.readArray((r): FetchPartition => {
      const partition = r.readInt32();
      // v9 adds the current leader epoch (KIP-320).
      const currentLeaderEpoch = version >= 9 ? r.readInt32() : -1;
      const fetchOffset = r.readInt64();
      // v12 adds the last fetched epoch, for divergence detection (KIP-595).
      const lastFetchedEpoch = version >= 12 ? r.readInt32() : -1;
      // v5 adds the follower's log start offset.
      const logStartOffset = version >= 5 ? r.readInt64() : -1n;
      const partitionMaxBytes = r.readInt32();
      let replicaDirectoryId = ZERO_UUID;
      let highWatermark = HIGH_WATERMARK_UNKNOWN;
      // v17 adds the replica directory id (KIP-853), v18 the follower's high watermark (KIP-1166).
      r.readTaggedFields((tag, r) => {
        if (tag === 0 && version >= 17) replicaDirectoryId = r.readUuid();
        else if (tag === 1 && version >= 18) highWatermark = r.readInt64();
      });
      return {
        partition,
        currentLeaderEpoch,
        fetchOffset,
        lastFetchedEpoch,
        logStartOffset,
        partitionMaxBytes,
        replicaDirectoryId,
        highWatermark,
      };
    });
    r.readTaggedFields();
    return { topic, topicId, partitions };
  });
  const forgottenTopicsData =
    version >= 7
      ? r.readArray((r): ForgottenTopic => {
          const topic = version >= 13 ? '' : r.readString();
          const topicId = version >= 13 ? r.readUuid() : ZERO_UUID;
          const partitions = r.readInt32Array();
          r.readTaggedFields();
          return { topic, topicId, partitions };
        })
      : [];
  // v11 adds the rack id (KIP-392).
  const rackId = version >= 11 ? r.readString() : '';
  let clusterId: string | null = null;
  r.readTaggedFields((tag, r) => {
    if (tag === 0) {
      clusterId = r.readNullableString();
    } else if (tag === 1 && version >= 15) {
      replicaId = r.readInt32();
      replicaEpoch = r.readInt64();
      r.readTaggedFields();
    }
  });
  return {
    clusterId,
    replicaId,
    replicaEpoch,
    maxWaitMs,
    minBytes,
    maxBytes,
    isolationLevel,
    sessionId,
    sessionEpoch,
    topics,
    forgottenTopicsData,
    rackId,
  };
}

export function encodeRequest(w: Writer, request: FetchRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version <= 14) w.writeInt32(request.replicaId);
  w.writeInt32(request.maxWaitMs).writeInt32(request.minBytes).writeInt32(request.maxBytes);
  w.writeInt8(request.isolationLevel);
  if (version >= 7) w.writeInt32(request.sessionId).writeInt32(request.sessionEpoch);
  w.writeArray(request.topics, (w, topic) => {
    if (version >= 13) w.writeUuid(topic.topicId);
    else w.writeString(topic.topic);
    w.writeArray(topic.partitions, (w, p) => {
      w.writeInt32(p.partition);
      if (version >= 9) w.writeInt32(p.currentLeaderEpoch);
      w.writeInt64(p.fetchOffset);
      if (version >= 12) w.writeInt32(p.lastFetchedEpoch);
      if (version >= 5) w.writeInt64(p.logStartOffset);
      w.writeInt32(p.partitionMaxBytes);
      w.writeTaggedFields([
        version >= 17 && p.replicaDirectoryId !== ZERO_UUID && [0, (w) => w.writeUuid(p.replicaDirectoryId)],
        version >= 18 &&
          p.highWatermark !== HIGH_WATERMARK_UNKNOWN && [1, (w) => w.writeInt64(p.highWatermark)],
      ]);
    });
    w.writeTaggedFields();
  });
  if (version >= 7) {
    w.writeArray(request.forgottenTopicsData, (w, topic) => {
      if (version >= 13) w.writeUuid(topic.topicId);
      else w.writeString(topic.topic);
      w.writeInt32Array(topic.partitions).writeTaggedFields();
    });
  }
  if (version >= 11) w.writeString(request.rackId);
  const clusterId = request.clusterId;
  const hasReplicaState = request.replicaId !== -1 || request.replicaEpoch !== -1n;
  w.writeTaggedFields([
    clusterId !== null && [0, (w) => w.writeNullableString(clusterId)],
    version >= 15 &&
      hasReplicaState && [
        1,
        (w) => w.writeInt32(request.replicaId).writeInt64(request.replicaEpoch).writeTaggedFields(),
      ],
  ]);
}

export function decodeResponse(r: Reader, version: number): FetchResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  // v7 adds a top-level error and the session id (KIP-227).
  const errorCode = version >= 7 ? r.readInt16() : 0;
  const sessionId = version >= 7 ? r.readInt32() : 0;
  const responses = r.readArray((r): FetchableTopicResponse => {
    const topic = version >= 13 ? '' : r.readString();
    const topicId = version >= 13 ? r.readUuid() : ZERO_UUID;
    const partitions = r.readArray((r): FetchPartitionData => {
      const partitionIndex = r.readInt32();
      const errorCode = r.readInt16();
      const highWatermark = r.readInt64();
      const lastStableOffset = r.readInt64();
      // v5 adds the log start offset.
      const logStartOffset = version >= 5 ? r.readInt64() : -1n;
      const abortedTransactions = r.readNullableArray((r): AbortedTransaction => {
        const aborted = { producerId: r.readInt64(), firstOffset: r.readInt64() };
        r.readTaggedFields();
        return aborted;
      });
      // v11 adds the preferred read replica (KIP-392).
      const preferredReadReplica = version >= 11 ? r.readInt32() : -1;
      const records = r.readRecords();
      let divergingEpoch: EpochEndOffset | null = null;
      let currentLeader: LeaderIdAndEpoch | null = null;
      let snapshotId: SnapshotId | null = null;
      // v12 adds the diverging epoch, current leader and snapshot id as tagged fields.
      r.readTaggedFields((tag, r) => {
        if (tag === 0) {
          divergingEpoch = { epoch: r.readInt32(), endOffset: r.readInt64() };
          r.readTaggedFields();
        } else if (tag === 1) {
          currentLeader = readLeaderIdAndEpoch(r);
        } else if (tag === 2) {
          snapshotId = { endOffset: r.readInt64(), epoch: r.readInt32() };
          r.readTaggedFields();
        }
      });
      return {
        partitionIndex,
        errorCode,
        highWatermark,
        lastStableOffset,
        logStartOffset,
        divergingEpoch,
        currentLeader,
        snapshotId,
        abortedTransactions,
        preferredReadReplica,
        records,
      };
    });
    r.readTaggedFields();
    return { topic, topicId, partitions };
  });
  let nodeEndpoints: NodeEndpoint[] = [];
  // v16 adds the node endpoints (KIP-951).
  r.readTaggedFields((tag, r) => {
    if (tag === 0 && version >= 16) nodeEndpoints = r.readArray(readNodeEndpoint);
  });
  return { throttleTimeMs, errorCode, sessionId, responses, nodeEndpoints };
}

export function encodeResponse(w: Writer, response: FetchResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  if (version >= 7) w.writeInt16(response.errorCode).writeInt32(response.sessionId);
  w.writeArray(response.responses, (w, topic) => {
    if (version >= 13) w.writeUuid(topic.topicId);
    else w.writeString(topic.topic);
    w.writeArray(topic.partitions, (w, p) => {
      w.writeInt32(p.partitionIndex).writeInt16(p.errorCode).writeInt64(p.highWatermark);
      w.writeInt64(p.lastStableOffset);
      if (version >= 5) w.writeInt64(p.logStartOffset);
      w.writeNullableArray(p.abortedTransactions, (w, aborted) => {
        w.writeInt64(aborted.producerId).writeInt64(aborted.firstOffset).writeTaggedFields();
      });
      if (version >= 11) w.writeInt32(p.preferredReadReplica);
      w.writeRecords(p.records);
      const { divergingEpoch, currentLeader, snapshotId } = p;
      w.writeTaggedFields([
        divergingEpoch !== null && [
          0,
          (w) => w.writeInt32(divergingEpoch.epoch).writeInt64(divergingEpoch.endOffset).writeTaggedFields(),
        ],
        currentLeader !== null && [1, (w) => writeLeaderIdAndEpoch(w, currentLeader)],
        snapshotId !== null && [
          2,
          (w) => w.writeInt64(snapshotId.endOffset).writeInt32(snapshotId.epoch).writeTaggedFields(),
        ],
      ]);
    });
    w.writeTaggedFields();
  });
  w.writeTaggedFields([
    version >= 16 &&
      response.nodeEndpoints.length > 0 && [
        0,
        (w) => w.writeArray(response.nodeEndpoints, writeNodeEndpoint),
      ],
  ]);
}
