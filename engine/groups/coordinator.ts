/**
 * One broker's group coordinator (Kafka's GroupCoordinator for classic groups): it serves the
 * groups of the __consumer_offsets partitions this broker leads, one shard per partition.
 *
 * `reconcile` runs after every metadata change: a partition this broker now leads (or leads at
 * a new epoch) gets a fresh shard that loads its groups from the log; a shard whose partition
 * moved away is closed and its groups unloaded (whoever waits learns NOT_COORDINATOR). Each
 * request first finds its group's shard (Kafka's validateGroupStatus): INVALID_GROUP_ID,
 * COORDINATOR_NOT_AVAILABLE once stopped, COORDINATOR_LOAD_IN_PROGRESS while loading,
 * NOT_COORDINATOR when another broker leads the partition.
 */
import type { BrokerLogger } from '../broker/logger.js';
import { ErrorCode } from '../protocol/errors.js';
import type { BrokerId, TopicPartition } from '../types.js';
import type {
  DeleteOffsetsResult,
  GroupCoordinatorService,
  GroupDescription,
  HeartbeatInput,
  JoinGroupInput,
  LeaveGroupResult,
  LeavingMember,
  ListGroupsResult,
  OffsetCommitInput,
  OffsetFetchInput,
  OffsetFetchResult,
  PartitionResult,
  SyncGroupInput,
  TxnOffsetCommitInput,
} from './api.js';
import type { GroupConfig } from './config.js';
import type { GroupEventBody } from './events.js';
import { ClassicGroup } from './group.js';
import { EMPTY_BYTES, type JoinResult, type SyncResult } from './member.js';
import { joinError, Membership, syncError } from './membership.js';
import { GroupOffsets } from './offsets.js';
import { offsetsPartitionFor } from './partitioner.js';
import type { Cancel, Scheduler } from './scheduler.js';
import { type CoordinatorLog, OffsetsShard } from './shard.js';
import { commitTransactionalOffsets, completeTransaction } from './txn-offsets.js';

export interface OffsetsPartitions {
  /** The partitions of __consumer_offsets this broker leads now, with their leader epochs. */
  led(): ReadonlyMap<number, number>;
  /** Where the shard of a led partition, loaded at `epoch`, reads and writes. */
  log(partition: number, epoch: number): CoordinatorLog;
}

export type CoordinatorEvent =
  | Exclude<GroupEventBody, { type: 'group-coordinator-moved' }>
  | {
      readonly type: 'offsets-partition-loaded';
      readonly offsetsPartition: number;
      readonly groupIds: readonly string[];
    };

export interface GroupCoordinatorDeps {
  readonly brokerId: BrokerId;
  readonly config: GroupConfig;
  readonly scheduler: Scheduler;
  readonly partitions: OffsetsPartitions;
  /** Asks the controller to create __consumer_offsets. */
  readonly createOffsetsTopic: () => Promise<void>;
  readonly logger: BrokerLogger;
}

/** A group as this coordinator holds it, for the engine's own views (lag, the console). */
export interface LocalGroup {
  readonly groupId: string;
  readonly state: string;
  readonly protocolType: string;
  readonly protocol: string | null;
  readonly generationId: number;
  readonly members: readonly {
    readonly memberId: string;
    readonly groupInstanceId: string | null;
    readonly clientId: string;
    readonly clientHost: string;
    readonly assignment: Buffer;
  }[];
  readonly offsets: readonly (TopicPartition & { readonly offset: number })[];
}

export class GroupCoordinator implements GroupCoordinatorService {
  private readonly shards = new Map<number, OffsetsShard>();
  /** Transaction markers written to a partition while its shard was loading. */
  private readonly completedWhileLoading = new Map<
    OffsetsShard,
    { producerId: bigint; committed: boolean }[]
  >();
  private readonly listeners = new Set<(event: CoordinatorEvent) => void>();
  private readonly membership: Membership;
  private readonly offsets: GroupOffsets;
  private creatingTopic: Promise<void> | null = null;
  private expiryTimer: Cancel | null = null;
  private stopped = false;

  constructor(private readonly deps: GroupCoordinatorDeps) {
    this.membership = new Membership({
      brokerId: deps.brokerId,
      config: deps.config,
      scheduler: deps.scheduler,
      emit: (event) => this.emit(event),
    });
    this.offsets = new GroupOffsets(deps.config, this.membership);
    this.scheduleExpiry();
  }

  onEvent(listener: (event: CoordinatorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: CoordinatorEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.deps.logger.error('a group event listener failed', error);
      }
    }
  }

  // --- leadership ----------------------------------------------------------------------------

  /** Loads and unloads shards to match the offsets partitions this broker leads. */
  reconcile(): void {
    if (this.stopped) return;
    const led = this.deps.partitions.led();
    for (const [partition, shard] of [...this.shards]) {
      if (led.get(partition) !== shard.epoch) this.unload(partition);
    }
    for (const [partition, epoch] of led) {
      if (!this.shards.has(partition)) this.load(partition, epoch);
    }
  }

  private load(partition: number, epoch: number): void {
    const shard = new OffsetsShard(partition, epoch, this.deps.partitions.log(partition, epoch), () =>
      this.deps.scheduler.now(),
    );
    this.shards.set(partition, shard);
    shard.load().then(
      (groups) => {
        const completed = this.completedWhileLoading.get(shard) ?? [];
        this.completedWhileLoading.delete(shard);
        if (this.shards.get(partition) !== shard || shard.state !== 'active') return;
        for (const { producerId, committed } of completed) completeTransaction(shard, producerId, committed);
        for (const group of groups) this.membership.loaded(shard, group);
        this.emit({
          type: 'offsets-partition-loaded',
          offsetsPartition: partition,
          groupIds: groups.map((g) => g.groupId),
        });
      },
      (error: unknown) => {
        this.completedWhileLoading.delete(shard);
        this.deps.logger.error(`loading the groups of __consumer_offsets-${partition} failed`, error);
        shard.close();
      },
    );
  }

  private unload(partition: number): void {
    const shard = this.shards.get(partition);
    if (shard === undefined) return;
    this.shards.delete(partition);
    shard.close();
    for (const group of shard.groups.values()) this.membership.unloaded(group);
    shard.groups.clear();
  }

  /** Unloads everything; later requests answer COORDINATOR_NOT_AVAILABLE. */
  shutdown(): void {
    this.stopped = true;
    this.expiryTimer?.();
    this.expiryTimer = null;
    for (const partition of [...this.shards.keys()]) this.unload(partition);
  }

  private scheduleExpiry(): void {
    this.expiryTimer = this.deps.scheduler.schedule(this.deps.config.offsetsRetentionCheckIntervalMs, () => {
      void this.expireOffsets().finally(() => {
        if (!this.stopped) this.scheduleExpiry();
      });
    });
  }

  /** One pass of offsets retention over every loaded partition. */
  async expireOffsets(): Promise<void> {
    for (const shard of [...this.shards.values()]) {
      if (shard.state === 'active') await this.offsets.expire(shard);
    }
  }

  // --- routing -------------------------------------------------------------------------------

  offsetsPartitionFor(groupId: string): number {
    return offsetsPartitionFor(groupId, this.deps.config.offsetsTopicNumPartitions);
  }

  createOffsetsTopic(): Promise<void> {
    this.creatingTopic ??= this.deps.createOffsetsTopic().finally(() => {
      this.creatingTopic = null;
    });
    return this.creatingTopic;
  }

  /**
   * The shard serving a group, or the error to answer. OffsetCommit, OffsetFetch,
   * DescribeGroups and DeleteGroups accept the empty group id, as Kafka does.
   */
  private route(groupId: string, allowEmptyId: boolean): OffsetsShard | ErrorCode {
    if (groupId === '' && !allowEmptyId) return ErrorCode.INVALID_GROUP_ID;
    if (this.stopped) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const shard = this.shards.get(this.offsetsPartitionFor(groupId));
    if (shard === undefined || shard.state === 'closed') return ErrorCode.NOT_COORDINATOR;
    if (shard.state === 'loading') return ErrorCode.COORDINATOR_LOAD_IN_PROGRESS;
    return shard;
  }

  // --- the group APIs ------------------------------------------------------------------------

  async joinGroup(input: JoinGroupInput): Promise<JoinResult> {
    const shard = this.route(input.groupId, false);
    if (typeof shard === 'number') return joinError(input.memberId, shard);
    const { minSessionTimeoutMs, maxSessionTimeoutMs } = this.deps.config;
    if (input.sessionTimeoutMs < minSessionTimeoutMs || input.sessionTimeoutMs > maxSessionTimeoutMs)
      return joinError(input.memberId, ErrorCode.INVALID_SESSION_TIMEOUT);
    let group = shard.groups.get(input.groupId);
    if (group === undefined) {
      // Only a new member creates a group; a member id names a group that must exist.
      if (input.memberId !== '') return joinError(input.memberId, ErrorCode.UNKNOWN_MEMBER_ID);
      group = new ClassicGroup(input.groupId, 'Empty', shard.time);
      shard.groups.set(input.groupId, group);
    }
    // JoinGroup v0 has no rebalance timeout: the session timeout serves as both.
    const rebalanceTimeoutMs =
      input.rebalanceTimeoutMs < 0 ? input.sessionTimeoutMs : input.rebalanceTimeoutMs;
    return this.membership.join(shard, group, { ...input, rebalanceTimeoutMs });
  }

  async syncGroup(input: SyncGroupInput): Promise<SyncResult> {
    const shard = this.route(input.groupId, false);
    // A loading coordinator has lost the rebalance in progress: the member rejoins (Kafka answers
    // so because older clients do not expect COORDINATOR_LOAD_IN_PROGRESS here).
    if (shard === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) return syncError(ErrorCode.REBALANCE_IN_PROGRESS);
    if (typeof shard === 'number') return syncError(shard);
    const group = shard.groups.get(input.groupId);
    if (group === undefined) return syncError(ErrorCode.UNKNOWN_MEMBER_ID);
    return this.membership.sync(shard, group, input);
  }

  async heartbeat(input: HeartbeatInput): Promise<ErrorCode> {
    const shard = this.route(input.groupId, false);
    // While loading, heartbeats are answered blindly: the group is coming back as it was.
    if (shard === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) return ErrorCode.NONE;
    if (typeof shard === 'number') return shard;
    return this.membership.heartbeat(shard, shard.groups.get(input.groupId), input);
  }

  async leaveGroup(groupId: string, members: readonly LeavingMember[]): Promise<LeaveGroupResult> {
    const shard = this.route(groupId, false);
    if (typeof shard === 'number') return { errorCode: shard, members: [] };
    return this.membership.leave(shard, shard.groups.get(groupId), members);
  }

  async commitOffsets(input: OffsetCommitInput): Promise<PartitionResult[]> {
    const all = (errorCode: ErrorCode): PartitionResult[] =>
      input.offsets.map((o) => ({ topic: o.topic, partition: o.partition, errorCode }));
    const shard = this.route(input.groupId, true);
    if (typeof shard === 'number') return all(shard);
    let group = shard.groups.get(input.groupId);
    if (group === undefined) {
      // A group that only stores offsets here; a generation names a group that must exist.
      if (input.generationId >= 0) return all(ErrorCode.ILLEGAL_GENERATION);
      group = new ClassicGroup(input.groupId, 'Empty', shard.time);
      shard.groups.set(input.groupId, group);
    }
    return this.offsets.commit(shard, group, input);
  }

  async commitTransactionalOffsets(input: TxnOffsetCommitInput): Promise<PartitionResult[]> {
    const shard = this.route(input.groupId, false);
    if (typeof shard === 'number')
      return input.offsets.map((o) => ({ topic: o.topic, partition: o.partition, errorCode: shard }));
    let group = shard.groups.get(input.groupId);
    if (group === undefined) {
      // Kafka creates the group: a producer may commit for a group that never joined here.
      group = new ClassicGroup(input.groupId, 'Empty', shard.time);
      shard.groups.set(input.groupId, group);
    }
    return commitTransactionalOffsets(this.deps.config, shard, group, input);
  }

  completeTransaction(producerId: bigint, offsetsPartitions: readonly number[], committed: boolean): void {
    for (const partition of offsetsPartitions) {
      const shard = this.shards.get(partition);
      if (shard?.state === 'active') completeTransaction(shard, producerId, committed);
      // A loading shard may have read the log's end before this marker: settle it once loaded
      // (settling twice is harmless, the pending offsets are gone after the first).
      else if (shard?.state === 'loading') {
        const waiting = this.completedWhileLoading.get(shard) ?? [];
        waiting.push({ producerId, committed });
        this.completedWhileLoading.set(shard, waiting);
      }
    }
  }

  async fetchOffsets(input: OffsetFetchInput): Promise<OffsetFetchResult> {
    const shard = this.route(input.groupId, true);
    if (typeof shard === 'number') return { errorCode: shard, partitions: [] };
    return this.offsets.fetch(shard.groups.get(input.groupId), input);
  }

  async describeGroup(groupId: string): Promise<GroupDescription> {
    const shard = this.route(groupId, true);
    const described = { groupId, protocolType: '', protocol: '', members: [] };
    if (typeof shard === 'number') return { ...described, errorCode: shard, exists: false, state: '' };
    const group = shard.groups.get(groupId);
    if (group === undefined || group.is('Dead'))
      return { ...described, errorCode: ErrorCode.NONE, exists: false, state: 'Dead' };
    // Metadata and assignments are only meaningful once the group is Stable.
    const stable = group.is('Stable') && group.protocolName !== null ? group.protocolName : null;
    return {
      groupId,
      errorCode: ErrorCode.NONE,
      exists: true,
      state: group.state,
      protocolType: group.protocolType ?? '',
      protocol: stable ?? '',
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable === null ? EMPTY_BYTES : m.metadata(stable),
        assignment: stable === null ? EMPTY_BYTES : m.assignment,
      })),
    };
  }

  async listGroups(states: readonly string[]): Promise<ListGroupsResult> {
    const wanted = new Set(states.map((s) => s.toLowerCase()));
    const shards = [...this.shards.values()];
    const groups = shards
      .filter((shard) => shard.state === 'active')
      .flatMap((shard) => [...shard.groups.values()])
      .filter((g) => !g.is('Dead') && (wanted.size === 0 || wanted.has(g.state.toLowerCase())))
      .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '', state: g.state }));
    const loading = shards.some((shard) => shard.state === 'loading');
    return { errorCode: loading ? ErrorCode.COORDINATOR_LOAD_IN_PROGRESS : ErrorCode.NONE, groups };
  }

  async deleteGroups(groupIds: readonly string[]): Promise<{ groupId: string; errorCode: ErrorCode }[]> {
    return Promise.all(
      groupIds.map(async (groupId) => ({ groupId, errorCode: await this.deleteGroup(groupId) })),
    );
  }

  private async deleteGroup(groupId: string): Promise<ErrorCode> {
    const shard = this.route(groupId, true);
    if (typeof shard === 'number') return shard;
    const group = shard.groups.get(groupId);
    if (group === undefined || group.is('Dead')) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (!group.is('Empty')) return ErrorCode.NON_EMPTY_GROUP;
    group.transitionTo('Dead', shard.time);
    shard.groups.delete(groupId);
    const offsets = [...group.offsets].flatMap(([topic, partitions]) =>
      [...partitions.keys()].map((partition) => ({ topic, partition })),
    );
    return shard.removeRecords(groupId, offsets, true);
  }

  async deleteOffsets(groupId: string, partitions: readonly TopicPartition[]): Promise<DeleteOffsetsResult> {
    const shard = this.route(groupId, true);
    if (typeof shard === 'number') return { errorCode: shard, partitions: [] };
    return this.offsets.delete(shard, shard.groups.get(groupId), partitions);
  }

  // --- the engine's own views ----------------------------------------------------------------

  /** The groups this broker coordinates right now (loaded partitions only). */
  localGroups(): LocalGroup[] {
    const groups: LocalGroup[] = [];
    for (const shard of this.shards.values()) {
      if (shard.state !== 'active') continue;
      for (const group of shard.groups.values()) {
        if (group.is('Dead')) continue;
        groups.push({
          groupId: group.groupId,
          state: group.state,
          protocolType: group.protocolType ?? '',
          protocol: group.protocolName,
          generationId: group.generationId,
          members: [...group.members.values()].map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            clientId: m.clientId,
            clientHost: m.clientHost,
            assignment: m.assignment,
          })),
          offsets: [...group.offsets].flatMap(([topic, partitions]) =>
            [...partitions].map(([partition, committed]) => ({ topic, partition, offset: committed.offset })),
          ),
        });
      }
    }
    return groups;
  }

  /** The offsets partitions with a shard here, and whether each is loaded. */
  shardStates(): Map<number, OffsetsShard['state']> {
    return new Map([...this.shards].map(([partition, shard]) => [partition, shard.state]));
  }
}
