/**
 * Metadata (key 3): brokers, controller, and each topic's partitions with leader, replicas and
 * ISR. Versions 0–13, flexible from 9.
 *
 * Request topics: null asks for all topics. In v0 an empty list meant "all topics" (null did not
 * exist yet), so a v0 empty list decodes as null and null encodes as an empty list.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import { ZERO_UUID } from '../uuid.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.Metadata;
export const minVersion = 0;
export const maxVersion = 13;
export const firstFlexibleVersion = 9;

/** TopicAuthorizedOperations / ClusterAuthorizedOperations when not requested. */
export const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

export interface MetadataRequestTopic {
  /** The zero UUID when asked by name (and before v10). */
  readonly topicId: string;
  /** Null when asked by id (v12+). */
  readonly name: string | null;
}

export interface MetadataRequest {
  /** The topics to describe; null for all topics. */
  readonly topics: readonly MetadataRequestTopic[] | null;
  /** Whether the broker may auto-create missing topics (v4+; always true before). */
  readonly allowAutoTopicCreation: boolean;
  /** v8–10 only; later versions use DescribeCluster (KIP-700). */
  readonly includeClusterAuthorizedOperations: boolean;
  readonly includeTopicAuthorizedOperations: boolean;
}

export interface MetadataResponseBroker {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

export interface MetadataResponsePartition {
  readonly errorCode: number;
  readonly partitionIndex: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly replicaNodes: readonly number[];
  readonly isrNodes: readonly number[];
  readonly offlineReplicas: readonly number[];
}

export interface MetadataResponseTopic {
  readonly errorCode: number;
  /** Null only for an unknown topic asked by id (v12+). */
  readonly name: string | null;
  readonly topicId: string;
  readonly isInternal: boolean;
  readonly partitions: readonly MetadataResponsePartition[];
  readonly topicAuthorizedOperations: number;
}

export interface MetadataResponse {
  readonly throttleTimeMs: number;
  readonly brokers: readonly MetadataResponseBroker[];
  readonly clusterId: string | null;
  readonly controllerId: number;
  readonly topics: readonly MetadataResponseTopic[];
  readonly clusterAuthorizedOperations: number;
  /** Top-level error, e.g. REBOOTSTRAP_REQUIRED (v13+). */
  readonly errorCode: number;
}

export function decodeRequest(r: Reader, version: number): MetadataRequest {
  r.flexible = version >= firstFlexibleVersion;
  let topics = r.readNullableArray((r): MetadataRequestTopic => {
    // v10 adds topic ids, and names become nullable.
    const topicId = version >= 10 ? r.readUuid() : ZERO_UUID;
    const name = version >= 10 ? r.readNullableString() : r.readString();
    r.readTaggedFields();
    return { topicId, name };
  });
  if (version === 0 && topics?.length === 0) topics = null;
  // v4 adds AllowAutoTopicCreation.
  const allowAutoTopicCreation = version >= 4 ? r.readBoolean() : true;
  // v8 adds authorized operations; v11 drops the cluster's (KIP-700).
  const includeClusterAuthorizedOperations = version >= 8 && version <= 10 ? r.readBoolean() : false;
  const includeTopicAuthorizedOperations = version >= 8 ? r.readBoolean() : false;
  r.readTaggedFields();
  return {
    topics,
    allowAutoTopicCreation,
    includeClusterAuthorizedOperations,
    includeTopicAuthorizedOperations,
  };
}

export function encodeRequest(w: Writer, request: MetadataRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  const topics = version === 0 ? (request.topics ?? []) : request.topics;
  w.writeNullableArray(topics, (w, topic) => {
    if (version >= 10) w.writeUuid(topic.topicId).writeNullableString(topic.name);
    else w.writeString(topic.name ?? '');
    w.writeTaggedFields();
  });
  if (version >= 4) w.writeBoolean(request.allowAutoTopicCreation);
  if (version >= 8 && version <= 10) w.writeBoolean(request.includeClusterAuthorizedOperations);
  if (version >= 8) w.writeBoolean(request.includeTopicAuthorizedOperations);
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): MetadataResponse {
  r.flexible = version >= firstFlexibleVersion;
  // v3 adds the throttle time.
  const throttleTimeMs = version >= 3 ? r.readInt32() : 0;
  const brokers = r.readArray((r): MetadataResponseBroker => {
    const nodeId = r.readInt32();
    const host = r.readString();
    const port = r.readInt32();
    // v1 adds the broker's rack.
    const rack = version >= 1 ? r.readNullableString() : null;
    r.readTaggedFields();
    return { nodeId, host, port, rack };
  });
  // v2 adds the cluster id, v1 the controller id.
  const clusterId = version >= 2 ? r.readNullableString() : null;
  const controllerId = version >= 1 ? r.readInt32() : -1;
  const topics = r.readArray((r): MetadataResponseTopic => {
    const errorCode = r.readInt16();
    // v12 allows a null name (unknown topic asked by id).
    const name = version >= 12 ? r.readNullableString() : r.readString();
    const topicId = version >= 10 ? r.readUuid() : ZERO_UUID;
    const isInternal = version >= 1 ? r.readBoolean() : false;
    const partitions = r.readArray((r): MetadataResponsePartition => {
      const errorCode = r.readInt16();
      const partitionIndex = r.readInt32();
      const leaderId = r.readInt32();
      // v7 adds the leader epoch.
      const leaderEpoch = version >= 7 ? r.readInt32() : -1;
      const replicaNodes = r.readInt32Array();
      const isrNodes = r.readInt32Array();
      // v5 adds offline replicas.
      const offlineReplicas = version >= 5 ? r.readInt32Array() : [];
      r.readTaggedFields();
      return { errorCode, partitionIndex, leaderId, leaderEpoch, replicaNodes, isrNodes, offlineReplicas };
    });
    const topicAuthorizedOperations = version >= 8 ? r.readInt32() : AUTHORIZED_OPERATIONS_OMITTED;
    r.readTaggedFields();
    return { errorCode, name, topicId, isInternal, partitions, topicAuthorizedOperations };
  });
  const clusterAuthorizedOperations =
    version >= 8 && version <= 10 ? r.readInt32() : AUTHORIZED_OPERATIONS_OMITTED;
  // v13 adds a top-level error code (KIP-1102).
  const errorCode = version >= 13 ? r.readInt16() : 0;
  r.readTaggedFields();
  return { throttleTimeMs, brokers, clusterId, controllerId, topics, clusterAuthorizedOperations, errorCode };
}

export function encodeResponse(w: Writer, response: MetadataResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 3) w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.brokers, (w, broker) => {
    w.writeInt32(broker.nodeId).writeString(broker.host).writeInt32(broker.port);
    if (version >= 1) w.writeNullableString(broker.rack);
    w.writeTaggedFields();
  });
  if (version >= 2) w.writeNullableString(response.clusterId);
  if (version >= 1) w.writeInt32(response.controllerId);
  w.writeArray(response.topics, (w, topic) => {
    w.writeInt16(topic.errorCode);
    if (version >= 12) w.writeNullableString(topic.name);
    else w.writeString(topic.name ?? '');
    if (version >= 10) w.writeUuid(topic.topicId);
    if (version >= 1) w.writeBoolean(topic.isInternal);
    w.writeArray(topic.partitions, (w, p) => {
      w.writeInt16(p.errorCode).writeInt32(p.partitionIndex).writeInt32(p.leaderId);
      if (version >= 7) w.writeInt32(p.leaderEpoch);
      w.writeInt32Array(p.replicaNodes).writeInt32Array(p.isrNodes);
      if (version >= 5) w.writeInt32Array(p.offlineReplicas);
      w.writeTaggedFields();
    });
    if (version >= 8) w.writeInt32(topic.topicAuthorizedOperations);
    w.writeTaggedFields();
  });
  if (version >= 8 && version <= 10) w.writeInt32(response.clusterAuthorizedOperations);
  if (version >= 13) w.writeInt16(response.errorCode);
  w.writeTaggedFields();
}
