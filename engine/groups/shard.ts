/**
 * The groups of one partition of __consumer_offsets, on the broker that leads it (Kafka's
 * GroupMetadataManager, one per partition): loaded from the partition's log when this broker
 * becomes its leader, written back to it as groups and offsets change, dropped when leadership
 * moves away. A shard belongs to one leader epoch; a new epoch gets a new shard.
 *
 * Life: loading (every request for its groups answers COORDINATOR_LOAD_IN_PROGRESS) → active →
 * closed (NOT_COORDINATOR). Loading replays the log in order: the last record per key wins, a
 * tombstone removes; offsets committed inside a transaction stay pending until its COMMIT
 * marker (an ABORT drops them). Groups with metadata come back Stable (or Empty without
 * members) at their generation, so members that keep heartbeating to the new coordinator carry
 * on without a rebalance; offsets without group metadata form "simple" groups (Empty, no
 * protocol) of consumers that only commit.
 *
 * Writes are one batch per change, acknowledged once every in-sync replica has it (acks=all);
 * their errors are mapped as Kafka's coordinator maps them (see `coordinatorError`).
 */
import { ErrorCode } from '../protocol/errors.js';
import { ControlRecordType, decodeControlType } from '../records/control.js';
import { ClassicGroup, type CommittedOffset, type OffsetTable } from './group.js';
import { GroupMember } from './member.js';
import {
  decodeOffsetsTopicRecord,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  type GroupMetadataValue,
} from './records.js';

export interface OffsetsRecord {
  readonly key: Buffer;
  readonly value: Buffer | null;
}

/** One batch of the partition as the loader sees it. */
export interface LoadedBatch {
  readonly isControl: boolean;
  readonly isTransactional: boolean;
  readonly producerId: bigint;
  readonly records: readonly OffsetsRecord[];
}

/** Where a shard reads and writes: its partition of __consumer_offsets, at the shard's epoch. */
export interface CoordinatorLog {
  /**
   * Appends the records as one batch with acks=all (transactional when `producer` is given);
   * resolves with the append's error code, NONE once replicated.
   */
  append(
    records: readonly OffsetsRecord[],
    producer?: { readonly producerId: bigint; readonly producerEpoch: number },
  ): Promise<ErrorCode>;
  /** The partition's batches from its log start to its end as of the call, oldest first. */
  readAll(): AsyncIterable<LoadedBatch>;
}

export type ShardState = 'loading' | 'active' | 'closed';

/** What a write's error becomes in a coordinator's answer (Kafka's GroupMetadataManager). */
export function coordinatorError(code: ErrorCode, forOffsets: boolean): ErrorCode {
  switch (code) {
    case ErrorCode.NONE:
      return ErrorCode.NONE;
    case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
    case ErrorCode.NOT_ENOUGH_REPLICAS:
    case ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND:
    case ErrorCode.REQUEST_TIMED_OUT:
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    case ErrorCode.NOT_LEADER_OR_FOLLOWER:
    case ErrorCode.KAFKA_STORAGE_ERROR:
      return ErrorCode.NOT_COORDINATOR;
    case ErrorCode.MESSAGE_TOO_LARGE:
    case ErrorCode.RECORD_LIST_TOO_LARGE:
    case ErrorCode.INVALID_FETCH_SIZE:
      return forOffsets ? ErrorCode.INVALID_COMMIT_OFFSET_SIZE : ErrorCode.UNKNOWN_SERVER_ERROR;
    default:
      return code;
  }
}

export class OffsetsShard {
  private currentState: ShardState = 'loading';
  readonly groups = new Map<string, ClassicGroup>();

  constructor(
    /** The partition of __consumer_offsets. */
    readonly partition: number,
    /** The leader epoch this shard was loaded at (Kafka's coordinator epoch). */
    readonly epoch: number,
    private readonly log: CoordinatorLog,
    private readonly now: () => number,
  ) {}

  get state(): ShardState {
    return this.currentState;
  }

  /**
   * Replays the partition into groups; resolves with them once active (or with nothing if the
   * shard was closed meanwhile). A record that fits no schema fails the load.
   */
  async load(): Promise<ClassicGroup[]> {
    const metadata = new Map<string, GroupMetadataValue | null>();
    const offsets = new Map<string, OffsetTable>();
    const pending = new Map<bigint, Map<string, OffsetTable>>();
    for await (const batch of this.log.readAll()) {
      if (this.currentState === 'closed') return [];
      if (batch.isControl) {
        const record = batch.records[0];
        const txn = pending.get(batch.producerId);
        pending.delete(batch.producerId);
        if (record && txn && decodeControlType(record.key) === ControlRecordType.COMMIT) {
          for (const [groupId, table] of txn) mergeOffsets(offsetsOf(offsets, groupId), table);
        }
        continue;
      }
      for (const { key, value } of batch.records) {
        if (key === null) continue;
        const record = decodeOffsetsTopicRecord(key, value);
        if (record.kind === 'group') {
          metadata.set(record.groupId, record.value);
        } else if (record.kind === 'offset') {
          const target = batch.isTransactional
            ? offsetsOf(pendingOf(pending, batch.producerId), record.groupId)
            : offsetsOf(offsets, record.groupId);
          setOrRemove(target, record.topic, record.partition, record.value);
        }
      }
    }
    if (this.currentState === 'closed') return [];
    for (const [groupId, value] of metadata) {
      if (value !== null) this.groups.set(groupId, this.groupFromRecord(groupId, value));
    }
    for (const [groupId, table] of offsets) {
      if (table.size === 0) continue;
      let group = this.groups.get(groupId);
      if (group === undefined) this.groups.set(groupId, (group = new ClassicGroup(groupId, 'Empty', null)));
      mergeOffsets(group.offsets, table);
    }
    for (const [producerId, byGroup] of pending) {
      for (const [groupId, table] of byGroup) {
        let group = this.groups.get(groupId);
        if (group === undefined) this.groups.set(groupId, (group = new ClassicGroup(groupId, 'Empty', null)));
        group.pendingTransactionalOffsets.set(producerId, table);
      }
    }
    this.currentState = 'active';
    return [...this.groups.values()];
  }

  private groupFromRecord(groupId: string, value: GroupMetadataValue): ClassicGroup {
    const group = new ClassicGroup(
      groupId,
      value.members.length === 0 ? 'Empty' : 'Stable',
      value.currentStateTimestamp,
    );
    group.generationId = value.generation;
    group.protocolType = value.protocolType.length > 0 ? value.protocolType : null;
    group.protocolName = value.protocol;
    for (const m of value.members) {
      const protocols = value.protocol === null ? [] : [{ name: value.protocol, metadata: m.subscription }];
      const member = new GroupMember(
        m.memberId,
        m.groupInstanceId,
        m.clientId,
        m.clientHost,
        m.rebalanceTimeoutMs,
        m.sessionTimeoutMs,
        value.protocolType,
        protocols,
      );
      member.assignment = m.assignment;
      group.add(member, null);
    }
    group.leaderId = value.leader !== null && group.has(value.leader) ? value.leader : group.leaderId;
    group.subscribedTopics = group.computeSubscribedTopics();
    return group;
  }

  /** Stops serving: later writes' results are ignored by their callers (the group is Dead). */
  close(): void {
    this.currentState = 'closed';
  }

  /** Writes the group's metadata with the given assignment (members missing from it get none). */
  storeGroup(group: ClassicGroup, assignment: ReadonlyMap<string, Buffer>): Promise<ErrorCode> {
    const protocol = group.protocolName;
    const value: GroupMetadataValue = {
      protocolType: group.protocolType ?? '',
      generation: group.generationId,
      protocol,
      leader: group.leaderId,
      currentStateTimestamp: group.currentStateTimestamp,
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        rebalanceTimeoutMs: m.rebalanceTimeoutMs,
        sessionTimeoutMs: m.sessionTimeoutMs,
        subscription: protocol === null ? Buffer.alloc(0) : m.metadata(protocol),
        assignment: assignment.get(m.memberId) ?? Buffer.alloc(0),
      })),
    };
    return this.write(
      [{ key: encodeGroupMetadataKey(group.groupId), value: encodeGroupMetadataValue(value) }],
      false,
    );
  }

  /** Writes committed offsets (transactional ones with their producer). */
  storeOffsets(
    groupId: string,
    offsets: readonly { topic: string; partition: number; value: CommittedOffset }[],
    producer?: { readonly producerId: bigint; readonly producerEpoch: number },
  ): Promise<ErrorCode> {
    return this.write(
      offsets.map((o) => ({
        key: encodeOffsetCommitKey(groupId, o.topic, o.partition),
        value: encodeOffsetCommitValue(o.value),
      })),
      true,
      producer,
    );
  }

  /** Tombstones: for offsets, and for the group's metadata when `group` is set. */
  removeRecords(
    groupId: string,
    offsets: readonly { topic: string; partition: number }[],
    group: boolean,
  ): Promise<ErrorCode> {
    const records: OffsetsRecord[] = offsets.map((o) => ({
      key: encodeOffsetCommitKey(groupId, o.topic, o.partition),
      value: null,
    }));
    if (group) records.push({ key: encodeGroupMetadataKey(groupId), value: null });
    return records.length === 0 ? Promise.resolve(ErrorCode.NONE) : this.write(records, true);
  }

  private async write(
    records: readonly OffsetsRecord[],
    forOffsets: boolean,
    producer?: { readonly producerId: bigint; readonly producerEpoch: number },
  ): Promise<ErrorCode> {
    if (this.currentState !== 'active') return ErrorCode.NOT_COORDINATOR;
    return coordinatorError(await this.log.append(records, producer), forOffsets);
  }

  get time(): number {
    return this.now();
  }
}

function offsetsOf<K>(tables: Map<K, OffsetTable>, key: K): OffsetTable {
  let table = tables.get(key);
  if (table === undefined) tables.set(key, (table = new Map()));
  return table;
}

function pendingOf(
  pending: Map<bigint, Map<string, OffsetTable>>,
  producerId: bigint,
): Map<string, OffsetTable> {
  let byGroup = pending.get(producerId);
  if (byGroup === undefined) pending.set(producerId, (byGroup = new Map()));
  return byGroup;
}

function setOrRemove(
  table: OffsetTable,
  topic: string,
  partition: number,
  value: CommittedOffset | null,
): void {
  let partitions = table.get(topic);
  if (value === null) {
    partitions?.delete(partition);
    if (partitions?.size === 0) table.delete(topic);
    return;
  }
  if (partitions === undefined) table.set(topic, (partitions = new Map()));
  partitions.set(partition, value);
}

/** Applies `from` onto `into` (later commits win). */
export function mergeOffsets(into: OffsetTable, from: OffsetTable): void {
  for (const [topic, partitions] of from) {
    for (const [partition, value] of partitions) setOrRemove(into, topic, partition, value);
  }
}
