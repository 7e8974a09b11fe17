/**
 * The consumer protocol: what Kafka consumers put in the opaque bytes of JoinGroup (their
 * subscription, per assignor) and SyncGroup (each member's assignment). The broker never needs
 * it to run a group; the console decodes it to show who consumes which partitions.
 *
 * Both start with an int16 version and are never flexible:
 *   Subscription v0: topics [string], userData nullable bytes
 *                v1: + ownedPartitions [{topic, partitions [int32]}]
 *                v2: + generationId int32;   v3: + rackId nullable string
 *   Assignment   v0: assignedPartitions [{topic, partitions [int32]}], userData nullable bytes
 *                (v1–v3 add nothing; they follow the subscription's version)
 * A version newer than these is read as the newest known one: later versions may only append
 * fields, so the bytes after the known fields are ignored, as Kafka's consumers do.
 */
import { Reader } from './reader.js';
import { Writer } from './writer.js';

export const CONSUMER_PROTOCOL_MAX_VERSION = 3;

export interface ConsumerTopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

export interface ConsumerSubscription {
  readonly version: number;
  readonly topics: readonly string[];
  readonly userData: Buffer | null;
  /** Partitions the member owned before this rebalance (v1+, cooperative rebalancing). */
  readonly ownedPartitions: readonly ConsumerTopicPartitions[];
  /** The generation ownedPartitions belong to (v2+), or -1. */
  readonly generationId: number;
  /** The consumer's client.rack (v3+), or null. */
  readonly rackId: string | null;
}

export interface ConsumerAssignment {
  readonly version: number;
  readonly assignedPartitions: readonly ConsumerTopicPartitions[];
  readonly userData: Buffer | null;
}

function readTopicPartitions(r: Reader): ConsumerTopicPartitions[] {
  return r.readArray((r) => ({ topic: r.readString(), partitions: r.readInt32Array() }));
}

function writeTopicPartitions(w: Writer, list: readonly ConsumerTopicPartitions[]): void {
  w.writeArray(list, (w, tp) => w.writeString(tp.topic).writeInt32Array(tp.partitions));
}

/** Decodes a subscription; throws ProtocolDecodeError on malformed bytes. */
export function decodeSubscription(bytes: Buffer): ConsumerSubscription {
  const r = new Reader(bytes);
  const version = r.readInt16();
  if (version < 0) r.fail(`invalid consumer protocol version ${version}`);
  const topics = r.readStringArray();
  const userData = r.readNullableBytes();
  const ownedPartitions = version >= 1 ? readTopicPartitions(r) : [];
  const generationId = version >= 2 ? r.readInt32() : -1;
  const rackId = version >= 3 ? r.readNullableString() : null;
  return { version, topics, userData, ownedPartitions, generationId, rackId };
}

/** Encodes a subscription at its own version (at most CONSUMER_PROTOCOL_MAX_VERSION). */
export function encodeSubscription(subscription: ConsumerSubscription): Buffer {
  const version = Math.min(subscription.version, CONSUMER_PROTOCOL_MAX_VERSION);
  const w = new Writer();
  w.writeInt16(version).writeStringArray(subscription.topics).writeNullableBytes(subscription.userData);
  if (version >= 1) writeTopicPartitions(w, subscription.ownedPartitions);
  if (version >= 2) w.writeInt32(subscription.generationId);
  if (version >= 3) w.writeNullableString(subscription.rackId);
  return w.toBuffer();
}

/** Decodes an assignment; an empty buffer (a member given nothing by an old leader) is an empty assignment. */
export function decodeAssignment(bytes: Buffer): ConsumerAssignment {
  if (bytes.length === 0) return { version: 0, assignedPartitions: [], userData: null };
  const r = new Reader(bytes);
  const version = r.readInt16();
  if (version < 0) r.fail(`invalid consumer protocol version ${version}`);
  const assignedPartitions = readTopicPartitions(r);
  const userData = r.readNullableBytes();
  return { version, assignedPartitions, userData };
}

export function encodeAssignment(assignment: ConsumerAssignment): Buffer {
  const w = new Writer();
  w.writeInt16(Math.min(assignment.version, CONSUMER_PROTOCOL_MAX_VERSION));
  writeTopicPartitions(w, assignment.assignedPartitions);
  w.writeNullableBytes(assignment.userData);
  return w.toBuffer();
}
