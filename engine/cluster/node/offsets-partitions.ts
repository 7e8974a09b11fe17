/**
 * Where a broker's group coordinator keeps its state: the partitions of __consumer_offsets this
 * broker leads, through its own replica manager. A write is one uncompressed batch appended as
 * leader with acks=all, refused when the partition's leader epoch is no longer the one its shard
 * was loaded at (another broker took over: the shard must not write into the new leader's log).
 * Loading reads the local log from its start to its end as of the call, batch by batch.
 *
 * `createOffsetsTopic` asks the controller for the topic with Kafka's settings for it:
 * compacted, `offsets.topic.num.partitions` partitions, `offsets.topic.replication.factor`
 * replicas (by default as many as there are brokers, up to 3: see config.ts) and
 * `offsets.topic.segment.bytes` segments.
 */
import { GROUP_METADATA_TOPIC_NAME } from '../../broker/internal-topics.js';
import type { ClusterAdmin } from '../../broker/services.js';
import type { CoordinatorLog, LoadedBatch } from '../../groups/shard.js';
import type { OffsetsPartitions } from '../../groups/coordinator.js';
import { ErrorCode } from '../../protocol/errors.js';
import { batchesOf } from '../../records/batch.js';
import { decodeBatchRecords, encodeUncompressedBatch } from '../../records/codec.js';
import type { Clock } from '../../util/clock.js';
import type { ClusterSettings } from '../config.js';
import type { ReplicaManager } from '../replication/replica-manager.js';

export function offsetsPartitions(
  replicas: ReplicaManager,
  settings: ClusterSettings,
  clock: Clock,
): OffsetsPartitions {
  return {
    led() {
      const led = new Map<number, number>();
      for (const partition of replicas.allPartitions()) {
        if (partition.tp.topic === GROUP_METADATA_TOPIC_NAME && partition.isLeader)
          led.set(partition.tp.partition, partition.leaderEpoch);
      }
      return led;
    },
    log(index, epoch) {
      return coordinatorLog(replicas, { topic: GROUP_METADATA_TOPIC_NAME, partition: index }, epoch, {
        timeoutMs: settings.offsetsCommitTimeoutMs,
        readBytes: settings.offsetsLoadBufferSize,
        clock,
      });
    },
  };
}

function coordinatorLog(
  replicas: ReplicaManager,
  tp: { topic: string; partition: number },
  epoch: number,
  options: { timeoutMs: number; readBytes: number; clock: Clock },
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

/** Asks the controller for __consumer_offsets; whatever it answers, the caller looks again. */
export async function createOffsetsTopic(admin: ClusterAdmin, settings: ClusterSettings): Promise<void> {
  await admin.createTopics(
    [
      {
        name: GROUP_METADATA_TOPIC_NAME,
        numPartitions: settings.offsetsTopicNumPartitions,
        replicationFactor: settings.offsetsTopicReplicationFactor,
        assignments: [],
        configs: {
          'cleanup.policy': 'compact',
          'compression.type': 'producer',
          'segment.bytes': String(settings.offsetsTopicSegmentBytes),
        },
      },
    ],
    { validateOnly: false, timeoutMs: settings.offsetsCommitTimeoutMs },
  );
}
