/**
 * Everything brokers say to each other over the in-process links: the quorum's messages, the
 * brokers' requests to the active controller, follower fetches, and transaction markers.
 */
import type { ControllerMessages } from './controller/messages.js';
import type { MessageTable, Sender } from './links.js';
import type { TxnMarkerMessages } from './node/txn-marker-link.js';
import type { RaftMessages } from './raft/messages.js';
import type { ReplicaMessages } from './replication/messages.js';

export type LinkMessages = RaftMessages & ControllerMessages & ReplicaMessages & TxnMarkerMessages;

/**
 * The sender of one group of messages (raft, controller, replica or markers), from a broker's sender of
 * all of them. TypeScript cannot relate the generic signatures of a table and its parts, so the
 * one cast lives here.
 */
export function senderPart<Part extends MessageTable<Part>>(send: Sender<LinkMessages>): Sender<Part> {
  return send as unknown as Sender<Part>;
}
