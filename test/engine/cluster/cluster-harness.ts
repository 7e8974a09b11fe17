/**
 * Helpers for driving a whole embedded cluster through its services, as the protocol handlers
 * will: record batches built with engine/records' encoder, produce and fetch through a broker's
 * ReplicaManager, waits on cluster snapshots instead of sleeps.
 */
import type { PartitionAppendResult } from '../../../engine/broker/services.js';
import { type Cluster, startCluster, type StartClusterOptions } from '../../../engine/cluster/cluster.js';
import type { ClusterEvent } from '../../../engine/cluster/events.js';
import type { PartitionSnapshot } from '../../../engine/cluster/snapshot.js';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { decodeRecordSet, encodeBatch } from '../../../engine/records/codec.js';
import { asOffset, type BrokerId } from '../../../engine/types.js';
import { tempDir, waitFor } from './helpers.js';

/** Small timeouts so failures are noticed in tens of milliseconds. */
export const fastConfig = {
  'broker.heartbeat.interval.ms': 20,
  'broker.session.timeout.ms': 300,
  'controller.quorum.election.timeout.ms': 100,
  'controller.quorum.election.backoff.max.ms': 100,
  'controller.quorum.fetch.timeout.ms': 300,
  'controller.quorum.request.timeout.ms': 300,
  'replica.lag.time.max.ms': 400,
  'replica.fetch.wait.max.ms': 100,
  'replica.fetch.backoff.ms': 20,
  'replica.socket.timeout.ms': 300,
  'request.timeout.ms': 2000,
  'leader.imbalance.check.interval.seconds': 0.2,
} as const;

export interface TestCluster {
  readonly cluster: Cluster;
  readonly dir: string;
  restart(overrides?: Partial<StartClusterOptions>): Promise<Cluster>;
  close(): Promise<void>;
}

export async function startTestCluster(options: Partial<StartClusterOptions> = {}): Promise<TestCluster> {
  const temp = tempDir('cluster');
  const base: StartClusterOptions = {
    dataDir: temp.dir,
    seed: 42,
    ...options,
    config: { ...fastConfig, ...options.config },
  };
  const handle = {
    cluster: await startCluster(base),
    dir: temp.dir,
    async restart(overrides: Partial<StartClusterOptions> = {}) {
      await handle.cluster.stop();
      handle.cluster = await startCluster({ ...base, ...overrides });
      return handle.cluster;
    },
    async close() {
      await handle.cluster.stop();
      temp.remove();
    },
  };
  return handle;
}

/** Creates a topic (placed by the controller, or on `assignment[p]` for partition p) and waits for its leaders. */
export async function createTopic(
  cluster: Cluster,
  name: string,
  partitions: number,
  replicationFactor: number,
  configs: Record<string, string> = {},
  assignment: readonly (readonly BrokerId[])[] = [],
): Promise<void> {
  const seq = cluster.recentEvents().at(-1)?.seq ?? 0;
  const [result] = await cluster.admin.createTopics(
    [
      assignment.length > 0
        ? {
            name,
            numPartitions: -1,
            replicationFactor: -1,
            assignments: assignment.map((brokerIds, partition) => ({ partition, brokerIds })),
            configs,
          }
        : { name, numPartitions: partitions, replicationFactor, assignments: [], configs },
    ],
    { validateOnly: false, timeoutMs: 5000 },
  );
  // A controller that loses its quorum leadership after committing the topic answers
  // NOT_CONTROLLER, and the retry at its successor finds the topic (as a client's retry of
  // CreateTopics would): that counts as created when the creation happened during this call.
  const retriedAfterCommit =
    result?.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS &&
    (await waitForEvent(cluster, 'topic-created', (e) => e.topic === name, { afterSeq: seq }).then(
      () => true,
      () => false,
    ));
  if (result?.errorCode !== ErrorCode.NONE && !retriedAfterCommit)
    throw new Error(`create ${name}: ${result?.errorMessage}`);
  // Every replica has applied the new metadata (as a client retrying UNKNOWN_TOPIC_OR_PARTITION would wait).
  await waitFor(
    () => {
      const ready = cluster.snapshot().partitions.filter((p) => p.topic === name && p.leader !== -1);
      return (
        ready.length === (assignment.length || partitions) &&
        ready.every((p) =>
          p.replicas.every(
            (id) =>
              cluster.broker(id).processState !== 'running' ||
              cluster.broker(id).replicaManager?.partition({ topic: name, partition: p.partition })
                ?.leaderEpoch === p.leaderEpoch,
          ),
        )
      );
    },
    { what: `leaders for ${name}` },
  );
}

export function partitionOf(cluster: Cluster, topic: string, partition = 0): PartitionSnapshot {
  const found = cluster.snapshot().partitions.find((p) => p.topic === topic && p.partition === partition);
  if (!found) throw new Error(`no partition ${topic}-${partition}`);
  return found;
}

export function batchOf(values: readonly string[]): Promise<Buffer> {
  return encodeBatch({ records: values.map((v) => ({ key: null, value: Buffer.from(v) })) });
}

/** Produces to the partition's current leader (as a client would after a metadata refresh). */
export async function produce(
  cluster: Cluster,
  topic: string,
  values: readonly string[],
  options: { acks?: -1 | 0 | 1; partition?: number; timeoutMs?: number; via?: BrokerId } = {},
): Promise<PartitionAppendResult> {
  const partition = options.partition ?? 0;
  const leader = options.via ?? partitionOf(cluster, topic, partition).leader;
  if (leader === -1) throw new Error(`${topic}-${partition} has no leader`);
  const [result] = await cluster.broker(leader).services.replicas.appendRecords({
    acks: options.acks ?? -1,
    timeoutMs: options.timeoutMs ?? 2000,
    transactionalId: null,
    entries: [{ tp: { topic, partition }, records: await batchOf(values) }],
  });
  if (!result) throw new Error('no produce result');
  return result;
}

/** Reads every committed record value of a partition from its leader, as a consumer. */
export async function consumeAll(
  cluster: Cluster,
  topic: string,
  partition = 0,
  via?: BrokerId,
): Promise<string[]> {
  const leader = via ?? partitionOf(cluster, topic, partition).leader;
  if (leader === -1) throw new Error(`${topic}-${partition} has no leader`);
  const values: string[] = [];
  let offset = 0;
  for (;;) {
    const [result] = await cluster.broker(leader).services.replicas.fetch({
      replicaId: -1,
      replicaEpoch: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      partitions: [
        {
          tp: { topic, partition },
          fetchOffset: asOffset(offset),
          currentLeaderEpoch: -1,
          lastFetchedEpoch: -1,
          logStartOffset: -1,
          partitionMaxBytes: 1 << 20,
        },
      ],
    });
    if (!result || result.errorCode !== ErrorCode.NONE) throw new Error(`fetch failed: ${result?.errorCode}`);
    if (result.records.length === 0) return values;
    for (const batch of await decodeRecordSet(Buffer.concat(result.records))) {
      for (const record of batch.records) {
        if (record.offset >= offset) values.push(record.value?.toString() ?? '');
      }
      offset = batch.lastOffset + 1;
    }
  }
}

/** Values in a replica's local log (leader or follower), up to its log end. */
export async function replicaValues(
  cluster: Cluster,
  brokerId: BrokerId,
  topic: string,
  partition = 0,
): Promise<string[]> {
  const replica = cluster.broker(brokerId).replicaManager?.partition({ topic, partition });
  if (!replica) return [];
  const log = replica.log;
  const values: string[] = [];
  let offset = log.logStartOffset as number;
  while (offset < log.logEndOffset) {
    const data = log.read(asOffset(offset), 1 << 20, { minOneMessage: true });
    if (data.records.length === 0) break;
    for (const batch of await decodeRecordSet(Buffer.concat(data.records))) {
      for (const record of batch.records)
        if (record.offset >= offset) values.push(record.value?.toString() ?? '');
      offset = batch.lastOffset + 1;
    }
  }
  return values;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A client's produce with retries: asks the current leader (from the cluster snapshot, as a
 * metadata refresh would), retries on any error until acknowledged or `timeoutMs` passes.
 * Resolves with the acknowledged offset. A retried write may land twice, as without idempotence.
 */
export async function produceUntilAcked(
  cluster: Cluster,
  topic: string,
  value: string,
  options: { acks?: -1 | 1; partition?: number; timeoutMs?: number } = {},
): Promise<number> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let lastError = 'no leader';
  while (Date.now() < deadline) {
    try {
      const result = await produce(cluster, topic, [value], {
        acks: options.acks ?? -1,
        partition: options.partition ?? 0,
        timeoutMs: 1000,
      });
      if (result.errorCode === ErrorCode.NONE) return result.baseOffset as number;
      lastError = `error ${result.errorCode}`;
    } catch (err) {
      lastError = String(err);
    }
    await pause(10);
  }
  throw new Error(`${value} not acknowledged within the deadline: ${lastError}`);
}

/** Resolves with the first event of `type` (already buffered after `afterSeq`, or to come) that matches. */
export function waitForEvent<T extends ClusterEvent['type']>(
  cluster: Cluster,
  type: T,
  match: (event: Extract<ClusterEvent, { type: T }>) => boolean = () => true,
  options: { afterSeq?: number; timeoutMs?: number; what?: string } = {},
): Promise<Extract<ClusterEvent, { type: T }>> {
  const matches = (event: ClusterEvent): event is Extract<ClusterEvent, { type: T }> =>
    event.type === type && match(event as Extract<ClusterEvent, { type: T }>);
  const seen = cluster.recentEvents(options.afterSeq ?? 0).find(matches);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${options.what ?? `a ${type} event`}`));
    }, options.timeoutMs ?? 5000);
    const off = cluster.onEvent((event) => {
      if (!matches(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

/** Every event of one type in the buffer. */
export function eventsOf<T extends ClusterEvent['type']>(
  cluster: Cluster,
  type: T,
  afterSeq = 0,
): Extract<ClusterEvent, { type: T }>[] {
  return cluster
    .recentEvents(afterSeq)
    .filter((e): e is Extract<ClusterEvent, { type: T }> => e.type === type);
}

/** Waits until every partition of `topic` has its full ISR and a leader. */
export function fullyReplicated(cluster: Cluster, topic: string): Promise<true> {
  return waitFor(
    () =>
      cluster
        .snapshot()
        .partitions.filter((p) => p.topic === topic)
        .every((p) => p.leader !== -1 && p.isr.length === p.replicas.length) || undefined,
    { what: `${topic} fully replicated`, timeoutMs: 10_000 },
  ) as Promise<true>;
}
