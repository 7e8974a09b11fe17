/**
 * Which partition of __consumer_offsets holds a group: Kafka's
 * `Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions`, with Java's String.hashCode
 * (s[0]·31^(n-1) + … + s[n-1] in 32-bit arithmetic over UTF-16 code units) and Kafka's abs,
 * which maps Integer.MIN_VALUE to 0. With the same partition count a group lands on the same
 * partition as in Apache Kafka: "hello" hashes to 99162322, partition 22 of 50;
 * "polygenelubricants" hashes to Integer.MIN_VALUE, partition 0.
 */

/** Java's String.hashCode. */
export function javaStringHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** Kafka's Utils.abs: |n|, and 0 for the one int32 without a positive counterpart. */
function kafkaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

export function offsetsPartitionFor(groupId: string, partitionCount: number): number {
  return kafkaAbs(javaStringHashCode(groupId)) % partitionCount;
}
