/**
 * The classic rebalance protocol on one group (Kafka's GroupCoordinator join, sync, heartbeat
 * and leave paths), protocol-agnostic: the coordinator never reads the members' metadata or
 * assignments, so eager and cooperative (incremental) consumers both work through it.
 *
 * One rebalance:
 *   1. Something starts it (a member joins, leaves, times out, changes its subscription, or
 *      the leader rejoins): the group goes to PreparingRebalance; members learn it from their
 *      next heartbeat (REBALANCE_IN_PROGRESS) and send JoinGroup again.
 *   2. The join completes when every member has rejoined, or at the longest rebalance timeout
 *      (dynamic members that did not rejoin are dropped); a group forming from Empty first waits
 *      group.initial.rebalance.delay.ms, longer while new members keep arriving (up to the
 *      rebalance timeout). The generation grows and every waiting JoinGroup is answered; the
 *      leader gets all members' metadata.
 *   3. The leader sends the assignment with its SyncGroup; once written to __consumer_offsets
 *      the group is Stable and every waiting SyncGroup gets its member's part. Members that do
 *      not send SyncGroup within the rebalance timeout are dropped and it starts over.
 *
 * Static members (group.instance.id, KIP-345) keep their place across restarts: rejoining with
 * a new member id replaces the old one without a rebalance when the group is Stable and the
 * protocol does not change; the old id is fenced (FENCED_INSTANCE_ID). Dynamic members joining
 * with JoinGroup v4+ first get their member id back with MEMBER_ID_REQUIRED (KIP-394).
 */
import { ErrorCode } from '../protocol/errors.js';
import type { BrokerId } from '../types.js';
import { invariant } from '../util/invariant.js';
import type {
  HeartbeatInput,
  JoinGroupInput,
  LeaveGroupResult,
  LeavingMember,
  SyncGroupInput,
} from './api.js';
import type { GroupConfig } from './config.js';
import type { GroupEventBody } from './events.js';
import { ClassicGroup } from './group.js';
import { EMPTY_BYTES, GroupMember, type JoinResult, type SyncResult } from './member.js';
import type { Scheduler } from './scheduler.js';
import type { OffsetsShard } from './shard.js';

type RebalanceEvent = Exclude<GroupEventBody, { type: 'group-coordinator-moved' }>;

export interface MembershipDeps {
  readonly brokerId: BrokerId;
  readonly config: GroupConfig;
  readonly scheduler: Scheduler;
  readonly emit: (event: RebalanceEvent) => void;
}

export function joinError(memberId: string, errorCode: ErrorCode): JoinResult {
  return {
    errorCode,
    memberId,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leaderId: '',
    skipAssignment: false,
    members: [],
  };
}

export function syncError(errorCode: ErrorCode): SyncResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY_BYTES };
}

/** The current generation, as a JoinGroup answer for `memberId`. */
function currentGeneration(group: ClassicGroup, memberId: string, withMembers: boolean): JoinResult {
  return {
    errorCode: ErrorCode.NONE,
    memberId,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    leaderId: group.leaderId ?? '',
    skipAssignment: false,
    members: withMembers ? group.currentMemberMetadata() : [],
  };
}

export class Membership {
  constructor(private readonly deps: MembershipDeps) {}

  // --- JoinGroup -----------------------------------------------------------------------------

  join(shard: OffsetsShard, group: ClassicGroup, input: JoinGroupInput): Promise<JoinResult> {
    return new Promise((resolve) => {
      if (!this.acceptJoiningMember(group, input.memberId)) {
        const member = group.members.get(input.memberId);
        if (member)
          this.removeMember(shard, group, member, `member ${input.memberId} exceeded group.max.size`);
        resolve(joinError('', ErrorCode.GROUP_MAX_SIZE_REACHED));
      } else if (input.memberId === '') {
        this.newMemberJoin(shard, group, input, resolve);
      } else {
        this.currentMemberJoin(shard, group, input, resolve);
      }
      if (group.is('PreparingRebalance')) this.maybeCompleteJoin(shard, group);
    });
  }

  /** Kafka's acceptJoiningMember: group.max.size counts members already waiting to join. */
  private acceptJoiningMember(group: ClassicGroup, memberId: string): boolean {
    const max = this.deps.config.maxSize;
    switch (group.state) {
      case 'Empty':
      case 'Dead':
        return true;
      case 'PreparingRebalance':
        return (group.members.get(memberId)?.isAwaitingJoin ?? false) || group.awaitingJoinCount < max;
      case 'CompletingRebalance':
      case 'Stable':
        return group.has(memberId) || group.size < max;
    }
  }

  private newMemberJoin(
    shard: OffsetsShard,
    group: ClassicGroup,
    input: JoinGroupInput,
    resolve: (result: JoinResult) => void,
  ): void {
    if (group.is('Dead')) return resolve(joinError('', ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (!group.supportsProtocols(input.protocolType, input.protocols))
      return resolve(joinError('', ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    const memberId = ClassicGroup.memberIdFor(input.clientId, input.groupInstanceId);
    if (input.groupInstanceId !== null) {
      const oldMemberId = group.staticMemberId(input.groupInstanceId);
      if (oldMemberId !== undefined) {
        this.replaceStaticMember(shard, group, oldMemberId, memberId, input, resolve);
      } else {
        this.addMemberAndRebalance(shard, group, memberId, input, resolve);
      }
    } else if (input.requireKnownMemberId) {
      group.pendingMembers.set(
        memberId,
        this.deps.scheduler.schedule(input.sessionTimeoutMs, () => {
          group.pendingMembers.delete(memberId);
          if (group.is('PreparingRebalance')) this.maybeCompleteJoin(shard, group);
        }),
      );
      resolve(joinError(memberId, ErrorCode.MEMBER_ID_REQUIRED));
    } else {
      this.addMemberAndRebalance(shard, group, memberId, input, resolve);
    }
  }

  private currentMemberJoin(
    shard: OffsetsShard,
    group: ClassicGroup,
    input: JoinGroupInput,
    resolve: (result: JoinResult) => void,
  ): void {
    const { memberId, groupInstanceId } = input;
    if (group.is('Dead')) return resolve(joinError(memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (!group.supportsProtocols(input.protocolType, input.protocols))
      return resolve(joinError(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    if (group.pendingMembers.has(memberId)) {
      // Member ids handed out with MEMBER_ID_REQUIRED are dynamic: a static one here is a client bug.
      if (groupInstanceId !== null) return resolve(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
      return this.addMemberAndRebalance(shard, group, memberId, input, resolve);
    }
    if (group.isStaticMemberFenced(groupInstanceId, memberId))
      return resolve(joinError(memberId, ErrorCode.FENCED_INSTANCE_ID));
    const unknownInstance = groupInstanceId !== null && group.staticMemberId(groupInstanceId) === undefined;
    if (!group.has(memberId) || unknownInstance)
      return resolve(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    const member = group.get(memberId);
    const update = (reason: string): void => {
      group.updateMember(
        member,
        copyProtocols(input),
        input.rebalanceTimeoutMs,
        input.sessionTimeoutMs,
        resolve,
      );
      this.maybePrepareRebalance(shard, group, reason);
    };
    switch (group.state) {
      case 'PreparingRebalance':
        return update(`member ${memberId} rejoined`);
      case 'CompletingRebalance':
        // The same metadata again: the member missed its JoinGroup answer; it gets it again.
        if (member.matches(input.protocols))
          return resolve(currentGeneration(group, memberId, group.isLeader(memberId)));
        return update(`member ${memberId} changed its subscription`);
      case 'Stable':
        // A leader rejoining forces a rebalance: it saw a change the others' metadata does not
        // show (new partitions of a subscribed topic, for consumers).
        if (group.isLeader(memberId)) return update(`leader ${memberId} rejoined`);
        if (!member.matches(input.protocols)) return update(`member ${memberId} changed its subscription`);
        return resolve(currentGeneration(group, memberId, false));
      case 'Empty':
      case 'Dead':
        return resolve(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  private addMemberAndRebalance(
    shard: OffsetsShard,
    group: ClassicGroup,
    memberId: string,
    input: JoinGroupInput,
    resolve: (result: JoinResult) => void,
  ): void {
    const member = new GroupMember(
      memberId,
      input.groupInstanceId,
      input.clientId,
      input.clientHost,
      input.rebalanceTimeoutMs,
      input.sessionTimeoutMs,
      input.protocolType,
      copyProtocols(input),
    );
    member.isNew = true;
    // A member arriving during a first rebalance's initial delay extends the delay.
    if (group.is('PreparingRebalance') && group.generationId === 0) group.newMemberAdded = true;
    group.add(member, resolve);
    this.startSession(shard, group, member, this.deps.config.newMemberJoinTimeoutMs);
    this.maybePrepareRebalance(shard, group, `member ${memberId} joined`);
  }

  /**
   * A static member came back under a new member id. The group keeps its generation and
   * assignment when it is Stable and the protocol it would choose does not change: the new id
   * is written to __consumer_offsets and the member answered at once (a leader, from v9, is
   * told to skip its assignor). Otherwise the group rebalances.
   */
  private replaceStaticMember(
    shard: OffsetsShard,
    group: ClassicGroup,
    oldMemberId: string,
    newMemberId: string,
    input: JoinGroupInput,
    resolve: (result: JoinResult) => void,
  ): void {
    const instanceId = input.groupInstanceId!;
    const previousLeader = group.leaderId ?? '';
    const old = group.get(oldMemberId);
    old.answerJoin(joinError(oldMemberId, ErrorCode.FENCED_INSTANCE_ID));
    old.answerSync(syncError(ErrorCode.FENCED_INSTANCE_ID));
    const member = group.replaceStaticMember(instanceId, oldMemberId, newMemberId);
    const before = {
      protocols: member.protocols,
      rebalanceTimeoutMs: member.rebalanceTimeoutMs,
      sessionTimeoutMs: member.sessionTimeoutMs,
    };
    this.startSession(shard, group, member);
    group.updateMember(
      member,
      copyProtocols(input),
      input.rebalanceTimeoutMs,
      input.sessionTimeoutMs,
      resolve,
    );
    const reason = `static member ${instanceId} rejoined as ${newMemberId}`;
    switch (group.state) {
      case 'Stable': {
        if (group.protocolName !== group.selectProtocol())
          return this.maybePrepareRebalance(shard, group, reason);
        const generation = group.generationId;
        const assignment = new Map([...group.members.values()].map((m) => [m.memberId, m.assignment]));
        void shard.storeGroup(group, assignment).then((error) => {
          const unchanged = group.is('Stable') && group.generationId === generation && group.has(newMemberId);
          if (error !== ErrorCode.NONE) {
            if (unchanged) {
              group.updateMember(
                member,
                before.protocols,
                before.rebalanceTimeoutMs,
                before.sessionTimeoutMs,
                null,
              );
              this.startSession(
                shard,
                group,
                group.replaceStaticMember(instanceId, newMemberId, oldMemberId),
              );
            }
            resolve({
              ...joinError('', error),
              generationId: group.generationId,
              protocolType: group.protocolType,
              protocolName: group.protocolName,
              leaderId: previousLeader,
            });
          } else if (input.supportSkippingAssignment) {
            const isLeader = group.isLeader(newMemberId);
            member.answerJoin({
              ...currentGeneration(group, newMemberId, isLeader),
              skipAssignment: isLeader,
            });
          } else {
            // Before v9, the previous leader id keeps a rejoining leader from assigning: a Stable
            // group would not hand out that assignment anyway.
            member.answerJoin({ ...currentGeneration(group, newMemberId, false), leaderId: previousLeader });
          }
        });
        return;
      }
      case 'CompletingRebalance':
        // The leader may already be assigning to the old member id: start over.
        return this.prepareRebalance(shard, group, reason);
      case 'PreparingRebalance':
        return;
      case 'Empty':
      case 'Dead':
        invariant(false, `group ${group.groupId} has a static member while ${group.state}`);
    }
  }

  // --- the rebalance -------------------------------------------------------------------------

  private maybePrepareRebalance(shard: OffsetsShard, group: ClassicGroup, reason: string): void {
    if (group.canRebalance) this.prepareRebalance(shard, group, reason);
  }

  private prepareRebalance(shard: OffsetsShard, group: ClassicGroup, reason: string): void {
    if (group.is('CompletingRebalance'))
      this.resetAndPropagateAssignmentError(shard, group, ErrorCode.REBALANCE_IN_PROGRESS);
    this.cancelSyncDeadline(group);
    const forming = group.is('Empty');
    group.transitionTo('PreparingRebalance', this.deps.scheduler.now());
    this.deps.emit({
      type: 'group-rebalance-started',
      groupId: group.groupId,
      coordinatorId: this.deps.brokerId,
      generationId: group.generationId,
      members: group.size,
      reason,
    });
    if (forming) {
      const delay = this.deps.config.initialRebalanceDelayMs;
      this.waitInitialDelay(shard, group, delay, Math.max(group.rebalanceTimeoutMs - delay, 0));
    } else {
      this.waitForMembers(shard, group, group.rebalanceTimeoutMs);
      this.maybeCompleteJoin(shard, group);
    }
  }

  /** Kafka's InitialDelayedJoin: wait `delayMs`, again while members keep arriving, within `remainingMs`. */
  private waitInitialDelay(
    shard: OffsetsShard,
    group: ClassicGroup,
    delayMs: number,
    remainingMs: number,
  ): void {
    group.joinWait = 'initial';
    group.joinTimer = this.deps.scheduler.schedule(delayMs, () => {
      group.joinTimer = null;
      group.joinWait = null;
      if (group.newMemberAdded && remainingMs !== 0) {
        group.newMemberAdded = false;
        const next = Math.min(this.deps.config.initialRebalanceDelayMs, remainingMs);
        this.waitInitialDelay(shard, group, next, Math.max(remainingMs - delayMs, 0));
      } else {
        this.completeJoin(shard, group);
      }
    });
  }

  private waitForMembers(shard: OffsetsShard, group: ClassicGroup, timeoutMs: number): void {
    group.joinWait = 'rebalance';
    group.joinTimer = this.deps.scheduler.schedule(timeoutMs, () => {
      group.joinTimer = null;
      group.joinWait = null;
      this.completeJoin(shard, group);
    });
  }

  private maybeCompleteJoin(shard: OffsetsShard, group: ClassicGroup): void {
    if (group.joinWait !== 'rebalance' || !group.hasAllMembersJoined) return;
    group.joinTimer?.();
    group.joinTimer = null;
    group.joinWait = null;
    this.completeJoin(shard, group);
  }

  /** Kafka's onCompleteJoin: the next generation begins (see step 2 of the file's doc). */
  private completeJoin(shard: OffsetsShard, group: ClassicGroup): void {
    if (!group.is('PreparingRebalance')) return;
    for (const member of group.notYetRejoinedMembers()) {
      if (!member.isStatic) group.remove(member.memberId);
    }
    if (!group.maybeElectNewJoinedLeader() && group.size > 0) {
      // Only static members that did not rejoin are left: wait for them, or for their sessions
      // to run out.
      return this.waitForMembers(shard, group, group.rebalanceTimeoutMs);
    }
    group.initNextGeneration(this.deps.scheduler.now());
    if (group.is('Empty')) {
      this.emitCompleted(group);
      // A lost write only means the previous generation comes back after a failover, without members.
      void shard.storeGroup(group, new Map());
      return;
    }
    for (const member of group.members.values()) {
      member.answerJoin(currentGeneration(group, member.memberId, group.isLeader(member.memberId)));
      this.startSession(shard, group, member);
      member.isNew = false;
      group.pendingSyncMembers.add(member.memberId);
    }
    this.scheduleSyncDeadline(shard, group);
  }

  private scheduleSyncDeadline(shard: OffsetsShard, group: ClassicGroup): void {
    this.cancelSyncDeadline(group);
    const generation = group.generationId;
    group.syncTimer = this.deps.scheduler.schedule(group.rebalanceTimeoutMs, () => {
      group.syncTimer = null;
      if (generation !== group.generationId || group.pendingSyncMembers.size === 0) return;
      if (!group.is('CompletingRebalance') && !group.is('Stable')) return;
      const missing = [...group.pendingSyncMembers];
      for (const memberId of missing) group.remove(memberId);
      this.prepareRebalance(
        shard,
        group,
        `member${missing.length > 1 ? 's' : ''} ${missing.join(', ')} sent no SyncGroup in time`,
      );
    });
  }

  private cancelSyncDeadline(group: ClassicGroup): void {
    group.syncTimer?.();
    group.syncTimer = null;
  }

  private synced(group: ClassicGroup, memberId: string): void {
    group.pendingSyncMembers.delete(memberId);
    if (group.pendingSyncMembers.size === 0) this.cancelSyncDeadline(group);
  }

  private resetAndPropagateAssignmentError(shard: OffsetsShard, group: ClassicGroup, error: ErrorCode): void {
    for (const member of group.members.values()) member.assignment = EMPTY_BYTES;
    this.propagateAssignment(shard, group, error);
  }

  private propagateAssignment(shard: OffsetsShard, group: ClassicGroup, error: ErrorCode): void {
    const ok = error === ErrorCode.NONE;
    for (const member of group.members.values()) {
      const answered = member.answerSync({
        errorCode: error,
        protocolType: ok ? group.protocolType : null,
        protocolName: ok ? group.protocolName : null,
        assignment: member.assignment,
      });
      // Its session was on hold while it waited: start it again.
      if (answered) this.startSession(shard, group, member);
    }
  }

  private emitCompleted(group: ClassicGroup): void {
    this.deps.emit({
      type: 'group-rebalance-completed',
      groupId: group.groupId,
      coordinatorId: this.deps.brokerId,
      generationId: group.generationId,
      protocol: group.protocolName,
      leaderId: group.leaderId,
      memberIds: [...group.members.keys()],
    });
  }

  // --- sessions and removal ------------------------------------------------------------------

  /** Restarts a member's session deadline (every heartbeat, commit and answer does). */
  startSession(
    shard: OffsetsShard,
    group: ClassicGroup,
    member: GroupMember,
    timeoutMs = member.sessionTimeoutMs,
  ): void {
    member.sessionTimer?.();
    member.sessionTimer = this.deps.scheduler.schedule(timeoutMs, () => {
      member.sessionTimer = null;
      if (group.is('Dead') || group.members.get(member.memberId) !== member || !member.expiresAtDeadline)
        return;
      this.removeMember(shard, group, member, `member ${member.memberId} timed out after ${timeoutMs} ms`);
    });
  }

  /** Kafka's removeMemberAndUpdateGroup: whatever it waits for is answered, then the group moves on. */
  private removeMember(shard: OffsetsShard, group: ClassicGroup, member: GroupMember, reason: string): void {
    member.answerJoin(joinError('', ErrorCode.UNKNOWN_MEMBER_ID));
    member.answerSync(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    group.remove(member.memberId);
    switch (group.state) {
      case 'Stable':
      case 'CompletingRebalance':
        return this.maybePrepareRebalance(shard, group, reason);
      case 'PreparingRebalance':
        return this.maybeCompleteJoin(shard, group);
      case 'Empty':
      case 'Dead':
        return;
    }
  }

  // --- SyncGroup, Heartbeat, LeaveGroup ------------------------------------------------------

  sync(shard: OffsetsShard, group: ClassicGroup, input: SyncGroupInput): Promise<SyncResult> {
    const { memberId } = input;
    if (group.is('Dead')) return Promise.resolve(syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (group.isStaticMemberFenced(input.groupInstanceId, memberId))
      return Promise.resolve(syncError(ErrorCode.FENCED_INSTANCE_ID));
    if (!group.has(memberId)) return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    if (input.generationId !== group.generationId)
      return Promise.resolve(syncError(ErrorCode.ILLEGAL_GENERATION));
    if (
      (input.protocolType !== null && input.protocolType !== group.protocolType) ||
      (input.protocolName !== null && input.protocolName !== group.protocolName)
    ) {
      return Promise.resolve(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    const member = group.get(memberId);
    switch (group.state) {
      case 'Empty':
      case 'Dead':
        return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
      case 'PreparingRebalance':
        return Promise.resolve(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      case 'Stable':
        this.synced(group, memberId);
        this.startSession(shard, group, member);
        return Promise.resolve({
          errorCode: ErrorCode.NONE,
          protocolType: group.protocolType,
          protocolName: group.protocolName,
          assignment: member.assignment,
        });
      case 'CompletingRebalance':
        return new Promise((resolve) => {
          member.awaitSync(resolve);
          this.synced(group, memberId);
          if (group.isLeader(memberId)) this.storeAssignment(shard, group, input.assignments);
        });
    }
  }

  /** The leader's assignment: written, then handed out; the group is Stable (or rebalances on error). */
  private storeAssignment(
    shard: OffsetsShard,
    group: ClassicGroup,
    assignments: SyncGroupInput['assignments'],
  ): void {
    const given = new Map(assignments.map((a) => [a.memberId, Buffer.from(a.assignment)]));
    const assignment = new Map([...group.members.keys()].map((id) => [id, given.get(id) ?? EMPTY_BYTES]));
    const generation = group.generationId;
    void shard.storeGroup(group, assignment).then((error) => {
      if (!group.is('CompletingRebalance') || group.generationId !== generation) return;
      if (error !== ErrorCode.NONE) {
        this.resetAndPropagateAssignmentError(shard, group, error);
        return this.maybePrepareRebalance(shard, group, 'the assignment could not be written');
      }
      for (const member of group.members.values())
        member.assignment = assignment.get(member.memberId) ?? EMPTY_BYTES;
      this.propagateAssignment(shard, group, ErrorCode.NONE);
      group.transitionTo('Stable', this.deps.scheduler.now());
      this.emitCompleted(group);
    });
  }

  heartbeat(shard: OffsetsShard, group: ClassicGroup | undefined, input: HeartbeatInput): ErrorCode {
    if (group === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (group.isStaticMemberFenced(input.groupInstanceId, input.memberId))
      return ErrorCode.FENCED_INSTANCE_ID;
    if (!group.has(input.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (input.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    switch (group.state) {
      case 'Empty':
      case 'Dead':
        return ErrorCode.UNKNOWN_MEMBER_ID;
      case 'PreparingRebalance':
        this.startSession(shard, group, group.get(input.memberId));
        return ErrorCode.REBALANCE_IN_PROGRESS;
      case 'CompletingRebalance':
      case 'Stable':
        // Members may heartbeat between their JoinGroup and SyncGroup answers: a normal heartbeat.
        this.startSession(shard, group, group.get(input.memberId));
        return ErrorCode.NONE;
    }
  }

  leave(
    shard: OffsetsShard,
    group: ClassicGroup | undefined,
    members: readonly LeavingMember[],
  ): LeaveGroupResult {
    if (group === undefined) {
      return {
        errorCode: ErrorCode.NONE,
        members: members.map((m) => ({ ...m, errorCode: ErrorCode.UNKNOWN_MEMBER_ID })),
      };
    }
    if (group.is('Dead')) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    const results = members.map((leaving) => {
      const { memberId, groupInstanceId } = leaving;
      const reason = `member ${memberId || groupInstanceId} left${leaving.reason ? ` (${leaving.reason})` : ''}`;
      let errorCode: ErrorCode = ErrorCode.NONE;
      if (memberId === '') {
        // An administrator removing a static member by its instance id.
        const current = groupInstanceId === null ? undefined : group.staticMemberId(groupInstanceId);
        if (current === undefined) errorCode = ErrorCode.UNKNOWN_MEMBER_ID;
        else this.removeMember(shard, group, group.get(current), reason);
      } else if (group.pendingMembers.has(memberId)) {
        group.remove(memberId);
        if (group.is('PreparingRebalance')) this.maybeCompleteJoin(shard, group);
      } else if (group.isStaticMemberFenced(groupInstanceId, memberId)) {
        errorCode = ErrorCode.FENCED_INSTANCE_ID;
      } else if (group.has(memberId)) {
        this.removeMember(shard, group, group.get(memberId), reason);
      } else {
        errorCode = ErrorCode.UNKNOWN_MEMBER_ID;
      }
      return { ...leaving, errorCode };
    });
    return { errorCode: ErrorCode.NONE, members: results };
  }

  // --- loading and unloading -----------------------------------------------------------------

  /** A group loaded from the log: its members must heartbeat within their sessions from now. */
  loaded(shard: OffsetsShard, group: ClassicGroup): void {
    for (const member of group.members.values()) this.startSession(shard, group, member);
  }

  /** Leadership moved away: the group is Dead here and whoever waits learns NOT_COORDINATOR. */
  unloaded(group: ClassicGroup): void {
    const now = this.deps.scheduler.now();
    group.joinTimer?.();
    group.joinTimer = null;
    group.joinWait = null;
    this.cancelSyncDeadline(group);
    for (const expiry of group.pendingMembers.values()) expiry();
    group.pendingMembers.clear();
    group.transitionTo('Dead', now);
    for (const member of group.members.values()) {
      member.sessionTimer?.();
      member.sessionTimer = null;
      member.answerJoin(joinError(member.memberId, ErrorCode.NOT_COORDINATOR));
      member.answerSync(syncError(ErrorCode.NOT_COORDINATOR));
    }
  }
}

/** Protocol metadata copied out of the request frame (a group keeps it). */
function copyProtocols(input: JoinGroupInput): { name: string; metadata: Buffer }[] {
  return input.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) }));
}
