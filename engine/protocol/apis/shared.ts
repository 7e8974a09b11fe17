/**
 * Structures several APIs share on the wire, with their readers and writers.
 */
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/**
 * A record set as a response carries it: one buffer, or the slices of it as read from segment
 * files (written back to back, never copied). A decoder always returns one Buffer.
 */
export type RecordSet = Buffer | readonly Buffer[];

/** A partition's leader as the answering broker knows it (KIP-951); -1 where unknown. */
export interface LeaderIdAndEpoch {
  readonly leaderId: number;
  readonly leaderEpoch: number;
}

/** A broker's address, sent beside NOT_LEADER_OR_FOLLOWER errors so clients skip a metadata round (KIP-951). */
export interface NodeEndpoint {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

export function readLeaderIdAndEpoch(r: Reader): LeaderIdAndEpoch {
  const leader = { leaderId: r.readInt32(), leaderEpoch: r.readInt32() };
  r.readTaggedFields();
  return leader;
}

export function writeLeaderIdAndEpoch(w: Writer, leader: LeaderIdAndEpoch): void {
  w.writeInt32(leader.leaderId).writeInt32(leader.leaderEpoch).writeTaggedFields();
}

export function readNodeEndpoint(r: Reader): NodeEndpoint {
  const node = {
    nodeId: r.readInt32(),
    host: r.readString(),
    port: r.readInt32(),
    rack: r.readNullableString(),
  };
  r.readTaggedFields();
  return node;
}

export function writeNodeEndpoint(w: Writer, node: NodeEndpoint): void {
  w.writeInt32(node.nodeId).writeString(node.host).writeInt32(node.port).writeNullableString(node.rack);
  w.writeTaggedFields();
}
