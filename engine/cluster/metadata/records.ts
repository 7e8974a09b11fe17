/**
 * The records of the cluster metadata log (`__cluster_metadata-0`), after KRaft's metadata record
 * types. Each is stored as the value of one record in a RecordBatch (key null), encoded as UTF-8
 * JSON with a `type` field, e.g.
 *
 *   {"type":"Topic","name":"orders","topicId":"mS3Rr0mkTq2gwpqdbAf8ZA"}
 *   {"type":"PartitionChange","topicId":"mS3Rr0mkTq2gwpqdbAf8ZA","partition":0,"leader":2,"isr":[2,3]}
 *
 * JSON keeps the log readable with any record dump; metadata changes are rare, so its size does
 * not matter. A batch is the unit of atomicity: a controller operation writes all its records in
 * one batch, and every node applies a batch whole or not at all. Unknown record types fail the
 * decode loudly: a node must not silently skip metadata it does not understand.
 *
 * Replay rules (as Kafka's): a PartitionChange bumps the partition epoch; one that names a
 * leader (even -1) bumps the leader epoch too. Fields a PartitionChange omits are unchanged.
 * The broker epoch is the offset of the broker's RegisterBroker record.
 */
import type { BrokerId } from '../../types.js';

export type ConfigResource = 'topic' | 'broker';

export type MetadataRecord =
  | { readonly type: 'LeaderChange'; readonly leaderId: BrokerId; readonly epoch: number }
  | {
      readonly type: 'RegisterBroker';
      readonly brokerId: BrokerId;
      readonly brokerEpoch: number;
      /** Random per broker process start; a new one means the old incarnation is gone. */
      readonly incarnationId: string;
      readonly host: string;
      readonly port: number;
      readonly rack: string | null;
      readonly fenced: boolean;
    }
  | {
      readonly type: 'BrokerRegistrationChange';
      readonly brokerId: BrokerId;
      readonly brokerEpoch: number;
      readonly fenced?: boolean;
      readonly inControlledShutdown?: boolean;
    }
  | { readonly type: 'Topic'; readonly name: string; readonly topicId: string }
  | {
      readonly type: 'Partition';
      readonly topicId: string;
      readonly partition: number;
      readonly replicas: readonly BrokerId[];
      readonly isr: readonly BrokerId[];
      readonly leader: BrokerId | -1;
      readonly leaderEpoch: number;
      readonly partitionEpoch: number;
    }
  | {
      readonly type: 'PartitionChange';
      readonly topicId: string;
      readonly partition: number;
      readonly leader?: BrokerId | -1;
      readonly isr?: readonly BrokerId[];
      readonly replicas?: readonly BrokerId[];
    }
  | { readonly type: 'RemoveTopic'; readonly topicId: string }
  | {
      readonly type: 'Config';
      readonly resourceType: ConfigResource;
      /** Topic name, broker id, or '' for the cluster-wide broker default. */
      readonly resourceName: string;
      readonly name: string;
      /** null removes the override. */
      readonly value: string | null;
    }
  | {
      readonly type: 'ProducerIds';
      readonly brokerId: BrokerId;
      readonly brokerEpoch: number;
      /** The first id not yet handed out; the block given is [previous next, this next). */
      readonly nextProducerId: number;
    };

export type MetadataRecordType = MetadataRecord['type'];

const TYPES: ReadonlySet<string> = new Set<MetadataRecordType>([
  'LeaderChange',
  'RegisterBroker',
  'BrokerRegistrationChange',
  'Topic',
  'Partition',
  'PartitionChange',
  'RemoveTopic',
  'Config',
  'ProducerIds',
]);

export function encodeMetadataRecord(record: MetadataRecord): Buffer {
  return Buffer.from(JSON.stringify(record), 'utf8');
}

export class MetadataRecordError extends Error {
  override readonly name = 'MetadataRecordError';
}

export function decodeMetadataRecord(value: Buffer): MetadataRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (err) {
    throw new MetadataRecordError(`metadata record is not JSON: ${(err as Error).message}`);
  }
  const type = (parsed as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !TYPES.has(type)) {
    throw new MetadataRecordError(`unknown metadata record type ${JSON.stringify(type)}`);
  }
  return parsed as MetadataRecord;
}
