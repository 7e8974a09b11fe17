/** Small, realistic values of the contract's types for renderer tests. */
import type { BrokerInfo, ClusterSnapshot, MessageRecord, PartitionState } from '../../host/api/index.js';

export function broker(id: number, patch: Partial<BrokerInfo> = {}): BrokerInfo {
  return {
    id,
    host: '127.0.0.1',
    port: 9091 + id,
    rack: null,
    state: 'up',
    isolatedFrom: null,
    isController: id === 1,
    ...patch,
  };
}

export function partition(topic: string, p: number, patch: Partial<PartitionState> = {}): PartitionState {
  return {
    topic,
    partition: p,
    leader: 1,
    leaderEpoch: 0,
    replicas: [1, 2, 3],
    isr: [1, 2, 3],
    offlineReplicas: [],
    logStartOffset: 0,
    highWatermark: 10,
    logEndOffset: 10,
    ...patch,
  };
}

export function snapshot(patch: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    clusterId: 'test-cluster',
    controllerId: 1,
    controllerEpoch: 1,
    brokers: [broker(1), broker(2), broker(3)],
    partitions: [partition('orders', 0), partition('orders', 1, { leader: 2 })],
    underReplicatedPartitions: 0,
    offlinePartitions: 0,
    takenAt: 1_000_000,
    ...patch,
  };
}

export function record(p: number, offset: number, patch: Partial<MessageRecord> = {}): MessageRecord {
  return {
    partition: p,
    offset,
    timestamp: 1_700_000_000_000 + offset,
    timestampType: 'create-time',
    key: { encoding: 'utf8', data: `k${offset}` },
    value: { encoding: 'utf8', data: `{"n":${offset}}` },
    headers: [],
    keySize: 2,
    valueSize: 8,
    truncated: false,
    compression: 'none',
    transactional: false,
    leaderEpoch: 0,
    ...patch,
  };
}
