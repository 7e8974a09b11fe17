/**
 * What the group coordinators add to the cluster's event stream (engine/cluster/events.ts), so a
 * console's timeline shows rebalances next to the faults that caused them:
 *
 * - a rebalance starts when a group leaves Stable, Empty or CompletingRebalance for
 *   PreparingRebalance (a member joined, left, timed out or changed its subscription);
 * - it completes when the new generation is Stable (every member has its assignment) or, when
 *   nobody rejoined, Empty;
 * - a coordinator moves when a broker has loaded an offsets partition that holds groups (after
 *   a leader change or a restart): its groups are served from there on.
 */
import type { BrokerId } from '../types.js';

export type GroupEventBody =
  | {
      readonly type: 'group-rebalance-started';
      readonly groupId: string;
      readonly coordinatorId: BrokerId;
      /** The generation that is ending (0 for a group that never had one). */
      readonly generationId: number;
      /** Members at the start of the rebalance. */
      readonly members: number;
      /** Why, in words: "member m-1 joined", "member m-2 left", "member m-3 timed out", ... */
      readonly reason: string;
    }
  | {
      readonly type: 'group-rebalance-completed';
      readonly groupId: string;
      readonly coordinatorId: BrokerId;
      readonly generationId: number;
      /** The assignor the members agreed on; null when the group ended up empty. */
      readonly protocol: string | null;
      readonly leaderId: string | null;
      readonly memberIds: readonly string[];
    }
  | {
      readonly type: 'group-coordinator-moved';
      /** The partition of __consumer_offsets whose groups moved. */
      readonly offsetsPartition: number;
      readonly coordinatorId: BrokerId;
      /** The broker that served these groups before, -1 when none did in this run. */
      readonly previousCoordinatorId: BrokerId | -1;
      readonly groupIds: readonly string[];
    };
