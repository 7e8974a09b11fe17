/**
 * Kafka's nouns as types. Offsets, epochs and broker ids are branded numbers so that a byte
 * position cannot be passed where an offset is expected. Offsets are int64 on the wire; inside the
 * engine they are safe integers (2^53 records is beyond any log this engine will hold), which keeps
 * the hot path free of bigint arithmetic. The codec converts at the boundary.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A record's position in a partition log. */
export type Offset = Brand<number, 'Offset'>;
/** A byte position inside one segment file. */
export type FilePosition = Brand<number, 'FilePosition'>;
/** The epoch of a partition's leadership; bumps on every leader change. */
export type LeaderEpoch = Brand<number, 'LeaderEpoch'>;
/** A broker's node id (1..N in the embedded cluster). */
export type BrokerId = Brand<number, 'BrokerId'>;

export const asOffset = (n: number): Offset => n as Offset;
export const asFilePosition = (n: number): FilePosition => n as FilePosition;
export const asLeaderEpoch = (n: number): LeaderEpoch => n as LeaderEpoch;
export const asBrokerId = (n: number): BrokerId => n as BrokerId;

/** Converts a wire int64 offset to an engine offset, refusing values past 2^53. */
export function offsetFromWire(value: bigint): Offset {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`offset ${value} is outside the supported range`);
  }
  return Number(value) as Offset;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** `topic-partition`, the name Kafka gives a partition's log directory. */
export function topicPartitionKey(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}
