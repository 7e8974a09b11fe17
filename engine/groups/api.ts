/**
 * The group coordinator as a broker's request handlers see it (BrokerServices.groups): one call
 * per consumer-group API, in the protocol's terms but version-agnostic. Handlers check what the
 * broker's metadata can answer (topics that do not exist); the coordinator answers everything
 * about groups with Kafka's error codes:
 *
 *   INVALID_GROUP_ID              an empty group id where the API needs one
 *   COORDINATOR_NOT_AVAILABLE     the coordinator is stopping, or a write found too few replicas
 *   COORDINATOR_LOAD_IN_PROGRESS  this broker is still loading the group's offsets partition
 *   NOT_COORDINATOR               this broker does not lead the group's offsets partition
 */
import type { ErrorCode } from '../protocol/errors.js';
import type { TopicPartition } from '../types.js';
import type { JoinResult, Protocol, SyncResult } from './member.js';

export type { JoinResult, Protocol, SyncResult };

export interface JoinGroupInput {
  readonly groupId: string;
  /** '' for a member joining for the first time. */
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly Protocol[];
  readonly reason: string | null;
  /** JoinGroup v4+: a new dynamic member first gets its id with MEMBER_ID_REQUIRED (KIP-394). */
  readonly requireKnownMemberId: boolean;
  /** JoinGroup v9+: a static leader rejoining a stable group may skip its assignor (KIP-814). */
  readonly supportSkippingAssignment: boolean;
}

export interface SyncGroupInput {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** Checked against the group's when given (SyncGroup v5+). */
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  /** The leader's assignment of every member; empty from the others. */
  readonly assignments: readonly { readonly memberId: string; readonly assignment: Buffer }[];
}

export interface HeartbeatInput {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

export interface LeavingMember {
  /** '' to remove a static member by its instance id (an administrator's LeaveGroup). */
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly reason: string | null;
}

export interface LeaveGroupResult {
  readonly errorCode: ErrorCode;
  readonly members: readonly (LeavingMember & { readonly errorCode: ErrorCode })[];
}

export interface OffsetToCommit extends TopicPartition {
  readonly offset: number;
  readonly leaderEpoch: number;
  readonly metadata: string | null;
}

export interface OffsetCommitInput {
  readonly groupId: string;
  /** -1 with member '' for a commit from outside the group (an admin, a group-less consumer). */
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** OffsetCommit v2–v4's own retention, or -1 for offsets.retention.minutes. */
  readonly retentionTimeMs: number;
  readonly offsets: readonly OffsetToCommit[];
}

export interface TxnOffsetCommitInput {
  readonly groupId: string;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  /** The consumer's generation (TxnOffsetCommit v3+, KIP-447), or -1. */
  readonly generationId: number;
  /** The consumer's member id, or '' when the producer does not say. */
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly offsets: readonly OffsetToCommit[];
}

export interface PartitionResult extends TopicPartition {
  readonly errorCode: ErrorCode;
}

export interface OffsetFetchInput {
  readonly groupId: string;
  /** Null: every partition the group has an offset for. */
  readonly partitions: readonly TopicPartition[] | null;
  /** Answer UNSTABLE_OFFSET_COMMIT where a transaction's commit is still open (KIP-447). */
  readonly requireStable: boolean;
}

export interface FetchedOffset extends TopicPartition {
  /** -1 when the group has none. */
  readonly offset: number;
  readonly leaderEpoch: number;
  readonly metadata: string;
  readonly errorCode: ErrorCode;
}

export interface OffsetFetchResult {
  readonly errorCode: ErrorCode;
  readonly partitions: readonly FetchedOffset[];
}

export interface DescribedMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  /** The metadata for the chosen protocol; empty unless the group is Stable. */
  readonly metadata: Buffer;
  /** Empty unless the group is Stable. */
  readonly assignment: Buffer;
}

export interface GroupDescription {
  readonly groupId: string;
  readonly errorCode: ErrorCode;
  /** False for a group this coordinator does not know (described as Dead). */
  readonly exists: boolean;
  readonly state: string;
  readonly protocolType: string;
  /** The chosen protocol while Stable, else ''. */
  readonly protocol: string;
  readonly members: readonly DescribedMember[];
}

export interface ListedGroup {
  readonly groupId: string;
  readonly protocolType: string;
  readonly state: string;
}

export interface ListGroupsResult {
  /** COORDINATOR_LOAD_IN_PROGRESS while some partition is loading (the list is partial). */
  readonly errorCode: ErrorCode;
  readonly groups: readonly ListedGroup[];
}

export interface DeleteOffsetsResult {
  readonly errorCode: ErrorCode;
  readonly partitions: readonly PartitionResult[];
}

export interface GroupCoordinatorService {
  /** The partition of __consumer_offsets that holds the group. */
  offsetsPartitionFor(groupId: string): number;
  /**
   * Creates __consumer_offsets if it does not exist yet (one creation at a time); resolves once
   * the controller answered, whatever it answered.
   */
  createOffsetsTopic(): Promise<void>;
  joinGroup(input: JoinGroupInput): Promise<JoinResult>;
  syncGroup(input: SyncGroupInput): Promise<SyncResult>;
  heartbeat(input: HeartbeatInput): Promise<ErrorCode>;
  leaveGroup(groupId: string, members: readonly LeavingMember[]): Promise<LeaveGroupResult>;
  commitOffsets(input: OffsetCommitInput): Promise<PartitionResult[]>;
  /** Offsets committed inside the producer's transaction: visible once it commits. */
  commitTransactionalOffsets(input: TxnOffsetCommitInput): Promise<PartitionResult[]>;
  /**
   * A COMMIT (or ABORT) marker of the producer was written to these partitions of
   * __consumer_offsets: its pending transactional offsets there become visible (or are dropped).
   */
  completeTransaction(producerId: bigint, offsetsPartitions: readonly number[], committed: boolean): void;
  fetchOffsets(input: OffsetFetchInput): Promise<OffsetFetchResult>;
  describeGroup(groupId: string): Promise<GroupDescription>;
  /** Groups of the partitions this broker coordinates; `states` empty for all (case-insensitive). */
  listGroups(states: readonly string[]): Promise<ListGroupsResult>;
  deleteGroups(groupIds: readonly string[]): Promise<{ groupId: string; errorCode: ErrorCode }[]>;
  deleteOffsets(groupId: string, partitions: readonly TopicPartition[]): Promise<DeleteOffsetsResult>;
}
