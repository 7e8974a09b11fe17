/**
 * Request builders for handler tests: the fields a test cares about, Kafka's defaults for the rest.
 */
import * as fetchApi from '../../../engine/protocol/apis/fetch.js';
import type { ListOffsetsRequest } from '../../../engine/protocol/apis/list-offsets.js';
import type { ProduceRequest } from '../../../engine/protocol/apis/produce.js';
import { ZERO_UUID } from '../../../engine/protocol/uuid.js';
import { encodeUncompressedBatch, type BatchInput } from '../../../engine/records/codec.js';

/** One uncompressed batch of records with the given values (and batch options). */
export function batch(values: readonly string[], options: Omit<BatchInput, 'records'> = {}): Buffer {
  return encodeUncompressedBatch({
    timestamp: 1_700_000_000_000,
    ...options,
    records: values.map((value) => ({ key: null, value: Buffer.from(value) })),
  });
}

export function produceRequest(
  topic: string,
  partition: number,
  records: Buffer | null,
  options: { acks?: number; transactionalId?: string | null; topicId?: string } = {},
): ProduceRequest {
  return {
    transactionalId: options.transactionalId ?? null,
    acks: options.acks ?? -1,
    timeoutMs: 5000,
    topicData: [
      { name: topic, topicId: options.topicId ?? ZERO_UUID, partitionData: [{ index: partition, records }] },
    ],
  };
}

export interface FetchPartitionSpec {
  readonly topic: string;
  readonly topicId?: string;
  readonly partition: number;
  readonly offset: number;
  readonly currentLeaderEpoch?: number;
}

export function fetchRequest(
  partitions: readonly FetchPartitionSpec[],
  options: Partial<
    Pick<
      fetchApi.FetchRequest,
      'maxWaitMs' | 'minBytes' | 'maxBytes' | 'sessionId' | 'sessionEpoch' | 'isolationLevel'
    >
  > & {
    forgotten?: readonly FetchPartitionSpec[];
  } = {},
): fetchApi.FetchRequest {
  const byTopic = new Map<string, FetchPartitionSpec[]>();
  for (const p of partitions) {
    const key = `${p.topic}/${p.topicId ?? ZERO_UUID}`;
    byTopic.set(key, [...(byTopic.get(key) ?? []), p]);
  }
  return {
    clusterId: null,
    replicaId: -1,
    replicaEpoch: -1n,
    maxWaitMs: options.maxWaitMs ?? 0,
    minBytes: options.minBytes ?? 1,
    maxBytes: options.maxBytes ?? 1 << 20,
    isolationLevel: options.isolationLevel ?? 0,
    sessionId: options.sessionId ?? 0,
    sessionEpoch: options.sessionEpoch ?? -1,
    topics: [...byTopic.values()].map((ps) => ({
      topic: ps[0]!.topic,
      topicId: ps[0]!.topicId ?? ZERO_UUID,
      partitions: ps.map((p) => ({
        partition: p.partition,
        currentLeaderEpoch: p.currentLeaderEpoch ?? -1,
        fetchOffset: BigInt(p.offset),
        lastFetchedEpoch: -1,
        logStartOffset: -1n,
        partitionMaxBytes: 1 << 20,
        replicaDirectoryId: ZERO_UUID,
        highWatermark: fetchApi.HIGH_WATERMARK_UNKNOWN,
      })),
    })),
    forgottenTopicsData: (options.forgotten ?? []).map((p) => ({
      topic: p.topic,
      topicId: p.topicId ?? ZERO_UUID,
      partitions: [p.partition],
    })),
    rackId: '',
  };
}

export function listOffsetsRequest(
  topic: string,
  partitions: readonly { partition: number; timestamp: number; currentLeaderEpoch?: number }[],
  isolationLevel = 0,
): ListOffsetsRequest {
  return {
    replicaId: -1,
    isolationLevel,
    topics: [
      {
        name: topic,
        partitions: partitions.map((p) => ({
          partitionIndex: p.partition,
          currentLeaderEpoch: p.currentLeaderEpoch ?? -1,
          timestamp: BigInt(p.timestamp),
        })),
      },
    ],
    timeoutMs: 0,
  };
}
