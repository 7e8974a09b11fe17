/**
 * DescribeLogDirs (key 35): the log directories of a broker and the size of every partition in
 * them; consoles use it for topic sizes. Versions 1–5 (Kafka 4 dropped v0), flexible from 2.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.DescribeLogDirs;
export const minVersion = 1;
export const maxVersion = 5;
export const firstFlexibleVersion = 2;

export interface DescribableLogDirTopic {
  readonly topic: string;
  readonly partitions: readonly number[];
}

export interface DescribeLogDirsRequest {
  /** Null for every partition of every topic. */
  readonly topics: readonly DescribableLogDirTopic[] | null;
}

export interface DescribeLogDirsPartition {
  readonly partitionIndex: number;
  /** Bytes of the partition's log segments. */
  readonly partitionSize: bigint;
  /** How far a future replica lags the current one (0 here: no replica moves between dirs). */
  readonly offsetLag: bigint;
  readonly isFutureKey: boolean;
}

export interface DescribeLogDirsTopic {
  readonly name: string;
  readonly partitions: readonly DescribeLogDirsPartition[];
}

export interface DescribeLogDirsResult {
  readonly errorCode: number;
  /** The directory's absolute path. */
  readonly logDir: string;
  readonly topics: readonly DescribeLogDirsTopic[];
  /** The volume's size and free bytes (v4+, KIP-827), -1 when unknown. */
  readonly totalBytes: bigint;
  readonly usableBytes: bigint;
  /** Whether new partitions may not be placed in the directory (v5+, KIP-1066). */
  readonly isCordoned: boolean;
}

export interface DescribeLogDirsResponse {
  readonly throttleTimeMs: number;
  /** Top-level error (v3+). */
  readonly errorCode: number;
  readonly results: readonly DescribeLogDirsResult[];
}

export function decodeRequest(r: Reader, version: number): DescribeLogDirsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const topics = r.readNullableArray((r): DescribableLogDirTopic => {
    const topic = { topic: r.readString(), partitions: r.readInt32Array() };
    r.readTaggedFields();
    return topic;
  });
  r.readTaggedFields();
  return { topics };
}

export function encodeRequest(w: Writer, request: DescribeLogDirsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeNullableArray(request.topics, (w, t) =>
    w.writeString(t.topic).writeInt32Array(t.partitions).writeTaggedFields(),
  );
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): DescribeLogDirsResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  // v3 adds a top-level error code.
  const errorCode = version >= 3 ? r.readInt16() : 0;
  const results = r.readArray((r): DescribeLogDirsResult => {
    const errorCode = r.readInt16();
    const logDir = r.readString();
    const topics = r.readArray((r): DescribeLogDirsTopic => {
      const name = r.readString();
      const partitions = r.readArray((r): DescribeLogDirsPartition => {
        const partitionIndex = r.readInt32();
        const partitionSize = r.readInt64();
        const offsetLag = r.readInt64();
        const isFutureKey = r.readBoolean();
        r.readTaggedFields();
        return { partitionIndex, partitionSize, offsetLag, isFutureKey };
      });
      r.readTaggedFields();
      return { name, partitions };
    });
    // v4 adds the volume's total and usable bytes (KIP-827), v5 the cordoned flag (KIP-1066).
    const totalBytes = version >= 4 ? r.readInt64() : -1n;
    const usableBytes = version >= 4 ? r.readInt64() : -1n;
    const isCordoned = version >= 5 ? r.readBoolean() : false;
    r.readTaggedFields();
    return { errorCode, logDir, topics, totalBytes, usableBytes, isCordoned };
  });
  r.readTaggedFields();
  return { throttleTimeMs, errorCode, results };
}

export function encodeResponse(w: Writer, response: DescribeLogDirsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  if (version >= 3) w.writeInt16(response.errorCode);
  w.writeArray(response.results, (w, res) => {
    w.writeInt16(res.errorCode).writeString(res.logDir);
    w.writeArray(res.topics, (w, t) => {
      w.writeString(t.name);
      w.writeArray(t.partitions, (w, p) => {
        w.writeInt32(p.partitionIndex).writeInt64(p.partitionSize).writeInt64(p.offsetLag);
        w.writeBoolean(p.isFutureKey).writeTaggedFields();
      });
      w.writeTaggedFields();
    });
    if (version >= 4) w.writeInt64(res.totalBytes).writeInt64(res.usableBytes);
    if (version >= 5) w.writeBoolean(res.isCordoned);
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
