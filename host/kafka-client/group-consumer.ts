/**
 * A small consumer-group member over any ClusterAccess, speaking Kafka's classic group protocol
 * (eager rebalancing, the range assignor), for `brokerlab consume --group`:
 *
 *   join    JoinGroup (again with the member id the coordinator hands out, KIP-394); the leader
 *           assigns partitions with the range assignor; SyncGroup gives each member its share
 *   start   each assigned partition from the group's committed offset, or from the earliest or
 *           latest offset when there is none (auto.offset.reset)
 *   poll    Fetch from the leaders (long poll), while a heartbeat runs every heartbeatIntervalMs
 *   commit  OffsetCommit of the positions handed out, with the generation and member id
 *   leave   commit, then LeaveGroup, so the others rebalance at once instead of after a timeout
 *
 * When a heartbeat or a commit says the group is rebalancing (REBALANCE_IN_PROGRESS) or this
 * member is stale (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID), the next poll joins again; the
 * records already handed out were committed first where the group still allowed it.
 */
import {
  encodeSubscription,
  decodeSubscription,
  decodeAssignment,
  encodeAssignment,
} from '../../engine/protocol/consumer-protocol.js';
import { ErrorCode, KafkaError, errorName } from '../../engine/protocol/errors.js';
import { ZERO_UUID } from '../../engine/protocol/uuid.js';
import type { BatchHeader } from '../../engine/records/batch.js';
import type { LogRecord } from '../../engine/records/record.js';
import type { ClusterAccess } from '../cluster-access.js';
import { listOffsets, partitionKey } from './offsets.js';
import { batchRecords, fetchPartitions } from './partition-reader.js';
import { rangeAssign } from './range-assignor.js';
import { sleep, throwIfError, withCoordinator, type PartitionRef } from './routing.js';

export interface GroupConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where to start a partition the group has no offset for. Default latest, as Kafka's. */
  readonly autoOffsetReset?: 'earliest' | 'latest';
  readonly sessionTimeoutMs?: number;
  readonly rebalanceTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** Long-poll wait of each fetch. */
  readonly maxWaitMs?: number;
}

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly record: LogRecord;
  /** The batch the record came in (compression, timestamp type, ...). */
  readonly batch: BatchHeader;
}

const PROTOCOL_TYPE = 'consumer';
const ASSIGNOR = 'range';
const rejoinCodes: ReadonlySet<number> = new Set([
  ErrorCode.REBALANCE_IN_PROGRESS,
  ErrorCode.ILLEGAL_GENERATION,
  ErrorCode.UNKNOWN_MEMBER_ID,
  ErrorCode.FENCED_INSTANCE_ID,
]);

export class GroupConsumer {
  private memberId = '';
  private generationId = -1;
  private assignment: PartitionRef[] = [];
  /** Next offset to hand out per partition. */
  private readonly positions = new Map<string, number>();
  /** Offsets handed out and not yet committed. */
  private readonly pending = new Map<string, number>();
  private needsJoin = true;
  private heartbeat: AbortController | null = null;
  private closed = false;

  constructor(
    private readonly access: ClusterAccess,
    private readonly options: GroupConsumerOptions,
  ) {}

  /** The partitions this member owns now. */
  get assigned(): readonly PartitionRef[] {
    return this.assignment;
  }

  /** Joins if needed, then fetches once; records come in offset order per partition. */
  async poll(signal?: AbortSignal): Promise<ConsumedRecord[]> {
    if (this.closed) throw new KafkaError(ErrorCode.UNKNOWN_MEMBER_ID, 'the consumer is closed');
    if (this.needsJoin) await this.join(signal);
    if (this.assignment.length === 0) {
      await sleep(this.options.maxWaitMs ?? 500, signal);
      return [];
    }
    const results = await fetchPartitions(
      this.access,
      this.assignment.map((p) => ({ ...p, offset: this.positions.get(partitionKey(p))! })),
      { maxWaitMs: this.options.maxWaitMs ?? 500, lane: 'consumer', signal },
    );
    const out: ConsumedRecord[] = [];
    const reset: PartitionRef[] = [];
    for (const p of this.assignment) {
      const key = partitionKey(p);
      const result = results.get(key);
      if (!result) continue;
      if (!result.ok) {
        if (result.error instanceof KafkaError && result.error.code === ErrorCode.OFFSET_OUT_OF_RANGE)
          reset.push(p);
        else throw result.error;
        continue;
      }
      const from = this.positions.get(key)!;
      for (const batch of result.value.batches) {
        for (const record of await batchRecords(batch, from)) out.push({ ...p, record, batch });
      }
      this.positions.set(key, result.value.nextOffset);
    }
    if (reset.length > 0) await this.resetPositions(reset, signal);
    return out;
  }

  /** Marks records as processed: their offsets are committed by the next `commit`. */
  markConsumed(records: readonly ConsumedRecord[]): void {
    for (const r of records) {
      const key = partitionKey(r);
      if ((this.pending.get(key) ?? -1) < r.record.offset + 1) this.pending.set(key, r.record.offset + 1);
    }
  }

  /** Commits the offsets marked consumed. A rebalance in between makes the next poll rejoin. */
  async commit(signal?: AbortSignal): Promise<void> {
    if (this.pending.size === 0 || this.needsJoin) return;
    const byTopic = new Map<
      string,
      {
        partitionIndex: number;
        committedOffset: bigint;
        committedLeaderEpoch: number;
        committedMetadata: string | null;
      }[]
    >();
    for (const [key, offset] of this.pending) {
      const at = key.lastIndexOf(':');
      const topic = key.slice(0, at);
      const list = byTopic.get(topic) ?? [];
      list.push({
        partitionIndex: Number(key.slice(at + 1)),
        committedOffset: BigInt(offset),
        committedLeaderEpoch: -1,
        committedMetadata: null,
      });
      byTopic.set(topic, list);
    }
    await withCoordinator(
      this.access,
      this.options.groupId,
      async (coordinator, s) => {
        const response = await this.access.request(
          'OffsetCommit',
          {
            groupId: this.options.groupId,
            generationIdOrMemberEpoch: this.generationId,
            memberId: this.memberId,
            groupInstanceId: null,
            retentionTimeMs: -1n,
            topics: [...byTopic].map(([name, partitions]) => ({ name, topicId: ZERO_UUID, partitions })),
          },
          { broker: coordinator },
          { signal: s },
        );
        for (const t of response.topics) {
          for (const p of t.partitions) {
            if (rejoinCodes.has(p.errorCode)) {
              this.needsJoin = true;
              throw new KafkaError(
                p.errorCode as ErrorCode,
                `the group rebalanced before offsets were committed: ${errorName(p.errorCode)}`,
              );
            }
            throwIfError(p.errorCode, `committing ${t.name}[${p.partitionIndex}]`);
          }
        }
      },
      { signal },
    );
    this.pending.clear();
  }

  /** Commits what was marked consumed and leaves the group. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.commit().catch(() => undefined);
    } finally {
      this.closed = true;
      this.heartbeat?.abort();
      if (this.memberId) {
        await this.access
          .request(
            'LeaveGroup',
            {
              groupId: this.options.groupId,
              members: [
                { memberId: this.memberId, groupInstanceId: null, reason: 'the consumer is closing' },
              ],
            },
            { coordinator: this.options.groupId },
          )
          .catch(() => undefined);
      }
    }
  }

  private async join(signal?: AbortSignal): Promise<void> {
    this.heartbeat?.abort();
    const rebalanceTimeoutMs = this.options.rebalanceTimeoutMs ?? 30_000;
    const subscription = encodeSubscription({
      version: 0,
      topics: [...this.options.topics],
      userData: null,
      ownedPartitions: [],
      generationId: -1,
      rackId: null,
    });
    const joined = await withCoordinator(
      this.access,
      this.options.groupId,
      async (coordinator, s) => {
        for (;;) {
          const response = await this.access.request(
            'JoinGroup',
            {
              groupId: this.options.groupId,
              sessionTimeoutMs: this.options.sessionTimeoutMs ?? 10_000,
              rebalanceTimeoutMs,
              memberId: this.memberId,
              groupInstanceId: null,
              protocolType: PROTOCOL_TYPE,
              protocols: [{ name: ASSIGNOR, metadata: subscription }],
              reason: null,
            },
            { broker: coordinator },
            { signal: s, timeoutMs: rebalanceTimeoutMs + 5_000 },
          );
          if (response.errorCode === ErrorCode.MEMBER_ID_REQUIRED) {
            this.memberId = response.memberId;
            continue;
          }
          if (response.errorCode === ErrorCode.UNKNOWN_MEMBER_ID) {
            this.memberId = '';
            continue;
          }
          throwIfError(response.errorCode, `joining group "${this.options.groupId}"`);
          return response;
        }
      },
      { signal, deadlineMs: rebalanceTimeoutMs + 30_000 },
    );
    this.memberId = joined.memberId;
    this.generationId = joined.generationId;
    const assignments = joined.leader === joined.memberId ? await this.assign(joined.members, signal) : [];
    const synced = await this.access.request(
      'SyncGroup',
      {
        groupId: this.options.groupId,
        generationId: this.generationId,
        memberId: this.memberId,
        groupInstanceId: null,
        protocolType: PROTOCOL_TYPE,
        protocolName: ASSIGNOR,
        assignments,
      },
      { coordinator: this.options.groupId },
      { signal, timeoutMs: rebalanceTimeoutMs + 5_000 },
    );
    if (rejoinCodes.has(synced.errorCode)) return this.join(signal);
    throwIfError(synced.errorCode, `syncing with group "${this.options.groupId}"`);
    const assignment = decodeAssignment(synced.assignment);
    this.assignment = assignment.assignedPartitions
      .flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition })))
      .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    this.positions.clear();
    this.pending.clear();
    await this.startPositions(signal);
    this.needsJoin = false;
    this.startHeartbeat();
  }

  /** The leader's job: split the subscribed topics' partitions among the members. */
  private async assign(
    members: readonly { memberId: string; metadata: Buffer }[],
    signal?: AbortSignal,
  ): Promise<{ memberId: string; assignment: Buffer }[]> {
    const subscriptions = members.map((m) => ({
      memberId: m.memberId,
      topics: decodeSubscription(m.metadata).topics,
    }));
    const topics = [...new Set(subscriptions.flatMap((s) => s.topics))];
    const metadata = await this.access.metadata({ topics, refresh: true, ...(signal ? { signal } : {}) });
    const counts = new Map(topics.map((t) => [t, metadata.topics.get(t)?.partitions.length ?? 0]));
    const plan = rangeAssign(subscriptions, counts);
    return [...plan].map(([memberId, byTopic]) => ({
      memberId,
      assignment: encodeAssignment({
        version: 0,
        assignedPartitions: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
        userData: null,
      }),
    }));
  }

  private async startPositions(signal?: AbortSignal): Promise<void> {
    if (this.assignment.length === 0) return;
    const byTopic = new Map<string, number[]>();
    for (const p of this.assignment) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    const response = await withCoordinator(
      this.access,
      this.options.groupId,
      (coordinator, s) =>
        this.access.request(
          'OffsetFetch',
          {
            groups: [
              {
                groupId: this.options.groupId,
                memberId: null,
                memberEpoch: -1,
                topics: [...byTopic].map(([name, partitionIndexes]) => ({
                  name,
                  topicId: ZERO_UUID,
                  partitionIndexes,
                })),
              },
            ],
            requireStable: false,
          },
          { broker: coordinator },
          { signal: s },
        ),
      { signal },
    );
    for (const t of response.groups[0]?.topics ?? []) {
      for (const p of t.partitions) {
        if (p.errorCode === ErrorCode.NONE && p.committedOffset >= 0n) {
          this.positions.set(
            partitionKey({ topic: t.name, partition: p.partitionIndex }),
            Number(p.committedOffset),
          );
        }
      }
    }
    await this.resetPositions(
      this.assignment.filter((p) => !this.positions.has(partitionKey(p))),
      signal,
    );
  }

  /** Starts partitions at the earliest or latest offset (no committed offset, or out of range). */
  private async resetPositions(partitions: readonly PartitionRef[], signal?: AbortSignal): Promise<void> {
    if (partitions.length === 0) return;
    const offsets = await listOffsets(
      this.access,
      partitions,
      this.options.autoOffsetReset ?? 'latest',
      signal ? { signal } : {},
    );
    for (const p of partitions)
      this.positions.set(partitionKey(p), offsets.get(partitionKey(p))?.offset ?? 0);
  }

  private startHeartbeat(): void {
    const controller = new AbortController();
    this.heartbeat = controller;
    const interval = this.options.heartbeatIntervalMs ?? 3_000;
    void (async () => {
      while (!controller.signal.aborted) {
        try {
          await sleep(interval, controller.signal);
          const response = await this.access.request(
            'Heartbeat',
            {
              groupId: this.options.groupId,
              generationId: this.generationId,
              memberId: this.memberId,
              groupInstanceId: null,
            },
            { coordinator: this.options.groupId },
            { signal: controller.signal },
          );
          if (rejoinCodes.has(response.errorCode)) {
            this.needsJoin = true;
            return;
          }
          if (
            response.errorCode === ErrorCode.NOT_COORDINATOR ||
            response.errorCode === ErrorCode.COORDINATOR_NOT_AVAILABLE
          ) {
            this.access.invalidate({ group: this.options.groupId });
          }
        } catch {
          // A missed heartbeat is retried at the next interval; the session timeout is longer.
        }
      }
    })();
  }
}
