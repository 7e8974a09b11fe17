/**
 * Kafka's "range" assignor (RangeAssignor), which a group leader runs to split partitions among
 * the members: per topic, the partitions in order are cut into consecutive ranges, one per
 * subscribed member in member-id order; the first `partitions % members` members get one extra.
 *
 * Worked example: topic t with 7 partitions, members a, b, c → a: 0,1,2  b: 3,4  c: 5,6.
 */

export interface Subscription {
  readonly memberId: string;
  readonly topics: readonly string[];
}

/** memberId → topic → partitions. Every member appears, possibly with nothing assigned. */
export function rangeAssign(
  subscriptions: readonly Subscription[],
  partitionCounts: ReadonlyMap<string, number>,
): Map<string, Map<string, number[]>> {
  const out = new Map<string, Map<string, number[]>>(subscriptions.map((s) => [s.memberId, new Map()]));
  const topics = [...new Set(subscriptions.flatMap((s) => s.topics))].sort();
  for (const topic of topics) {
    const count = partitionCounts.get(topic) ?? 0;
    const members = subscriptions
      .filter((s) => s.topics.includes(topic))
      .map((s) => s.memberId)
      .sort();
    const each = Math.floor(count / members.length);
    const extra = count % members.length;
    let next = 0;
    members.forEach((member, i) => {
      const size = each + (i < extra ? 1 : 0);
      if (size === 0) return;
      out.get(member)!.set(
        topic,
        Array.from({ length: size }, (_, k) => next + k),
      );
      next += size;
    });
  }
  return out;
}
