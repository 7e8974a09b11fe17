/**
 * Where a coordinator keeps its state: the partitions of its internal topic (__consumer_offsets
 * for groups, __transaction_state for transactions) that this broker leads, through its own
 * replica manager. A write is one uncompressed batch appended as leader with acks=all, refused
 * when the partition's leader epoch is no longer the one its shard was loaded at (another broker
 * took over: the shard must not write into the new leader's log). Loading reads the local log
 * from its start to its end as of the call, batch by batch.
 */
import type { ClusterAdmin } from '../../broker/services.js';
import type { OffsetsPartitions } from '../../groups/coordinator.js';
import type { CoordinatorLog, LoadedBatch } from '../../groups/shard.js';
import { ErrorCode } from '../../protocol/errors.js';
import { batchesOf } from '../../records/batch.js';
import { decodeBatchRecords, encodeUncompressedBatch } from '../../records/codec.js';
import type { Clock } from '../../util/clock.js';
import type { ReplicaManager } from '../replication/replica-manager.js';

export interface CoordinatorLogOptions {
  /** How long a write may wait for its replicas. */
  readonly timeoutMs: number;
  /** Bytes read at a time while loading. */
  readonly readBytes: number;
  readonly clock: Clock;
}

/** The led partitions of `topic` and their logs, for one coordinator. */
export function coordinatorPartitions(
  replicas: ReplicaManager,
  topic: string,
  options: CoordinatorLogOptions,
): OffsetsPartitions {
  return {
    led() {
      const led = new Map<number, number>();
      for (const partition of replicas.allPartitions()) {
        if (partition.tp.topic === topic && partition.isLeader)
          led.set(partition.tp.partition, partition.leaderEpoch);
      }
      return led;
    },
    log(index, epoch) {
      return coordinatorLog(replicas, { topic, partition: index }, epoch, options);
    },
  };
}

function coordinatorLog(
  replicas: ReplicaManager,
  tp: { topic: string; partition: number },
  epoch: number,
  options: CoordinatorLogOptions,
): CoordinatorLog {
  const current = () => {
    const partition = replicas.partition(tp);
    return partition?.isLeader && partition.leaderEpoch === epoch ? partition : null;
  };
  return {
    async append(records, producer) {
      if (current() === null) return ErrorCode.NOT_LEADER_OR_FOLLOWER;
      const batch = encodeUncompressedBatch({
        records: records.map((r) => ({ key: r.key, value: r.value })),
        timestamp: options.clock.now(),
        partitionLeaderEpoch: epoch,
        isTransactional: producer !== undefined,
        producerId: producer?.producerId ?? -1n,
        producerEpoch: producer?.producerEpoch ?? -1,
      });
      // The append may wait its turn (a slow disk): the epoch is checked again when it lands.
      const [result] = await replicas.appendRecords({
        acks: -1,
        timeoutMs: options.timeoutMs,
        transactionalId: null,
        // A coordinator's own write: transactional offsets carry no sequence numbers.
        origin: 'coordinator',
        entries: [{ tp, records: batch, leaderEpoch: epoch }],
      });
      return (result?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR) as ErrorCode;
    },
    async *readAll(): AsyncIterable<LoadedBatch> {
      const partition = current();
      if (partition === null) return;
      const log = partition.log;
      const end = log.logEndOffset;
      let offset = log.logStartOffset;
      while (offset < end) {
        const read = log.read(offset, options.readBytes, { maxOffset: end, minOneMessage: true });
        const chunk = read.records[0];
        if (chunk === undefined) break;
        for (const header of batchesOf(chunk)) {
          if (header.lastOffset < offset) continue;
          const records = await decodeBatchRecords(header);
          offset = header.nextOffset;
          yield {
            isControl: header.isControl,
            isTransactional: header.isTransactional,
            producerId: header.producerId,
            records: records.flatMap((r) => (r.key === null ? [] : [{ key: r.key, value: r.value }])),
          };
        }
        // Leadership moved while loading: the shard is closed by then and stops reading.
        if (current() === null) return;
      }
    },
  };
}

/** A coordinator's internal topic as Kafka creates it: compacted, with its own partition count. */
export interface CoordinatorTopicSpec {
  readonly name: string;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  readonly segmentBytes: number;
  readonly timeoutMs: number;
}

/** Asks the controller for the topic; whatever it answers, the caller looks again. */
export async function createCoordinatorTopic(admin: ClusterAdmin, spec: CoordinatorTopicSpec): Promise<void> {
  await admin.createTopics(
    [
      {
        name: spec.name,
        numPartitions: spec.numPartitions,
        replicationFactor: spec.replicationFactor,
        assignments: [],
        configs: {
          'cleanup.policy': 'compact',
          'compression.type': 'producer',
          'segment.bytes': String(spec.segmentBytes),
        },
      },
    ],
    { validateOnly: false, timeoutMs: spec.timeoutMs },
  );
}
