/**
 * ElectLeaders (key 43): run a preferred (0) or unclean (1) leader election for partitions, or
 * for every partition when the list is null. Versions 0–2, flexible from 2.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.ElectLeaders;
export const minVersion = 0;
export const maxVersion = 2;
export const firstFlexibleVersion = 2;

export const ElectionType = { PREFERRED: 0, UNCLEAN: 1 } as const;

export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

export interface ElectLeadersRequest {
  /** An ElectionType number (v1+; preferred before). */
  readonly electionType: number;
  /** Null for all partitions. */
  readonly topicPartitions: readonly TopicPartitions[] | null;
  readonly timeoutMs: number;
}

export interface PartitionResult {
  readonly partitionId: number;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

export interface ReplicaElectionResult {
  readonly topic: string;
  readonly partitionResult: readonly PartitionResult[];
}

export interface ElectLeadersResponse {
  readonly throttleTimeMs: number;
  /** Top-level error (v1+). */
  readonly errorCode: number;
  readonly replicaElectionResults: readonly ReplicaElectionResult[];
}

export function decodeRequest(r: Reader, version: number): ElectLeadersRequest {
  r.flexible = version >= firstFlexibleVersion;
  // v1 adds the election type (KIP-460).
  const electionType = version >= 1 ? r.readInt8() : ElectionType.PREFERRED;
  const topicPartitions = r.readNullableArray((r): TopicPartitions => {
    const tp = { topic: r.readString(), partitions: r.readInt32Array() };
    r.readTaggedFields();
    return tp;
  });
  const timeoutMs = r.readInt32();
  r.readTaggedFields();
  return { electionType, topicPartitions, timeoutMs };
}

export function encodeRequest(w: Writer, request: ElectLeadersRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version >= 1) w.writeInt8(request.electionType);
  w.writeNullableArray(request.topicPartitions, (w, tp) => {
    w.writeString(tp.topic).writeInt32Array(tp.partitions).writeTaggedFields();
  });
  w.writeInt32(request.timeoutMs).writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): ElectLeadersResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  // v1 adds a top-level error code.
  const errorCode = version >= 1 ? r.readInt16() : 0;
  const replicaElectionResults = r.readArray((r): ReplicaElectionResult => {
    const topic = r.readString();
    const partitionResult = r.readArray((r): PartitionResult => {
      const result = {
        partitionId: r.readInt32(),
        errorCode: r.readInt16(),
        errorMessage: r.readNullableString(),
      };
      r.readTaggedFields();
      return result;
    });
    r.readTaggedFields();
    return { topic, partitionResult };
  });
  r.readTaggedFields();
  return { throttleTimeMs, errorCode, replicaElectionResults };
}

export function encodeResponse(w: Writer, response: ElectLeadersResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  if (version >= 1) w.writeInt16(response.errorCode);
  w.writeArray(response.replicaElectionResults, (w, res) => {
    w.writeString(res.topic);
    w.writeArray(res.partitionResult, (w, p) => {
      w.writeInt32(p.partitionId)
        .writeInt16(p.errorCode)
        .writeNullableString(p.errorMessage)
        .writeTaggedFields();
    });
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
