/**
 * Choosing a partition for a record, as Kafka's Java client does, so that a key lands on the same
 * partition whichever client wrote it:
 * - with a key: `toPositive(murmur2(keyBytes)) % partitionCount` (Kafka's BuiltInPartitioner);
 * - without a key: "sticky" (KIP-480): keep one partition until about `batch.size` bytes went
 *   to it, then move to another chosen at random, so keyless records fill real batches while
 *   spreading evenly over time.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's 32-bit murmur2 (`Utils.murmur2`), as a signed int32. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length & 3;
  if (rest > 0) {
    // The Java switch falls through from 3 to 1.
    if (rest === 3) h ^= data[whole + 2]! << 16;
    if (rest >= 2) h ^= data[whole + 1]! << 8;
    h ^= data[whole]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `Utils.toPositive`: clears the sign bit (not Math.abs, which differs for MIN_VALUE). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** The partition Kafka's clients choose for a key. */
export function partitionForKey(key: Uint8Array, partitionCount: number): number {
  return toPositive(murmur2(key)) % partitionCount;
}

/** Kafka's default `batch.size`: the bytes a sticky partition takes before the next is chosen. */
export const DEFAULT_STICKY_BYTES = 16_384;

/** Partitions keyless records the sticky way; keyed records by murmur2. One per topic. */
export class StickyPartitioner {
  private current = -1;
  private bytesOnCurrent = 0;

  constructor(
    private readonly random: () => number = Math.random,
    private readonly stickyBytes = DEFAULT_STICKY_BYTES,
  ) {}

  /** The partition of a record of `size` bytes (key, value and headers). */
  partition(key: Uint8Array | null, size: number, partitionCount: number): number {
    if (key !== null) return partitionForKey(key, partitionCount);
    if (this.current < 0 || this.current >= partitionCount || this.bytesOnCurrent >= this.stickyBytes) {
      this.current = this.next(partitionCount);
      this.bytesOnCurrent = 0;
    }
    this.bytesOnCurrent += size;
    return this.current;
  }

  /** Another partition than the current one, when there is another. */
  private next(partitionCount: number): number {
    if (partitionCount <= 1) return 0;
    const pick = Math.floor(this.random() * (partitionCount - (this.current >= 0 ? 1 : 0)));
    return this.current >= 0 && pick >= this.current ? pick + 1 : pick;
  }
}
