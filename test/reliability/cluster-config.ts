/**
 * The broker configs every reliability run uses: failures noticed in tens of milliseconds,
 * acks=all meaning at least two copies (min.insync.replicas=2, Kafka's advice for RF 3), quick
 * rebalances, and a small offsets topic so its coordinators move under faults too.
 */
import { fastConfig } from '../engine/cluster/cluster-harness.js';

export const OFFSETS_PARTITIONS = 3;

export function reliabilityConfig(brokers: number) {
  return {
    ...fastConfig,
    'auto.create.topics.enable': 'false',
    'group.initial.rebalance.delay.ms': '0',
    'min.insync.replicas': String(Math.min(2, brokers)),
    'offsets.topic.num.partitions': OFFSETS_PARTITIONS,
  };
}
