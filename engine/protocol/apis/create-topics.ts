/**
 * CreateTopics (key 19): create topics with a partition count and replication factor (-1 for
 * the broker defaults, KIP-464) or an explicit assignment, and topic configs.
 * Versions 2–7 (Kafka 4 dropped 0–1), flexible from 5.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import { ZERO_UUID } from '../uuid.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.CreateTopics;
export const minVersion = 2;
export const maxVersion = 7;
export const firstFlexibleVersion = 5;

export interface CreatableReplicaAssignment {
  readonly partitionIndex: number;
  readonly brokerIds: readonly number[];
}

export interface CreatableTopicConfig {
  readonly name: string;
  readonly value: string | null;
}

export interface CreatableTopic {
  readonly name: string;
  /** -1 for the broker default, or when assignments are given. */
  readonly numPartitions: number;
  /** -1 for the broker default, or when assignments are given. */
  readonly replicationFactor: number;
  readonly assignments: readonly CreatableReplicaAssignment[];
  readonly configs: readonly CreatableTopicConfig[];
}

export interface CreateTopicsRequest {
  readonly topics: readonly CreatableTopic[];
  readonly timeoutMs: number;
  /** Check the request without creating anything. */
  readonly validateOnly: boolean;
}

export interface CreatableTopicConfigs {
  readonly name: string;
  readonly value: string | null;
  readonly readOnly: boolean;
  /** A ConfigSource number, or -1 when unknown. */
  readonly configSource: number;
  readonly isSensitive: boolean;
}

export interface CreatableTopicResult {
  readonly name: string;
  /** The new topic's id (v7+), else the zero UUID. */
  readonly topicId: string;
  readonly errorCode: number;
  readonly errorMessage: string | null;
  /** Why the configs below are missing, when they are (v5+ tag 0). */
  readonly topicConfigErrorCode: number;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  /** The created topic's configs (v5+, KIP-525); null when not returned. */
  readonly configs: readonly CreatableTopicConfigs[] | null;
}

export interface CreateTopicsResponse {
  readonly throttleTimeMs: number;
  readonly topics: readonly CreatableTopicResult[];
}

export function decodeRequest(r: Reader, version: number): CreateTopicsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const topics = r.readArray((r): CreatableTopic => {
    const name = r.readString();
    const numPartitions = r.readInt32();
    const replicationFactor = r.readInt16();
    const assignments = r.readArray((r): CreatableReplicaAssignment => {
      const assignment = { partitionIndex: r.readInt32(), brokerIds: r.readInt32Array() };
      r.readTaggedFields();
      return assignment;
    });
    const configs = r.readArray((r): CreatableTopicConfig => {
      const config = { name: r.readString(), value: r.readNullableString() };
      r.readTaggedFields();
      return config;
    });
    r.readTaggedFields();
    return { name, numPartitions, replicationFactor, assignments, configs };
  });
  const timeoutMs = r.readInt32();
  const validateOnly = r.readBoolean();
  r.readTaggedFields();
  return { topics, timeoutMs, validateOnly };
}

export function encodeRequest(w: Writer, request: CreateTopicsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeArray(request.topics, (w, topic) => {
    w.writeString(topic.name).writeInt32(topic.numPartitions).writeInt16(topic.replicationFactor);
    w.writeArray(topic.assignments, (w, a) => {
      w.writeInt32(a.partitionIndex).writeInt32Array(a.brokerIds).writeTaggedFields();
    });
    w.writeArray(topic.configs, (w, c) => {
      w.writeString(c.name).writeNullableString(c.value).writeTaggedFields();
    });
    w.writeTaggedFields();
  });
  w.writeInt32(request.timeoutMs).writeBoolean(request.validateOnly).writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): CreateTopicsResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const topics = r.readArray((r): CreatableTopicResult => {
    const name = r.readString();
    // v7 returns the new topic's id.
    const topicId = version >= 7 ? r.readUuid() : ZERO_UUID;
    const errorCode = r.readInt16();
    const errorMessage = r.readNullableString();
    // v5 returns the topic's partitions, replication factor and configs (KIP-525).
    const numPartitions = version >= 5 ? r.readInt32() : -1;
    const replicationFactor = version >= 5 ? r.readInt16() : -1;
    const configs =
      version >= 5
        ? r.readNullableArray((r): CreatableTopicConfigs => {
            const name = r.readString();
            const value = r.readNullableString();
            const readOnly = r.readBoolean();
            const configSource = r.readInt8();
            const isSensitive = r.readBoolean();
            r.readTaggedFields();
            return { name, value, readOnly, configSource, isSensitive };
          })
        : [];
    let topicConfigErrorCode = 0;
    r.readTaggedFields((tag, r) => {
      if (tag === 0) topicConfigErrorCode = r.readInt16();
    });
    return {
      name,
      topicId,
      errorCode,
      errorMessage,
      topicConfigErrorCode,
      numPartitions,
      replicationFactor,
      configs,
    };
  });
  r.readTaggedFields();
  return { throttleTimeMs, topics };
}

export function encodeResponse(w: Writer, response: CreateTopicsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.topics, (w, topic) => {
    w.writeString(topic.name);
    if (version >= 7) w.writeUuid(topic.topicId);
    w.writeInt16(topic.errorCode).writeNullableString(topic.errorMessage);
    if (version >= 5) {
      w.writeInt32(topic.numPartitions).writeInt16(topic.replicationFactor);
      w.writeNullableArray(topic.configs, (w, c) => {
        w.writeString(c.name).writeNullableString(c.value).writeBoolean(c.readOnly);
        w.writeInt8(c.configSource).writeBoolean(c.isSensitive).writeTaggedFields();
      });
    }
    const configErrorCode = topic.topicConfigErrorCode;
    w.writeTaggedFields([configErrorCode !== 0 && [0, (w) => w.writeInt16(configErrorCode)]]);
  });
  w.writeTaggedFields();
}
