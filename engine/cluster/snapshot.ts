/**
 * The whole cluster state at one moment, for the console and the CLI's `status`: brokers and
 * their state, the controller, and every partition's leader, ISR and offsets.
 *
 * A broker is `down` when its process is not running, else `isolated` while a fault cuts it off,
 * else `fenced` when the controller has fenced it, else `up`. Partition assignments come from the
 * most advanced committed metadata among running brokers; offsets from the leader's replica
 * (-1 while the partition has no running leader).
 */
import type { BrokerId } from '../types.js';
import type { BrokerIsolation, FaultDescription } from './events.js';
import type { MetadataImage } from './metadata/image.js';
import type { BrokerNode } from './node/broker-node.js';

export type BrokerState = 'up' | 'down' | 'fenced' | 'isolated';

export interface BrokerSnapshot {
  readonly id: BrokerId;
  readonly state: BrokerState;
  readonly host: string;
  readonly port: number;
  readonly isController: boolean;
  readonly isVoter: boolean;
  readonly fenced: boolean;
  readonly isolation: BrokerIsolation | null;
  /** Bytes from and to clients since the broker last started; null while it is down. */
  readonly traffic: { readonly bytesIn: number; readonly bytesOut: number } | null;
}

export interface PartitionSnapshot {
  readonly topic: string;
  readonly topicId: string;
  readonly partition: number;
  readonly leader: BrokerId | -1;
  readonly leaderEpoch: number;
  readonly replicas: readonly BrokerId[];
  readonly isr: readonly BrokerId[];
  readonly logStartOffset: number;
  readonly highWatermark: number;
  readonly logEndOffset: number;
  readonly underReplicated: boolean;
  readonly offline: boolean;
}

export interface ClusterSnapshot {
  readonly clusterId: string;
  readonly controller: { readonly id: BrokerId | -1; readonly epoch: number };
  readonly brokers: readonly BrokerSnapshot[];
  readonly partitions: readonly PartitionSnapshot[];
  readonly underReplicatedPartitions: number;
  readonly offlinePartitions: number;
  readonly faults: readonly FaultDescription[];
}

export function buildSnapshot(
  clusterId: string,
  nodes: readonly BrokerNode[],
  isolation: (id: BrokerId) => BrokerIsolation | null,
  faults: readonly FaultDescription[],
): ClusterSnapshot {
  const images = nodes.flatMap((n) => (n.metadata ? [n.metadata.image] : []));
  const image: MetadataImage | undefined = images.sort((a, b) => b.offset - a.offset)[0];
  const active = nodes.find((n) => n.controller?.isActive);
  const controller = { id: active ? active.id : (-1 as const), epoch: active?.raft?.leader.epoch ?? -1 };
  const brokers = nodes.map((node): BrokerSnapshot => {
    const registration = image?.broker(node.id);
    const fenced = registration?.fenced ?? true;
    const cut = isolation(node.id);
    const state: BrokerState =
      node.processState === 'stopped' ? 'down' : cut ? 'isolated' : fenced ? 'fenced' : 'up';
    return {
      id: node.id,
      state,
      host: node.address.host,
      port: node.address.port,
      isController: node === active,
      isVoter: node.isVoter,
      fenced,
      isolation: cut,
      traffic: node.clientTraffic,
    };
  });
  const partitions: PartitionSnapshot[] = [];
  for (const topic of image?.topics() ?? []) {
    for (const [partition, p] of [...topic.partitions].sort((a, b) => a[0] - b[0])) {
      const leaderNode = nodes.find((n) => n.id === p.leader);
      const replica = leaderNode?.replicaManager?.partition({ topic: topic.name, partition });
      const log = replica?.isLeader ? replica.log : undefined;
      partitions.push({
        topic: topic.name,
        topicId: topic.topicId,
        partition,
        leader: p.leader,
        leaderEpoch: p.leaderEpoch,
        replicas: p.replicas,
        isr: p.isr,
        logStartOffset: log?.logStartOffset ?? -1,
        highWatermark: log?.highWatermark ?? -1,
        logEndOffset: log?.logEndOffset ?? -1,
        underReplicated: p.isr.length < p.replicas.length,
        offline: p.leader === -1,
      });
    }
  }
  return {
    clusterId,
    controller,
    brokers,
    partitions,
    underReplicatedPartitions: partitions.filter((p) => p.underReplicated).length,
    offlinePartitions: partitions.filter((p) => p.offline).length,
    faults,
  };
}
