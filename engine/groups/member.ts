/**
 * One member of a classic group (Kafka's MemberMetadata): who it is, the protocols it offers
 * with their metadata, its assignment, its timeouts, and the JoinGroup or SyncGroup answer it is
 * waiting for, if any.
 *
 * Session rule (Kafka's hasSatisfiedHeartbeat): every heartbeat or commit restarts a member's
 * session deadline; at the deadline the member is removed — unless it is waiting for a
 * JoinGroup or SyncGroup answer, which the coordinator gives when the rebalance gets there (and
 * then starts its deadline again). A new member whose first rebalance has not completed is
 * removed at its own deadline (newMemberJoinTimeoutMs) even while it waits.
 */
import type { ErrorCode } from '../protocol/errors.js';
import type { Cancel } from './scheduler.js';

export interface Protocol {
  readonly name: string;
  readonly metadata: Buffer;
}

/** A JoinGroup answer (Kafka's JoinGroupResult). */
export interface JoinResult {
  readonly errorCode: ErrorCode;
  readonly memberId: string;
  /** -1 on error. */
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  /** '' when unknown (on error). */
  readonly leaderId: string;
  /** The leader must not run its assignor: a static leader rejoining a stable group (KIP-814). */
  readonly skipAssignment: boolean;
  /** Every member's metadata for the chosen protocol; the leader's answer only. */
  readonly members: readonly {
    readonly memberId: string;
    readonly groupInstanceId: string | null;
    readonly metadata: Buffer;
  }[];
}

/** A SyncGroup answer. */
export interface SyncResult {
  readonly errorCode: ErrorCode;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignment: Buffer;
}

export const EMPTY_BYTES = Buffer.alloc(0);

export class GroupMember {
  assignment: Buffer = EMPTY_BYTES;
  awaitingJoin: ((result: JoinResult) => void) | null = null;
  awaitingSync: ((result: SyncResult) => void) | null = null;
  /** Joined, and its first rebalance has not completed yet. */
  isNew = false;
  /** The pending session expiry. */
  sessionTimer: Cancel | null = null;

  constructor(
    public memberId: string,
    readonly groupInstanceId: string | null,
    public clientId: string,
    public clientHost: string,
    public rebalanceTimeoutMs: number,
    public sessionTimeoutMs: number,
    readonly protocolType: string,
    public protocols: readonly Protocol[],
  ) {}

  get isStatic(): boolean {
    return this.groupInstanceId !== null;
  }

  get isAwaitingJoin(): boolean {
    return this.awaitingJoin !== null;
  }

  get isAwaitingSync(): boolean {
    return this.awaitingSync !== null;
  }

  /** Whether reaching the session deadline removes the member (see the file's doc). */
  get expiresAtDeadline(): boolean {
    return this.isNew || !(this.isAwaitingJoin || this.isAwaitingSync);
  }

  /** This member's metadata for a protocol it offers. */
  metadata(protocol: string): Buffer {
    const found = this.protocols.find((p) => p.name === protocol);
    if (found === undefined) throw new Error(`member ${this.memberId} does not support protocol ${protocol}`);
    return found.metadata;
  }

  /** Whether it offers exactly these protocols, with the same metadata, in the same order. */
  matches(protocols: readonly Protocol[]): boolean {
    return (
      protocols.length === this.protocols.length &&
      protocols.every((p, i) => {
        const mine = this.protocols[i]!;
        return p.name === mine.name && p.metadata.equals(mine.metadata);
      })
    );
  }

  /** Its most preferred protocol among the candidates (the group's vote). */
  vote(candidates: ReadonlySet<string>): string {
    const choice = this.protocols.find((p) => candidates.has(p.name));
    if (choice === undefined)
      throw new Error(`member ${this.memberId} supports none of the candidate protocols`);
    return choice.name;
  }

  /**
   * Waits for the JoinGroup answer. A JoinGroup repeated while the first still waits (a client
   * that timed out and retried) gets the same answer as the first, so neither hangs.
   */
  awaitJoin(callback: (result: JoinResult) => void): void {
    const previous = this.awaitingJoin;
    this.awaitingJoin = previous === null ? callback : (result) => (previous(result), callback(result));
  }

  /** Waits for the SyncGroup answer (a repeated SyncGroup gets the same one). */
  awaitSync(callback: (result: SyncResult) => void): void {
    const previous = this.awaitingSync;
    this.awaitingSync = previous === null ? callback : (result) => (previous(result), callback(result));
  }

  /** Answers a waiting JoinGroup; true when one was waiting. */
  answerJoin(result: JoinResult): boolean {
    const callback = this.awaitingJoin;
    if (callback === null) return false;
    this.awaitingJoin = null;
    callback(result);
    return true;
  }

  /** Answers a waiting SyncGroup; true when one was waiting. */
  answerSync(result: SyncResult): boolean {
    const callback = this.awaitingSync;
    if (callback === null) return false;
    this.awaitingSync = null;
    callback(result);
    return true;
  }
}
