/**
 * The cluster snapshot as any Kafka cluster can give it over the protocol: brokers from
 * Metadata (all "up": a remote cluster only reports live brokers), the controller, and every
 * partition with leader, replicas, ISR and its log start offset and high watermark. The log end
 * offset of a leader is not on the wire (null); the embedded cluster's own snapshot has it.
 */
import type { MethodResult } from '../api/types.js';
import type { ClusterAccess } from '../cluster-access.js';
import { listOffsetsSettled, partitionKey, type ListedOffset } from '../kafka-client/offsets.js';

const offsetOf = (entry: ListedOffset | Error | undefined): number | null =>
  entry === undefined || entry instanceof Error ? null : entry.offset;

export async function clusterSnapshot(
  access: ClusterAccess,
  signal: AbortSignal,
): Promise<MethodResult<'cluster.snapshot'>> {
  const metadata = await access.metadata({ refresh: true, signal });
  const topics = [...metadata.topics.values()].sort((a, b) => a.name.localeCompare(b.name));
  const refs = topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })));
  const quick = { signal, deadlineMs: 0 };
  const [earliest, latest] = await Promise.all([
    listOffsetsSettled(access, refs, 'earliest', quick),
    listOffsetsSettled(access, refs, 'latest', quick),
  ]);
  const partitions = topics.flatMap((t) =>
    t.partitions.map((p) => {
      const key = partitionKey({ topic: t.name, partition: p.partition });
      return {
        topic: t.name,
        partition: p.partition,
        leader: p.leader,
        leaderEpoch: p.leaderEpoch,
        replicas: [...p.replicas],
        isr: [...p.isr],
        offlineReplicas: [...p.offlineReplicas],
        logStartOffset: offsetOf(earliest.get(key)),
        highWatermark: offsetOf(latest.get(key)),
        logEndOffset: null,
      };
    }),
  );
  return {
    clusterId: metadata.clusterId,
    controllerId: metadata.controllerId,
    controllerEpoch: null,
    brokers: metadata.brokers.map((b) => ({
      id: b.nodeId,
      host: b.host,
      port: b.port,
      rack: b.rack,
      state: 'up' as const,
      isolatedFrom: null,
      isController: b.nodeId === metadata.controllerId,
    })),
    partitions,
    underReplicatedPartitions: partitions.filter((p) => p.isr.length < p.replicas.length).length,
    offlinePartitions: partitions.filter((p) => p.leader < 0).length,
    takenAt: Date.now(),
  };
}
