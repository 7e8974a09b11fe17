/**
 * The cluster as the console sees it: a snapshot of brokers and partitions, and the event stream
 * of the embedded cluster (faults and their consequences — elections, ISR changes, rebalances —
 * in order, each with a sequence number and a timestamp). The event shapes follow the engine's
 * events one for one (a type test holds them together).
 */
import { z } from 'zod';

const brokerId = z.number().int();
/** -1 where Kafka says "none" (no leader, no controller). */
const brokerIdOrNone = z.number().int().min(-1);

export const brokerIsolationSchema = z.enum(['brokers', 'clients', 'all']);
export const brokerStateSchema = z.enum(['up', 'down', 'fenced', 'isolated']);

export const brokerInfoSchema = z.object({
  id: brokerId,
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  rack: z.string().nullable(),
  /** Remote clusters only report brokers that are up. */
  state: brokerStateSchema,
  /** Set when the broker is isolated: from whom. */
  isolatedFrom: brokerIsolationSchema.nullable(),
  isController: z.boolean(),
  /**
   * Bytes clients sent to (in) and read from (out) the broker since it last started, counted at
   * its sockets; a rate is the difference between two snapshots. Absent where the cluster does
   * not report it (remote clusters, a broker that is down).
   */
  traffic: z.object({ bytesIn: z.number().int().min(0), bytesOut: z.number().int().min(0) }).optional(),
});
export type BrokerInfo = z.infer<typeof brokerInfoSchema>;

export const partitionStateSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  leader: brokerIdOrNone,
  leaderEpoch: z.number().int(),
  replicas: z.array(brokerId),
  isr: z.array(brokerId),
  offlineReplicas: z.array(brokerId),
  /** Offsets are null where the cluster did not report them (a partition without a leader). */
  logStartOffset: z.number().int().nullable(),
  highWatermark: z.number().int().nullable(),
  logEndOffset: z.number().int().nullable(),
});
export type PartitionState = z.infer<typeof partitionStateSchema>;

export const clusterSnapshotSchema = z.object({
  clusterId: z.string().nullable(),
  controllerId: brokerIdOrNone,
  /** The controller's epoch (KRaft leader epoch); null where unknown. */
  controllerEpoch: z.number().int().nullable(),
  brokers: z.array(brokerInfoSchema),
  /** Every partition of every topic, internal ones included, sorted by topic then partition. */
  partitions: z.array(partitionStateSchema),
  underReplicatedPartitions: z.number().int(),
  offlinePartitions: z.number().int(),
  takenAt: z.number(),
});
export type ClusterSnapshot = z.infer<typeof clusterSnapshotSchema>;

export const faultKindSchema = z.enum(['kill', 'stop', 'isolate', 'delay', 'loss', 'slow-disk', 'full-disk']);

export const faultSchema = z.object({
  /** The id to heal this fault with. */
  id: z.string(),
  kind: faultKindSchema,
  brokerId,
  /** The other end, for a fault on one link between two brokers. */
  peerId: brokerId.nullable(),
  /** A short human description, e.g. "delay 200 ms on 1 ⇄ 2". */
  summary: z.string(),
});
export type Fault = z.infer<typeof faultSchema>;

const stamp = { seq: z.number().int(), timestamp: z.number() };
const partitionRef = { topic: z.string(), partition: z.number().int() };

export const clusterEventSchema = z.discriminatedUnion('type', [
  z.object({ ...stamp, type: z.literal('broker-up'), brokerId }),
  z.object({ ...stamp, type: z.literal('broker-down'), brokerId, graceful: z.boolean() }),
  z.object({ ...stamp, type: z.literal('broker-fenced'), brokerId }),
  z.object({ ...stamp, type: z.literal('broker-unfenced'), brokerId }),
  z.object({ ...stamp, type: z.literal('broker-isolated'), brokerId, from: brokerIsolationSchema }),
  z.object({ ...stamp, type: z.literal('broker-rejoined'), brokerId }),
  z.object({
    ...stamp,
    type: z.literal('controller-changed'),
    controllerId: brokerIdOrNone,
    previousControllerId: brokerIdOrNone,
    epoch: z.number().int(),
  }),
  z.object({
    ...stamp,
    ...partitionRef,
    type: z.literal('leader-changed'),
    oldLeader: brokerIdOrNone,
    newLeader: brokerIdOrNone,
    leaderEpoch: z.number().int(),
    /** The new leader was not in the ISR: records only the old ISR had are lost. */
    unclean: z.boolean(),
  }),
  z.object({
    ...stamp,
    ...partitionRef,
    type: z.enum(['isr-shrunk', 'isr-expanded']),
    isr: z.array(brokerId),
    changed: z.array(brokerId),
  }),
  z.object({ ...stamp, ...partitionRef, type: z.enum(['partition-offline', 'partition-online']) }),
  z.object({
    ...stamp,
    type: z.literal('under-replicated-changed'),
    count: z.number().int(),
    previous: z.number().int(),
  }),
  z.object({ ...stamp, type: z.enum(['fault-injected', 'fault-healed']), fault: faultSchema }),
  z.object({
    ...stamp,
    type: z.literal('topic-created'),
    topic: z.string(),
    topicId: z.string(),
    partitions: z.number().int(),
  }),
  z.object({ ...stamp, type: z.literal('topic-deleted'), topic: z.string(), topicId: z.string() }),
  z.object({
    ...stamp,
    type: z.literal('config-changed'),
    resourceType: z.enum(['topic', 'broker']),
    resourceName: z.string(),
    name: z.string(),
    value: z.string().nullable(),
  }),
  z.object({
    ...stamp,
    type: z.literal('group-rebalance-started'),
    groupId: z.string(),
    coordinatorId: brokerId,
    /** The generation that is ending (0 for a group that never had one). */
    generationId: z.number().int(),
    members: z.number().int(),
    reason: z.string(),
  }),
  z.object({
    ...stamp,
    type: z.literal('group-rebalance-completed'),
    groupId: z.string(),
    coordinatorId: brokerId,
    generationId: z.number().int(),
    /** The assignor the members agreed on; null when the group ended up empty. */
    protocol: z.string().nullable(),
    leaderId: z.string().nullable(),
    memberIds: z.array(z.string()),
  }),
  z.object({
    ...stamp,
    type: z.literal('group-coordinator-moved'),
    /** The partition of __consumer_offsets whose groups moved. */
    offsetsPartition: z.number().int(),
    coordinatorId: brokerId,
    previousCoordinatorId: brokerIdOrNone,
    groupIds: z.array(z.string()),
  }),
]);
export type ClusterEvent = z.infer<typeof clusterEventSchema>;

export const clusterEventsArgsSchema = z
  .strictObject({
    /** Replay the buffered recent events after this sequence number first (0: all of them). */
    afterSeq: z.number().int().min(0).optional(),
  })
  .default({});
