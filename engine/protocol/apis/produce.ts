/**
 * Produce (key 0): record batches to append, per topic and partition. Versions 3–13 (Kafka 4
 * dropped 0–2, which predate RecordBatch v2), flexible from 9.
 *
 * The records of each partition are a view of the request frame, never decoded here: storage
 * validates the batches (CRC, offsets) and appends the same bytes.
 *
 * Topics are named up to v12 and identified by topic id from v13 (KIP-516): `name` is '' and
 * `topicId` set in v13, `topicId` is the zero UUID before.
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
} from './shared.js';

export const apiKey = ApiKey.Produce;
export const minVersion = 3;
export const maxVersion = 13;
export const firstFlexibleVersion = 9;

export interface ProducePartitionData {
  readonly index: number;
  readonly records: Buffer | null;
}

export interface ProduceTopicData {
  readonly name: string;
  readonly topicId: string;
  readonly partitionData: readonly ProducePartitionData[];
}

export interface ProduceRequest {
  readonly transactionalId: string | null;
  /** 0: no acknowledgement, 1: the leader's, -1: the full ISR's. */
  readonly acks: number;
  readonly timeoutMs: number;
  readonly topicData: readonly ProduceTopicData[];
}

export interface BatchIndexAndErrorMessage {
  readonly batchIndex: number;
  readonly batchIndexErrorMessage: string | null;
}

export interface ProducePartitionResponse {
  readonly index: number;
  readonly errorCode: number;
  readonly baseOffset: bigint;
  /** The broker's append time when the topic uses LogAppendTime, else -1. */
  readonly logAppendTimeMs: bigint;
  readonly logStartOffset: bigint;
  readonly recordErrors: readonly BatchIndexAndErrorMessage[];
  readonly errorMessage: string | null;
  /** The leader this broker knows, sent with NOT_LEADER_OR_FOLLOWER (v10+ tag 0); null when absent. */
  readonly currentLeader: LeaderIdAndEpoch | null;
}

export interface ProduceTopicResponse {
  readonly name: string;
  readonly topicId: string;
  readonly partitionResponses: readonly ProducePartitionResponse[];
}

export interface ProduceResponse {
  readonly responses: readonly ProduceTopicResponse[];
  readonly throttleTimeMs: number;
  /** Endpoints of the leaders named in currentLeader fields (v10+ tag 0). */
  readonly nodeEndpoints: readonly NodeEndpoint[];
}

export function decodeRequest(r: Reader, version: number): ProduceRequest {
  r.flexible = version >= firstFlexibleVersion;
  const transactionalId = r.readNullableString();
  const acks = r.readInt16();
  const timeoutMs = r.readInt32();
  const topicData = r.readArray((r): ProduceTopicData => {
    // v13 identifies topics by id instead of name (KIP-516).
    const name = version >= 13 ? '' : r.readString();
    const topicId = version >= 13 ? r.readUuid() : ZERO_UUID;
    const partitionData = r.readArray((r): ProducePartitionData => {
      const index = r.readInt32();
      const records = r.readRecords();
      r.readTaggedFields();
      return { index, records };
    });
    r.readTaggedFields();
    return { name, topicId, partitionData };
  });
  r.readTaggedFields();
  return { transactionalId, acks, timeoutMs, topicData };
}

export function encodeRequest(w: Writer, request: ProduceRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeNullableString(request.transactionalId).writeInt16(request.acks).writeInt32(request.timeoutMs);
  w.writeArray(request.topicData, (w, topic) => {
    if (version >= 13) w.writeUuid(topic.topicId);
    else w.writeString(topic.name);
    w.writeArray(topic.partitionData, (w, partition) => {
      w.writeInt32(partition.index).writeRecords(partition.records).writeTaggedFields();
    });
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): ProduceResponse {
  r.flexible = version >= firstFlexibleVersion;
  const responses = r.readArray((r): ProduceTopicResponse => {
    const name = version >= 13 ? '' : r.readString();
    const topicId = version >= 13 ? r.readUuid() : ZERO_UUID;
    const partitionResponses = r.readArray((r): ProducePartitionResponse => {
      const index = r.readInt32();
      const errorCode = r.readInt16();
      const baseOffset = r.readInt64();
      const logAppendTimeMs = r.readInt64();
      // v5 adds the log start offset.
      const logStartOffset = version >= 5 ? r.readInt64() : -1n;
      // v8 adds per-batch errors and an error message (KIP-467).
      const recordErrors =
        version >= 8
          ? r.readArray((r): BatchIndexAndErrorMessage => {
              const batchIndex = r.readInt32();
              const batchIndexErrorMessage = r.readNullableString();
              r.readTaggedFields();
              return { batchIndex, batchIndexErrorMessage };
            })
          : [];
      const errorMessage = version >= 8 ? r.readNullableString() : null;
      let currentLeader: LeaderIdAndEpoch | null = null;
      // v10 adds the current leader as tagged field 0 (KIP-951).
      r.readTaggedFields((tag, r) => {
        if (tag === 0 && version >= 10) currentLeader = readLeaderIdAndEpoch(r);
      });
      return {
        index,
        errorCode,
        baseOffset,
        logAppendTimeMs,
        logStartOffset,
        recordErrors,
        errorMessage,
        currentLeader,
      };
    });
    r.readTaggedFields();
    return { name, topicId, partitionResponses };
  });
  const throttleTimeMs = r.readInt32();
  let nodeEndpoints: NodeEndpoint[] = [];
  // v10 adds the node endpoints as tagged field 0 (KIP-951).
  r.readTaggedFields((tag, r) => {
    if (tag === 0 && version >= 10) nodeEndpoints = r.readArray(readNodeEndpoint);
  });
  return { responses, throttleTimeMs, nodeEndpoints };
}

export function encodeResponse(w: Writer, response: ProduceResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeArray(response.responses, (w, topic) => {
    if (version >= 13) w.writeUuid(topic.topicId);
    else w.writeString(topic.name);
    w.writeArray(topic.partitionResponses, (w, p) => {
      w.writeInt32(p.index).writeInt16(p.errorCode).writeInt64(p.baseOffset).writeInt64(p.logAppendTimeMs);
      if (version >= 5) w.writeInt64(p.logStartOffset);
      if (version >= 8) {
        w.writeArray(p.recordErrors, (w, e) => {
          w.writeInt32(e.batchIndex).writeNullableString(e.batchIndexErrorMessage).writeTaggedFields();
        });
        w.writeNullableString(p.errorMessage);
      }
      const leader = p.currentLeader;
      w.writeTaggedFields([version >= 10 && leader !== null && [0, (w) => writeLeaderIdAndEpoch(w, leader)]]);
    });
    w.writeTaggedFields();
  });
  w.writeInt32(response.throttleTimeMs);
  w.writeTaggedFields([
    version >= 10 &&
      response.nodeEndpoints.length > 0 && [
        0,
        (w) => w.writeArray(response.nodeEndpoints, writeNodeEndpoint),
      ],
  ]);
}
