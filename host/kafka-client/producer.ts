/**
 * A producer over any ClusterAccess: records → one RecordBatch per partition per request
 * (engine/records' encoder, any compression), sent to each partition's leader with retries.
 *
 * Idempotence (Kafka's `enable.idempotence`, on by default with acks=all): the producer gets a
 * producer id and epoch (InitProducerId) and numbers each partition's records from 0; a batch
 * that is sent again after a lost answer carries the same sequence, so the leader writes it
 * once. Sends are serialised, so each partition has one batch in flight and sequences stay in
 * order. After a batch fails for good its partition's sequence is unknown: the producer takes a
 * new producer id before the next send, as Kafka's clients do.
 *
 * A broker takes one batch per partition per request, so records beyond `maxBatchBytes` for
 * one partition go out in further requests, in order.
 */
import { CompressionType, NO_PRODUCER_EPOCH, NO_PRODUCER_ID } from '../../engine/records/batch.js';
import { encodeBatch, type BatchRecordInput } from '../../engine/records/codec.js';
import type { RecordHeader } from '../../engine/records/record.js';
import { ErrorCode, KafkaError } from '../../engine/protocol/errors.js';
import { ZERO_UUID } from '../../engine/protocol/uuid.js';
import type { ClusterAccess } from '../cluster-access.js';
import { StickyPartitioner, partitionForKey } from './partitioner.js';
import { forEachLeader, partitionRoute, withRetries, type RetryOptions } from './routing.js';

export type Acks = -1 | 0 | 1;

export interface ProducerRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: readonly RecordHeader[];
  /** Default: the time of sending. */
  readonly timestamp?: number;
  /** Default: from the key (murmur2), or sticky without a key. */
  readonly partition?: number;
}

export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  /** Null with acks=0: the broker does not say. */
  readonly offset: number | null;
  /** The record's timestamp, or the broker's append time on LogAppendTime topics. */
  readonly timestamp: number;
}

export interface ProducerOptions {
  /** -1 (all in-sync replicas, default), 1 (the leader), 0 (none). */
  readonly acks?: Acks;
  readonly compression?: CompressionType;
  /** Default: true with acks=-1. Falls back to plain sends where the cluster lacks InitProducerId. */
  readonly idempotent?: boolean;
  /** How long the leader may wait for replication (Produce's timeoutMs). Default 30 s. */
  readonly ackTimeoutMs?: number;
  /** Most bytes of records per batch before the next batch. Default 1 MB (Kafka's `max.request.size`). */
  readonly maxBatchBytes?: number;
  /** For keyless records. */
  readonly partitioner?: StickyPartitioner;
}

interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly ProducerRecord[];
  /** Indexes of the records in the caller's list. */
  readonly indexes: readonly number[];
  readonly timestamps: readonly number[];
  /** Estimated size of the records (see recordSize). */
  size: number;
  bytes: Buffer | null;
}

interface ProducerIdentity {
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

/** Rough size of a record in a batch, to cut batches near maxBatchBytes before encoding. */
function recordSize(record: ProducerRecord): number {
  let size = 21 + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const h of record.headers ?? []) size += 6 + Buffer.byteLength(h.key) + (h.value?.length ?? 0);
  return size;
}

export class Producer {
  private readonly acks: Acks;
  private readonly compression: CompressionType;
  private readonly ackTimeoutMs: number;
  private readonly maxBatchBytes: number;
  private readonly partitioners = new Map<string, StickyPartitioner>();
  private idempotent: boolean;
  private identity: Promise<ProducerIdentity | null> | null = null;
  private readonly sequences = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly access: ClusterAccess,
    private readonly options: ProducerOptions = {},
  ) {
    this.acks = options.acks ?? -1;
    this.compression = options.compression ?? CompressionType.NONE;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 30_000;
    this.maxBatchBytes = options.maxBatchBytes ?? 1024 * 1024;
    this.idempotent = (options.idempotent ?? true) && this.acks === -1;
    if (options.idempotent && this.acks !== -1) {
      throw new RangeError('an idempotent producer needs acks=all (-1)');
    }
  }

  /**
   * Sends records to one topic; answers each record's partition and offset, in the order given.
   * Throws the first failure (KafkaError or ClientError) once every partition was tried.
   */
  send(
    topic: string,
    records: readonly ProducerRecord[],
    options: RetryOptions = {},
  ): Promise<RecordMetadata[]> {
    const run = this.queue.then(() => this.sendNow(topic, records, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async sendNow(
    topic: string,
    records: readonly ProducerRecord[],
    options: RetryOptions,
  ): Promise<RecordMetadata[]> {
    if (records.length === 0) return [];
    const metadata = await this.access.metadata({ topics: [topic], signal: options.signal });
    const route = metadata.topics.get(topic);
    if (!route) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic "${topic}" does not exist`);
    const partitionCount = route.partitions.length;
    const rounds = this.plan(topic, records, partitionCount);
    const identity = this.idempotent ? await this.producerIdentity(options) : null;
    const results: RecordMetadata[] = new Array(records.length);
    let firstError: Error | null = null;
    for (const round of rounds) {
      for (const batch of round) {
        const check = partitionRoute(metadata.topics, batch);
        if (check instanceof KafkaError) throw check;
        batch.bytes = await this.encode(batch, identity);
      }
      const outcome = await forEachLeader(
        this.access,
        round,
        (leader, batches) => this.produceTo(leader, batches),
        { ...options, deadlineMs: options.deadlineMs ?? this.ackTimeoutMs + 30_000 },
      );
      for (const [batch, result] of outcome) {
        if (result.ok) {
          const { baseOffset, logAppendTime } = result.value;
          batch.indexes.forEach((index, i) => {
            results[index] = {
              topic,
              partition: batch.partition,
              offset: baseOffset === null ? null : baseOffset + i,
              timestamp: logAppendTime >= 0 ? logAppendTime : batch.timestamps[i]!,
            };
          });
        } else {
          firstError ??= result.error;
          // The partition's sequence is unknown now: start over with a new producer id.
          if (identity) this.identity = null;
        }
      }
      if (firstError) throw firstError;
    }
    return results;
  }

  /** Splits records into rounds of at most one batch per partition, keeping each partition's order. */
  private plan(
    topic: string,
    records: readonly ProducerRecord[],
    partitionCount: number,
  ): PartitionBatch[][] {
    let partitioner = this.options.partitioner ?? this.partitioners.get(topic);
    if (!partitioner) {
      partitioner = new StickyPartitioner();
      this.partitioners.set(topic, partitioner);
    }
    const now = Date.now();
    const perPartition = new Map<number, PartitionBatch[]>();
    records.forEach((record, index) => {
      const size = recordSize(record);
      const partition =
        record.partition ??
        (record.key
          ? partitionForKey(record.key, partitionCount)
          : partitioner.partition(null, size, partitionCount));
      const batches = perPartition.get(partition) ?? [];
      let batch = batches[batches.length - 1];
      if (!batch || (batch.size + size > this.maxBatchBytes && batch.records.length > 0)) {
        batch = { topic, partition, records: [], indexes: [], timestamps: [], size: 0, bytes: null };
        batches.push(batch);
        perPartition.set(partition, batches);
      }
      batch.size += size;
      (batch.records as ProducerRecord[]).push(record);
      (batch.indexes as number[]).push(index);
      (batch.timestamps as number[]).push(record.timestamp ?? now);
    });
    const rounds: PartitionBatch[][] = [];
    for (const batches of perPartition.values()) {
      batches.forEach((batch, i) => (rounds[i] ??= []).push(batch));
    }
    return rounds;
  }

  private async encode(batch: PartitionBatch, identity: ProducerIdentity | null): Promise<Buffer> {
    const records: BatchRecordInput[] = batch.records.map((r, i) => ({
      key: r.key,
      value: r.value,
      headers: r.headers ?? [],
      timestamp: batch.timestamps[i],
    }));
    if (!identity) return encodeBatch({ records, compression: this.compression });
    const key = `${batch.topic}:${batch.partition}`;
    const baseSequence = this.sequences.get(key) ?? 0;
    // Sequences wrap at 2^31 - 1 as in Kafka.
    this.sequences.set(key, (baseSequence + records.length) % 0x8000_0000);
    return encodeBatch({
      records,
      compression: this.compression,
      producerId: identity.producerId,
      producerEpoch: identity.producerEpoch,
      baseSequence,
    });
  }

  private async produceTo(
    leader: number,
    batches: readonly PartitionBatch[],
  ): Promise<
    {
      item: PartitionBatch;
      errorCode: number;
      errorMessage: string | null;
      value?: { baseOffset: number | null; logAppendTime: number };
    }[]
  > {
    const topic = batches[0]!.topic;
    const response = await this.access.request(
      'Produce',
      {
        transactionalId: null,
        acks: this.acks,
        timeoutMs: this.ackTimeoutMs,
        topicData: [
          {
            name: topic,
            topicId: ZERO_UUID,
            partitionData: batches.map((b) => ({ index: b.partition, records: b.bytes })),
          },
        ],
      },
      { broker: leader },
      { timeoutMs: this.ackTimeoutMs + 5_000 },
    );
    if (this.acks === 0) {
      return batches.map((item) => ({
        item,
        errorCode: 0,
        errorMessage: null,
        value: { baseOffset: null, logAppendTime: -1 },
      }));
    }
    const answers = new Map(
      response.responses.flatMap((t) => t.partitionResponses.map((p) => [p.index, p] as const)),
    );
    return batches.map((item) => {
      const answer = answers.get(item.partition);
      if (!answer) {
        return {
          item,
          errorCode: ErrorCode.UNKNOWN_SERVER_ERROR,
          errorMessage: 'missing from the Produce response',
        };
      }
      const message =
        answer.errorMessage ??
        answer.recordErrors.find((e) => e.batchIndexErrorMessage)?.batchIndexErrorMessage ??
        null;
      return {
        item,
        errorCode: answer.errorCode,
        errorMessage: message,
        value: { baseOffset: Number(answer.baseOffset), logAppendTime: Number(answer.logAppendTimeMs) },
      };
    });
  }

  /** The producer id and epoch, fetched once; null when the cluster cannot give one (plain sends then). */
  private producerIdentity(options: RetryOptions): Promise<ProducerIdentity | null> {
    this.identity ??= withRetries(async (signal) => {
      try {
        const response = await this.access.request(
          'InitProducerId',
          {
            transactionalId: null,
            transactionTimeoutMs: 60_000,
            producerId: NO_PRODUCER_ID,
            producerEpoch: NO_PRODUCER_EPOCH,
          },
          'any',
          { signal },
        );
        if (response.errorCode !== ErrorCode.NONE)
          throw new KafkaError(response.errorCode as ErrorCode, 'InitProducerId failed');
        this.sequences.clear();
        return { producerId: response.producerId, producerEpoch: response.producerEpoch };
      } catch (error) {
        if (error instanceof KafkaError && error.code === ErrorCode.UNSUPPORTED_VERSION) {
          this.idempotent = false;
          return null;
        }
        throw error;
      }
    }, options).catch((error: unknown) => {
      this.identity = null;
      throw error;
    });
    return this.identity;
  }
}
