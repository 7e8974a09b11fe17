/**
 * DeleteRecords (key 21): move partitions' log start offset forward, deleting the records
 * before it (offset -1 means up to the high watermark). Versions 0–2, flexible from 2.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.DeleteRecords;
export const minVersion = 0;
export const maxVersion = 2;
export const firstFlexibleVersion = 2;

export interface DeleteRecordsPartition {
  readonly partitionIndex: number;
  /** Delete records before this offset; -1 for the high watermark. */
  readonly offset: bigint;
}

export interface DeleteRecordsTopic {
  readonly name: string;
  readonly partitions: readonly DeleteRecordsPartition[];
}

export interface DeleteRecordsRequest {
  readonly topics: readonly DeleteRecordsTopic[];
  readonly timeoutMs: number;
}

export interface DeleteRecordsPartitionResult {
  readonly partitionIndex: number;
  /** The partition's new log start offset. */
  readonly lowWatermark: bigint;
  readonly errorCode: number;
}

export interface DeleteRecordsTopicResult {
  readonly name: string;
  readonly partitions: readonly DeleteRecordsPartitionResult[];
}

export interface DeleteRecordsResponse {
  readonly throttleTimeMs: number;
  readonly topics: readonly DeleteRecordsTopicResult[];
}

export function decodeRequest(r: Reader, version: number): DeleteRecordsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const topics = r.readArray((r): DeleteRecordsTopic => {
    const name = r.readString();
    const partitions = r.readArray((r): DeleteRecordsPartition => {
      const partition = { partitionIndex: r.readInt32(), offset: r.readInt64() };
      r.readTaggedFields();
      return partition;
    });
    r.readTaggedFields();
    return { name, partitions };
  });
  const timeoutMs = r.readInt32();
  r.readTaggedFields();
  return { topics, timeoutMs };
}

export function encodeRequest(w: Writer, request: DeleteRecordsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeArray(request.topics, (w, topic) => {
    w.writeString(topic.name);
    w.writeArray(topic.partitions, (w, p) =>
      w.writeInt32(p.partitionIndex).writeInt64(p.offset).writeTaggedFields(),
    );
    w.writeTaggedFields();
  });
  w.writeInt32(request.timeoutMs).writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): DeleteRecordsResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const topics = r.readArray((r): DeleteRecordsTopicResult => {
    const name = r.readString();
    const partitions = r.readArray((r): DeleteRecordsPartitionResult => {
      const result = { partitionIndex: r.readInt32(), lowWatermark: r.readInt64(), errorCode: r.readInt16() };
      r.readTaggedFields();
      return result;
    });
    r.readTaggedFields();
    return { name, partitions };
  });
  r.readTaggedFields();
  return { throttleTimeMs, topics };
}

export function encodeResponse(w: Writer, response: DeleteRecordsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.topics, (w, topic) => {
    w.writeString(topic.name);
    w.writeArray(topic.partitions, (w, p) => {
      w.writeInt32(p.partitionIndex).writeInt64(p.lowWatermark).writeInt16(p.errorCode).writeTaggedFields();
    });
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
