import { describe, expect, it } from 'vitest';
import { PlacementError, placeReplicas } from '../../../../engine/cluster/controller/replica-placement.js';
import { seededRandom } from '../../../../engine/cluster/random.js';
import { asBrokerId } from '../../../../engine/types.js';

const brokers = [1, 2, 3].map(asBrokerId);
/** A generator whose first two draws (start, shift) are 0. */
const zeros = { next: () => 0, nextInt: () => 0, between: (min: number) => min, fork: () => zeros };

describe('placeReplicas (Kafka round-robin)', () => {
  it('follows the worked example: leaders round-robin, follower shift grows every n partitions', () => {
    expect(placeReplicas({ brokers, partitions: 6, replicationFactor: 2, random: zeros })).toEqual([
      [1, 2],
      [2, 3],
      [3, 1],
      [1, 3],
      [2, 1],
      [3, 2],
    ]);
  });

  it('spreads leaders and replicas evenly and never repeats a broker in a partition', () => {
    const placed = placeReplicas({ brokers, partitions: 30, replicationFactor: 3, random: seededRandom(9) });
    const leaders = new Map<number, number>();
    for (const replicas of placed) {
      expect(new Set(replicas).size).toBe(3);
      leaders.set(replicas[0] as number, (leaders.get(replicas[0] as number) ?? 0) + 1);
    }
    expect([...leaders.values()]).toEqual([10, 10, 10]);
  });

  it('continues after existing partitions (CreatePartitions) and is reproducible from the seed', () => {
    const a = placeReplicas({
      brokers,
      partitions: 4,
      replicationFactor: 2,
      firstPartition: 3,
      random: seededRandom(5),
    });
    const b = placeReplicas({
      brokers,
      partitions: 4,
      replicationFactor: 2,
      firstPartition: 3,
      random: seededRandom(5),
    });
    expect(a).toEqual(b);
  });

  it("refuses a replication factor above the number of brokers, with Kafka's message", () => {
    expect(() => placeReplicas({ brokers, partitions: 1, replicationFactor: 4, random: zeros })).toThrow(
      PlacementError,
    );
    expect(() => placeReplicas({ brokers, partitions: 1, replicationFactor: 4, random: zeros })).toThrow(
      'The target replication factor of 4 cannot be reached because only 3 broker(s) are registered.',
    );
  });
});
