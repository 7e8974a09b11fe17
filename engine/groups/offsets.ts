/**
 * Committed offsets of one group (Kafka's OffsetCommit, OffsetFetch, OffsetDelete and offsets
 * retention on the coordinator).
 *
 * Who may commit: a member with its current generation (a commit also counts as a heartbeat);
 * anyone with generation -1 and member '' while the group has no members — an administrator
 * resetting offsets, or a consumer that assigns partitions itself and only stores offsets here.
 * During CompletingRebalance members are told REBALANCE_IN_PROGRESS (they must sync first).
 *
 * An offset is visible once written to every in-sync replica of the group's partition; until
 * then it is pending and never expires. Retention (offsets.retention.minutes, KIP-211): offsets
 * of a group without members expire that long after the group became empty; a Stable consumer
 * group's offsets of topics no member subscribes to expire that long after their commit; a
 * group without members or offsets is then deleted.
 */
import { ErrorCode } from '../protocol/errors.js';
import type { TopicPartition } from '../types.js';
import type {
  DeleteOffsetsResult,
  FetchedOffset,
  OffsetCommitInput,
  OffsetFetchInput,
  OffsetFetchResult,
  PartitionResult,
} from './api.js';
import type { GroupConfig } from './config.js';
import { type ClassicGroup, type CommittedOffset, CONSUMER_PROTOCOL_TYPE, pendingKey } from './group.js';
import type { Membership } from './membership.js';
import type { OffsetsShard } from './shard.js';

export class GroupOffsets {
  constructor(
    private readonly config: GroupConfig,
    private readonly membership: Membership,
  ) {}

  async commit(
    shard: OffsetsShard,
    group: ClassicGroup,
    input: OffsetCommitInput,
  ): Promise<PartitionResult[]> {
    const all = (errorCode: ErrorCode): PartitionResult[] =>
      input.offsets.map((o) => ({ topic: o.topic, partition: o.partition, errorCode }));
    const refused = this.validate(group, input);
    if (refused !== null) return all(refused);
    switch (group.state) {
      case 'CompletingRebalance':
        return all(ErrorCode.REBALANCE_IN_PROGRESS);
      case 'Stable':
      case 'PreparingRebalance':
        // Members learn of a rebalance from their heartbeats; until then they may commit.
        this.membership.startSession(shard, group, group.get(input.memberId));
        break;
      case 'Empty':
      case 'Dead':
        break;
    }
    const now = shard.time;
    const results = new Map<string, ErrorCode>();
    const accepted: { topic: string; partition: number; value: CommittedOffset }[] = [];
    for (const o of input.offsets) {
      const metadata = o.metadata ?? '';
      if (Buffer.byteLength(metadata) > this.config.offsetMetadataMaxBytes) {
        results.set(pendingKey(o.topic, o.partition), ErrorCode.OFFSET_METADATA_TOO_LARGE);
        continue;
      }
      accepted.push({
        topic: o.topic,
        partition: o.partition,
        value: {
          offset: o.offset,
          leaderEpoch: o.leaderEpoch,
          metadata,
          commitTimestamp: now,
          expireTimestamp: input.retentionTimeMs >= 0 ? now + input.retentionTimeMs : null,
        },
      });
    }
    if (accepted.length > 0) {
      for (const o of accepted) adjust(group.pendingOffsetCommits, pendingKey(o.topic, o.partition), 1);
      const error = await shard.storeOffsets(group.groupId, accepted);
      for (const o of accepted) {
        adjust(group.pendingOffsetCommits, pendingKey(o.topic, o.partition), -1);
        if (error === ErrorCode.NONE && !group.is('Dead')) group.setOffset(o.topic, o.partition, o.value);
        results.set(pendingKey(o.topic, o.partition), error);
      }
      if (error !== ErrorCode.NONE) removeIfDeserted(shard, group);
    }
    return input.offsets.map((o) => ({
      topic: o.topic,
      partition: o.partition,
      errorCode: results.get(pendingKey(o.topic, o.partition)) ?? ErrorCode.NONE,
    }));
  }

  /** Kafka's validateOffsetCommit; null when the commit may go ahead. */
  private validate(group: ClassicGroup, input: OffsetCommitInput): ErrorCode | null {
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (input.generationId >= 0 || input.memberId !== '' || input.groupInstanceId !== null) {
      if (group.isStaticMemberFenced(input.groupInstanceId, input.memberId))
        return ErrorCode.FENCED_INSTANCE_ID;
      if (!group.has(input.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (input.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
      return null;
    }
    // Only members may commit while the group has any.
    return group.is('Empty') ? null : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  fetch(group: ClassicGroup | undefined, input: OffsetFetchInput): OffsetFetchResult {
    const known = group !== undefined && !group.is('Dead') ? group : undefined;
    const wanted: readonly TopicPartition[] =
      input.partitions ??
      [...(known?.offsets ?? new Map<string, Map<number, CommittedOffset>>())].flatMap(
        ([topic, partitions]) => [...partitions.keys()].map((partition) => ({ topic, partition })),
      );
    const partitions = wanted.map((tp): FetchedOffset => {
      if (input.requireStable && known?.hasPendingTransactionalOffset(tp.topic, tp.partition)) {
        return {
          ...tp,
          offset: -1,
          leaderEpoch: -1,
          metadata: '',
          errorCode: ErrorCode.UNSTABLE_OFFSET_COMMIT,
        };
      }
      const committed = known?.offset(tp.topic, tp.partition);
      return committed === undefined
        ? { ...tp, offset: -1, leaderEpoch: -1, metadata: '', errorCode: ErrorCode.NONE }
        : {
            ...tp,
            offset: committed.offset,
            leaderEpoch: committed.leaderEpoch,
            metadata: committed.metadata,
            errorCode: ErrorCode.NONE,
          };
    });
    return { errorCode: ErrorCode.NONE, partitions };
  }

  /** OffsetDelete: only offsets no member may still be consuming (KIP-496). */
  async delete(
    shard: OffsetsShard,
    group: ClassicGroup | undefined,
    partitions: readonly TopicPartition[],
  ): Promise<DeleteOffsetsResult> {
    if (group === undefined || group.is('Dead'))
      return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, partitions: [] };
    let deletable: readonly TopicPartition[];
    const results = new Map<string, ErrorCode>();
    if (group.is('Empty')) {
      deletable = partitions;
    } else if (group.protocolType === CONSUMER_PROTOCOL_TYPE) {
      deletable = partitions.filter((tp) => !group.isSubscribedToTopic(tp.topic));
      for (const tp of partitions) {
        if (group.isSubscribedToTopic(tp.topic))
          results.set(pendingKey(tp.topic, tp.partition), ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
      }
    } else {
      return { errorCode: ErrorCode.NON_EMPTY_GROUP, partitions: [] };
    }
    const existing = deletable.filter((tp) => group.offset(tp.topic, tp.partition) !== undefined);
    for (const tp of existing) group.removeOffset(tp.topic, tp.partition);
    const error = await shard.removeRecords(group.groupId, existing, false);
    for (const tp of deletable) results.set(pendingKey(tp.topic, tp.partition), error);
    return {
      errorCode: ErrorCode.NONE,
      partitions: partitions.map((tp) => ({
        ...tp,
        errorCode: results.get(pendingKey(tp.topic, tp.partition)) ?? ErrorCode.NONE,
      })),
    };
  }

  /** Removes expired offsets of every group of the shard, and groups left with nothing. */
  async expire(shard: OffsetsShard): Promise<void> {
    const now = shard.time;
    const retention = this.config.offsetsRetentionMs;
    for (const group of [...shard.groups.values()]) {
      const expired = this.expiredOffsets(group, now, retention);
      for (const tp of expired) group.removeOffset(tp.topic, tp.partition);
      const dead = group.is('Empty') && !group.hasOffsets;
      if (dead) {
        group.transitionTo('Dead', now);
        shard.groups.delete(group.groupId);
      }
      // A group that only stored offsets (generation 0) never wrote metadata to remove.
      if (expired.length > 0 || (dead && group.generationId > 0))
        await shard.removeRecords(group.groupId, expired, dead && group.generationId > 0);
    }
  }

  private expiredOffsets(group: ClassicGroup, now: number, retentionMs: number): TopicPartition[] {
    let since: ((o: CommittedOffset) => number) | null = null;
    let keep: (topic: string) => boolean = () => false;
    if (group.protocolType === null) {
      since = (o) => o.commitTimestamp;
    } else if (group.is('Empty')) {
      since = (o) => group.currentStateTimestamp ?? o.commitTimestamp;
    } else if (
      group.protocolType === CONSUMER_PROTOCOL_TYPE &&
      group.subscribedTopics !== null &&
      group.is('Stable')
    ) {
      const subscribed = group.subscribedTopics;
      since = (o) => o.commitTimestamp;
      keep = (topic) => subscribed.has(topic);
    }
    if (since === null) return [];
    const expired: TopicPartition[] = [];
    for (const [topic, partitions] of group.offsets) {
      if (keep(topic)) continue;
      for (const [partition, offset] of partitions) {
        if (group.pendingOffsetCommits.has(pendingKey(topic, partition))) continue;
        const due =
          offset.expireTimestamp !== null
            ? now >= offset.expireTimestamp
            : now - since(offset) >= retentionMs;
        if (due) expired.push({ topic, partition });
      }
    }
    return expired;
  }
}

function adjust(counts: Map<string, number>, key: string, delta: number): void {
  const next = (counts.get(key) ?? 0) + delta;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}

/** A group that only ever stored offsets and has none left is forgotten. */
function removeIfDeserted(shard: OffsetsShard, group: ClassicGroup): void {
  if (group.is('Empty') && group.protocolType === null && group.size === 0 && !group.hasOffsets) {
    group.transitionTo('Dead', shard.time);
    shard.groups.delete(group.groupId);
  }
}
