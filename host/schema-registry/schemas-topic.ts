/**
 * The `_schemas` topic: one partition, compacted, replicated to up to three brokers, as
 * Confluent's registry keeps its state. On open the topic is created if missing and read from its
 * start to its high watermark, so the registry starts with what earlier runs wrote. Appends go
 * with acks=all and resolve once the in-sync replicas have them; with `min.insync.replicas=2` on
 * three replicas a write survives the loss of the leader that took it.
 *
 * The registry is the topic's only writer (one registry per embedded cluster), so after the
 * first read it applies its own acknowledged writes instead of tailing the topic.
 */
import { ErrorCode, KafkaError } from '../../engine/protocol/errors.js';
import type { ClusterAccess } from '../cluster-access.js';
import { partitionBounds, partitionKey } from '../kafka-client/offsets.js';
import { batchRecords, fetchPartitions } from '../kafka-client/partition-reader.js';
import { Producer } from '../kafka-client/producer.js';
import { withRetries } from '../kafka-client/routing.js';
import type { RegistryLog } from './registry.js';
import type { LogRecordText } from './state.js';

export const SCHEMAS_TOPIC = '_schemas';

export interface SchemasTopicOptions {
  readonly topic?: string;
  /** Replicas of the topic: 3 on a cluster of three or more brokers. */
  readonly replicationFactor: number;
  /** How long opening may wait for the cluster. Default 60 s. */
  readonly deadlineMs?: number;
}

async function ensureTopic(
  access: ClusterAccess,
  topic: string,
  replicationFactor: number,
  deadlineMs: number,
) {
  const minInsync = Math.max(1, Math.min(2, replicationFactor - 1));
  const response = await withRetries(
    () =>
      access.request(
        'CreateTopics',
        {
          topics: [
            {
              name: topic,
              numPartitions: 1,
              replicationFactor,
              assignments: [],
              configs: [
                { name: 'cleanup.policy', value: 'compact' },
                { name: 'min.insync.replicas', value: String(minInsync) },
              ],
            },
          ],
          timeoutMs: 30_000,
          validateOnly: false,
        },
        'controller',
      ),
    { deadlineMs },
  );
  const result = response.topics.find((t) => t.name === topic);
  const code = result?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
  if (code !== ErrorCode.NONE && code !== ErrorCode.TOPIC_ALREADY_EXISTS) {
    throw new KafkaError(code as ErrorCode, `cannot create ${topic}: ${result?.errorMessage ?? 'no answer'}`);
  }
}

/** Every record of the topic from its start to its high watermark, in offset order. */
async function readAll(
  access: ClusterAccess,
  topic: string,
  deadlineMs: number,
  onRecord: (record: LogRecordText) => void,
): Promise<void> {
  const ref = { topic, partition: 0 };
  const key = partitionKey(ref);
  const bounds = (await partitionBounds(access, [ref], { deadlineMs })).get(key);
  let offset = bounds?.logStartOffset ?? 0;
  const end = bounds?.highWatermark ?? 0;
  while (offset < end) {
    const result = (await fetchPartitions(access, [{ ...ref, offset }], { deadlineMs })).get(key);
    if (!result?.ok) throw result?.error ?? new Error(`no answer for ${topic}`);
    for (const batch of result.value.batches) {
      for (const record of await batchRecords(batch, offset)) {
        if (record.offset >= end) break;
        if (record.key)
          onRecord({ key: record.key.toString('utf8'), value: record.value?.toString('utf8') ?? null });
      }
    }
    if (result.value.nextOffset <= offset) throw new Error(`${topic} did not advance at offset ${offset}`);
    offset = result.value.nextOffset;
  }
}

export class SchemasTopic implements RegistryLog {
  private readonly producer: Producer;

  private constructor(
    access: ClusterAccess,
    private readonly topic: string,
  ) {
    this.producer = new Producer(access, { acks: -1 });
  }

  /** Creates the topic if missing and replays it into `onRecord`. */
  static async open(
    access: ClusterAccess,
    options: SchemasTopicOptions,
    onRecord: (record: LogRecordText) => void,
  ): Promise<SchemasTopic> {
    const topic = options.topic ?? SCHEMAS_TOPIC;
    const deadlineMs = options.deadlineMs ?? 60_000;
    await ensureTopic(access, topic, options.replicationFactor, deadlineMs);
    await readAll(access, topic, deadlineMs, onRecord);
    return new SchemasTopic(access, topic);
  }

  async append(records: readonly LogRecordText[]): Promise<void> {
    await this.producer.send(
      this.topic,
      records.map((r) => ({
        key: Buffer.from(r.key, 'utf8'),
        value: r.value === null ? null : Buffer.from(r.value, 'utf8'),
        partition: 0,
      })),
      { deadlineMs: 30_000 },
    );
  }
}
