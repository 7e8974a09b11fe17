/**
 * A classic consumer group's state (Kafka's GroupMetadata): members, generation, chosen
 * protocol, leader, and the group's committed offsets.
 *
 * States and their only legal predecessors:
 *
 *   Empty                 ← PreparingRebalance              (no members; offsets may remain)
 *   PreparingRebalance    ← Stable, CompletingRebalance, Empty
 *                           (waiting for every member to (re)join, up to the rebalance timeout)
 *   CompletingRebalance   ← PreparingRebalance              (waiting for the leader's assignment)
 *   Stable                ← CompletingRebalance             (assignment handed out)
 *   Dead                  ← any                             (deleted, expired, or unloaded)
 *
 * Invariants: the leader, when set, is a member; every static member's instance id maps to its
 * current member id; a generation only grows. Member ids given out with MEMBER_ID_REQUIRED
 * (KIP-394) are "pending" until they join with that id or their session runs out.
 */
import { randomUUID } from 'node:crypto';
import { decodeSubscription } from '../protocol/consumer-protocol.js';
import { invariant } from '../util/invariant.js';
import type { GroupMember, Protocol } from './member.js';
import type { OffsetCommitValue } from './records.js';
import type { Cancel } from './scheduler.js';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

const validPreviousStates: Readonly<Record<GroupState, readonly GroupState[]>> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'],
};

export const CONSUMER_PROTOCOL_TYPE = 'consumer';

export type CommittedOffset = OffsetCommitValue;

/** Offsets by topic, then partition. */
export type OffsetTable = Map<string, Map<number, CommittedOffset>>;

export class ClassicGroup {
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** When the group entered its current state (null when loaded from a record that did not say). */
  currentStateTimestamp: number | null;
  readonly members = new Map<string, GroupMember>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, with their session expiry. */
  readonly pendingMembers = new Map<string, Cancel>();
  /** Members that have not sent SyncGroup for the current generation yet. */
  readonly pendingSyncMembers = new Set<string>();
  /** Set when a member joins a group forming for the first time (extends the initial delay). */
  newMemberAdded = false;
  /** Topics the members subscribe to, when the consumer protocol says (null: unknown). */
  subscribedTopics: ReadonlySet<string> | null = null;
  /** The wait of PreparingRebalance: the initial delay or the rebalance timeout. */
  joinTimer: Cancel | null = null;
  joinWait: 'initial' | 'rebalance' | null = null;
  /** Deadline for the members' SyncGroup after a join completed. */
  syncTimer: Cancel | null = null;

  readonly offsets: OffsetTable = new Map();
  /** Commits written but not yet replicated, per topic and partition (they never expire). */
  readonly pendingOffsetCommits = new Map<string, number>();
  /** Offsets committed inside open transactions, per producer id (visible once committed). */
  readonly pendingTransactionalOffsets = new Map<bigint, OffsetTable>();

  private readonly staticMembers = new Map<string, string>();
  private currentState: GroupState;

  constructor(
    readonly groupId: string,
    state: 'Empty' | 'Stable',
    now: number | null,
  ) {
    this.currentState = state;
    this.currentStateTimestamp = now;
  }

  get state(): GroupState {
    return this.currentState;
  }

  is(state: GroupState): boolean {
    return this.currentState === state;
  }

  transitionTo(state: GroupState, now: number): void {
    invariant(
      validPreviousStates[state].includes(this.currentState),
      () => `group ${this.groupId} cannot go from ${this.currentState} to ${state}`,
    );
    this.currentState = state;
    this.currentStateTimestamp = now;
  }

  /** A rebalance may start from here (Kafka's canRebalance). */
  get canRebalance(): boolean {
    return validPreviousStates.PreparingRebalance.includes(this.currentState);
  }

  get size(): number {
    return this.members.size;
  }

  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  get(memberId: string): GroupMember {
    const member = this.members.get(memberId);
    invariant(member !== undefined, () => `group ${this.groupId} has no member ${memberId}`);
    return member;
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  staticMemberId(groupInstanceId: string): string | undefined {
    return this.staticMembers.get(groupInstanceId);
  }

  /** A static member whose instance id now belongs to another member id: a zombie. */
  isStaticMemberFenced(groupInstanceId: string | null, memberId: string): boolean {
    if (groupInstanceId === null) return false;
    const current = this.staticMembers.get(groupInstanceId);
    return current !== undefined && current !== memberId;
  }

  /** Whether a member of this protocol type offering these protocols may join. */
  supportsProtocols(protocolType: string, protocols: readonly Protocol[]): boolean {
    if (this.is('Empty')) return protocolType.length > 0 && protocols.length > 0;
    if (this.protocolType !== protocolType) return false;
    const candidates = this.candidateProtocols();
    return protocols.some((p) => candidates.has(p.name));
  }

  /** Protocols every member supports. */
  private candidateProtocols(): Set<string> {
    const [first, ...rest] = [...this.members.values()];
    if (first === undefined) return new Set();
    let candidates = new Set(first.protocols.map((p) => p.name));
    for (const member of rest) {
      const names = new Set(member.protocols.map((p) => p.name));
      candidates = new Set([...candidates].filter((n) => names.has(n)));
    }
    return candidates;
  }

  add(member: GroupMember, onJoin: GroupMember['awaitingJoin']): void {
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    if (this.members.size === 0) this.protocolType = member.protocolType;
    invariant(
      this.protocolType === member.protocolType,
      () =>
        `member ${member.memberId} of protocol type ${member.protocolType} joins a ${this.protocolType} group`,
    );
    this.leaderId ??= member.memberId;
    this.members.set(member.memberId, member);
    member.awaitingJoin = onJoin;
    this.cancelPendingMember(member.memberId);
  }

  remove(memberId: string): GroupMember | undefined {
    const member = this.members.get(memberId);
    if (member !== undefined) {
      this.members.delete(memberId);
      if (member.groupInstanceId !== null) this.staticMembers.delete(member.groupInstanceId);
      member.sessionTimer?.();
      member.sessionTimer = null;
    }
    if (this.isLeader(memberId)) this.leaderId = this.members.keys().next().value ?? null;
    this.cancelPendingMember(memberId);
    this.pendingSyncMembers.delete(memberId);
    return member;
  }

  private cancelPendingMember(memberId: string): void {
    const expiry = this.pendingMembers.get(memberId);
    if (expiry === undefined) return;
    expiry();
    this.pendingMembers.delete(memberId);
  }

  updateMember(
    member: GroupMember,
    protocols: readonly Protocol[],
    rebalanceTimeoutMs: number,
    sessionTimeoutMs: number,
    onJoin: GroupMember['awaitingJoin'],
  ): void {
    member.protocols = protocols;
    member.rebalanceTimeoutMs = rebalanceTimeoutMs;
    member.sessionTimeoutMs = sessionTimeoutMs;
    if (onJoin === null) member.awaitingJoin = null;
    else member.awaitJoin(onJoin);
  }

  /**
   * A static member rejoined with a new member id: the old id is fenced (whatever it still
   * waits for is answered FENCED_INSTANCE_ID by the caller first) and the member lives on under
   * the new one, leadership and pending sync included.
   */
  replaceStaticMember(groupInstanceId: string, oldMemberId: string, newMemberId: string): GroupMember {
    const member = this.get(oldMemberId);
    this.members.delete(oldMemberId);
    member.memberId = newMemberId;
    this.members.set(newMemberId, member);
    if (this.isLeader(oldMemberId)) this.leaderId = newMemberId;
    this.staticMembers.set(groupInstanceId, newMemberId);
    if (this.pendingSyncMembers.delete(oldMemberId)) this.pendingSyncMembers.add(newMemberId);
    return member;
  }

  /** The longest rebalance timeout of any member: how long a rebalance may wait for them. */
  get rebalanceTimeoutMs(): number {
    let timeout = 0;
    for (const member of this.members.values()) timeout = Math.max(timeout, member.rebalanceTimeoutMs);
    return timeout;
  }

  get awaitingJoinCount(): number {
    let count = 0;
    for (const member of this.members.values()) if (member.isAwaitingJoin) count++;
    return count;
  }

  get hasAllMembersJoined(): boolean {
    return this.awaitingJoinCount === this.members.size && this.pendingMembers.size === 0;
  }

  notYetRejoinedMembers(): GroupMember[] {
    return [...this.members.values()].filter((m) => !m.isAwaitingJoin);
  }

  /**
   * Keeps a leader that rejoined, or makes any member that rejoined the leader. False when
   * nobody rejoined (the rebalance cannot complete yet).
   */
  maybeElectNewJoinedLeader(): boolean {
    if (this.leaderId === null) return false;
    if (this.get(this.leaderId).isAwaitingJoin) return true;
    const joined = [...this.members.values()].find((m) => m.isAwaitingJoin);
    if (joined === undefined) return false;
    this.leaderId = joined.memberId;
    return true;
  }

  /**
   * The protocol for the next generation: among those every member supports, the one most
   * members prefer (ties go to the earlier preference of the first member).
   */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    invariant(candidates.size > 0, () => `the members of group ${this.groupId} share no protocol`);
    const votes = new Map<string, number>();
    for (const member of this.members.values()) {
      const choice = member.vote(candidates);
      votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best: string | null = null;
    for (const [name, count] of votes) if (best === null || count > votes.get(best)!) best = name;
    return best!;
  }

  /** Every member's metadata for the chosen protocol: the leader's JoinGroup answer. */
  currentMemberMetadata(): { memberId: string; groupInstanceId: string | null; metadata: Buffer }[] {
    invariant(
      this.protocolName !== null && !this.is('Dead') && !this.is('PreparingRebalance'),
      () => `group ${this.groupId} has no member metadata in state ${this.currentState}`,
    );
    const protocol = this.protocolName;
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadata(protocol),
    }));
  }

  /** Ends PreparingRebalance: the next generation, CompletingRebalance, or Empty without members. */
  initNextGeneration(now: number): void {
    this.generationId += 1;
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol();
      this.subscribedTopics = this.computeSubscribedTopics();
      this.transitionTo('CompletingRebalance', now);
    } else {
      this.protocolName = null;
      this.subscribedTopics = this.computeSubscribedTopics();
      this.transitionTo('Empty', now);
    }
    this.pendingSyncMembers.clear();
  }

  /** The union of the members' subscriptions, when the group speaks the consumer protocol. */
  computeSubscribedTopics(): ReadonlySet<string> | null {
    if (this.protocolType !== CONSUMER_PROTOCOL_TYPE) return null;
    if (this.members.size === 0) return new Set();
    if (this.protocolName === null) return null;
    const topics = new Set<string>();
    try {
      for (const member of this.members.values()) {
        for (const topic of decodeSubscription(member.metadata(this.protocolName)).topics) topics.add(topic);
      }
    } catch {
      return null;
    }
    return topics;
  }

  /** Whether a member may still be consuming the topic (unknown subscriptions count as yes). */
  isSubscribedToTopic(topic: string): boolean {
    return this.subscribedTopics === null || this.subscribedTopics.has(topic);
  }

  /** A fresh member id: `<group.instance.id or client.id>-<uuid>`, as Kafka builds them. */
  static memberIdFor(clientId: string, groupInstanceId: string | null): string {
    return `${groupInstanceId ?? clientId}-${randomUUID()}`;
  }

  // --- offsets -------------------------------------------------------------------------------

  offset(topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(topic)?.get(partition);
  }

  setOffset(topic: string, partition: number, offset: CommittedOffset): void {
    let partitions = this.offsets.get(topic);
    if (partitions === undefined) this.offsets.set(topic, (partitions = new Map()));
    partitions.set(partition, offset);
  }

  removeOffset(topic: string, partition: number): boolean {
    const partitions = this.offsets.get(topic);
    const removed = partitions?.delete(partition) ?? false;
    if (partitions?.size === 0) this.offsets.delete(topic);
    return removed;
  }

  get hasOffsets(): boolean {
    return (
      this.offsets.size > 0 || this.pendingOffsetCommits.size > 0 || this.pendingTransactionalOffsets.size > 0
    );
  }

  /** Offsets committed inside a still-open transaction on this partition (OffsetFetch's requireStable). */
  hasPendingTransactionalOffset(topic: string, partition: number): boolean {
    for (const table of this.pendingTransactionalOffsets.values()) {
      if (table.get(topic)?.has(partition)) return true;
    }
    return false;
  }
}

export function pendingKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}
