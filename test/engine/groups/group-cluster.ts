/**
 * What the consumer-group tests share: a 3-broker cluster with settings for quick rebalances
 * (no initial rebalance delay, short minimum session timeout), records produced with kafkajs to
 * chosen partitions, and the group as its coordinator holds it right now.
 */
import kafkajs from 'kafkajs';
import type { LocalGroup } from '../../../engine/groups/coordinator.js';
import { TestCluster } from '../broker/test-cluster.js';

export const quickGroups = {
  'group.initial.rebalance.delay.ms': '0',
  'group.min.session.timeout.ms': '1000',
};

export function startGroupCluster(): Promise<TestCluster> {
  return TestCluster.start({ brokers: 3, config: quickGroups });
}

export function bootstrapOf(cluster: TestCluster): string {
  return cluster.cluster
    .brokers()
    .filter((b) => b.state === 'running')
    .map((b) => `127.0.0.1:${b.port}`)
    .join(',');
}

/** Produces `count` records `${prefix}-${i}`, record i to partition i mod `partitions`, acks=all. */
export async function produce(
  cluster: TestCluster,
  topic: string,
  partitions: number,
  prefix: string,
  count: number,
): Promise<void> {
  const kafka = new kafkajs.Kafka({
    brokers: bootstrapOf(cluster).split(','),
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: count }, (_, i) => ({
        partition: i % partitions,
        value: `${prefix}-${i}`,
      })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** The group as its coordinator holds it, or undefined when no running broker has it loaded. */
export function coordinatorGroup(cluster: TestCluster, groupId: string): LocalGroup | undefined {
  for (const broker of cluster.cluster.brokers()) {
    if (broker.state !== 'running') continue;
    const group = cluster.cluster
      .broker(broker.id)
      .groupCoordinator?.localGroups()
      .find((g) => g.groupId === groupId);
    if (group !== undefined) return group;
  }
  return undefined;
}

/** Rebalances of a group that started so far, from the cluster's event stream. */
export function rebalancesOf(
  cluster: TestCluster,
  groupId: string,
): { reason: string; generationId: number }[] {
  return cluster.cluster
    .recentEvents()
    .flatMap((e) =>
      e.type === 'group-rebalance-started' && e.groupId === groupId
        ? [{ reason: e.reason, generationId: e.generationId }]
        : [],
    );
}
