/**
 * A cluster event as one line of the timeline: what happened in words, how much it matters
 * (a fault, a problem it caused, a recovery, or plain information) and the partition or group
 * involved, so the line can link to it.
 */
import type { ClusterEvent } from '../../../host/api/index.js';

export type Severity = 'fault' | 'problem' | 'recovery' | 'info';

export interface DescribedEvent {
  readonly text: string;
  readonly severity: Severity;
  readonly partition: { readonly topic: string; readonly partition: number } | null;
  /** The consumer group involved, to link to its page. */
  readonly groupId: string | null;
  readonly brokerId: number | null;
}

const broker = (id: number) => (id < 0 ? 'no broker' : `broker ${id}`);
const list = (ids: readonly number[]) => (ids.length ? ids.join(', ') : 'none');

export function describeEvent(e: ClusterEvent): DescribedEvent {
  const none = { partition: null, groupId: null, brokerId: null };
  switch (e.type) {
    case 'broker-up':
      return { ...none, brokerId: e.brokerId, severity: 'recovery', text: `Broker ${e.brokerId} is up` };
    case 'broker-down':
      return {
        ...none,
        brokerId: e.brokerId,
        severity: 'problem',
        text: `Broker ${e.brokerId} ${e.graceful ? 'stopped' : 'went down (crash)'}`,
      };
    case 'broker-fenced':
      return {
        ...none,
        brokerId: e.brokerId,
        severity: 'problem',
        text: `Broker ${e.brokerId} was fenced by the controller`,
      };
    case 'broker-unfenced':
      return {
        ...none,
        brokerId: e.brokerId,
        severity: 'recovery',
        text: `Broker ${e.brokerId} was unfenced`,
      };
    case 'broker-isolated':
      return {
        ...none,
        brokerId: e.brokerId,
        severity: 'problem',
        text: `Broker ${e.brokerId} is isolated from ${e.from}`,
      };
    case 'broker-rejoined':
      return {
        ...none,
        brokerId: e.brokerId,
        severity: 'recovery',
        text: `Broker ${e.brokerId} rejoined the cluster`,
      };
    case 'controller-changed':
      return {
        ...none,
        brokerId: e.controllerId,
        severity: e.controllerId < 0 ? 'problem' : 'info',
        text:
          e.controllerId < 0
            ? `No controller (was broker ${e.previousControllerId})`
            : `Controller moved from ${broker(e.previousControllerId)} to broker ${e.controllerId} (epoch ${e.epoch})`,
      };
    case 'leader-changed':
      return {
        ...none,
        partition: { topic: e.topic, partition: e.partition },
        brokerId: e.newLeader,
        severity: e.newLeader < 0 || e.unclean ? 'problem' : 'info',
        text:
          e.newLeader < 0
            ? `${e.topic}-${e.partition} lost its leader (was ${broker(e.oldLeader)})`
            : `${e.topic}-${e.partition} leader ${broker(e.oldLeader)} → broker ${e.newLeader} (epoch ${e.leaderEpoch})${
                e.unclean ? ', an unclean election: records only the old ISR had are lost' : ''
              }`,
      };
    case 'isr-shrunk':
      return {
        ...none,
        partition: { topic: e.topic, partition: e.partition },
        brokerId: e.changed[0] ?? null,
        severity: 'problem',
        text: `${e.topic}-${e.partition} ISR shrank: ${list(e.changed)} left, ISR now ${list(e.isr)}`,
      };
    case 'isr-expanded':
      return {
        ...none,
        partition: { topic: e.topic, partition: e.partition },
        brokerId: e.changed[0] ?? null,
        severity: 'recovery',
        text: `${e.topic}-${e.partition} ISR expanded: ${list(e.changed)} caught up, ISR now ${list(e.isr)}`,
      };
    case 'partition-offline':
      return {
        ...none,
        partition: { topic: e.topic, partition: e.partition },
        brokerId: null,
        severity: 'problem',
        text: `${e.topic}-${e.partition} is offline`,
      };
    case 'partition-online':
      return {
        ...none,
        partition: { topic: e.topic, partition: e.partition },
        brokerId: null,
        severity: 'recovery',
        text: `${e.topic}-${e.partition} is online again`,
      };
    case 'under-replicated-changed':
      return {
        ...none,
        severity: e.count > e.previous ? 'problem' : 'recovery',
        text: `Under-replicated partitions: ${e.previous} → ${e.count}`,
      };
    case 'fault-injected':
      return { ...none, brokerId: e.fault.brokerId, severity: 'fault', text: `Fault: ${e.fault.summary}` };
    case 'fault-healed':
      return {
        ...none,
        brokerId: e.fault.brokerId,
        severity: 'recovery',
        text: `Healed: ${e.fault.summary}`,
      };
    case 'topic-created':
      return {
        ...none,
        severity: 'info',
        text: `Topic ${e.topic} created with ${e.partitions} partition${e.partitions === 1 ? '' : 's'}`,
      };
    case 'topic-deleted':
      return { ...none, severity: 'info', text: `Topic ${e.topic} deleted` };
    case 'config-changed':
      return {
        ...none,
        severity: 'info',
        text: `${e.resourceType === 'topic' ? 'Topic' : 'Broker'} ${e.resourceName}: ${e.name} ${e.value === null ? 'reset to default' : `= ${e.value}`}`,
      };
    case 'group-rebalance-started':
      return {
        ...none,
        groupId: e.groupId,
        brokerId: e.coordinatorId,
        severity: 'info',
        text: `Group ${e.groupId} rebalancing (generation ${e.generationId}, ${e.members} member${e.members === 1 ? '' : 's'}): ${e.reason}`,
      };
    case 'group-rebalance-completed':
      return {
        ...none,
        groupId: e.groupId,
        brokerId: e.coordinatorId,
        severity: e.memberIds.length === 0 ? 'info' : 'recovery',
        text:
          e.memberIds.length === 0
            ? `Group ${e.groupId} is empty (generation ${e.generationId})`
            : `Group ${e.groupId} stable at generation ${e.generationId} with ${e.memberIds.length} member${e.memberIds.length === 1 ? '' : 's'} (${e.protocol ?? 'no protocol'})`,
      };
    case 'group-coordinator-moved':
      return {
        ...none,
        brokerId: e.coordinatorId,
        severity: 'info',
        text: `Groups of __consumer_offsets-${e.offsetsPartition} (${e.groupIds.length}) now coordinated by broker ${e.coordinatorId}${e.previousCoordinatorId < 0 ? '' : ` (was broker ${e.previousCoordinatorId})`}`,
      };
  }
}
