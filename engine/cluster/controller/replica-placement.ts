/**
 * Where a new partition's replicas go: Kafka's rack-unaware round-robin assignment
 * (AdminUtils.assignReplicasToBrokersRackUnaware). The first replica of partition p goes to
 * broker (start + p) mod n, so leaders spread evenly; the followers follow at a shift that
 * grows by one every n partitions, so the replicas of one broker's partitions spread over the
 * others instead of always landing on its neighbour. `start` and the initial shift are random
 * (seeded) per call, as in Kafka, so topics created one after another do not pile their leaders
 * onto the same broker.
 *
 * Worked example, brokers [1,2,3], rf 2, start 0, shift 0:
 *   p0 → [1,2]   p1 → [2,3]   p2 → [3,1]   p3 (shift 1) → [1,3]   p4 → [2,1]   p5 → [3,2]
 */
import type { BrokerId } from '../../types.js';
import type { Random } from '../random.js';

export class PlacementError extends Error {
  override readonly name = 'PlacementError';
}

export function placeReplicas(options: {
  /** Brokers that may host new replicas (registered and unfenced). */
  readonly brokers: readonly BrokerId[];
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Id of the first partition to place (CreatePartitions continues after the existing ones). */
  readonly firstPartition?: number;
  readonly random: Random;
}): BrokerId[][] {
  const brokers = [...options.brokers].sort((a, b) => a - b);
  const n = brokers.length;
  if (options.replicationFactor > n) {
    throw new PlacementError(
      `Unable to replicate the partition ${options.replicationFactor} time(s): The target replication factor of ` +
        `${options.replicationFactor} cannot be reached because only ${n} broker(s) are registered.`,
    );
  }
  const start = options.random.nextInt(n);
  let shift = options.random.nextInt(n);
  const result: BrokerId[][] = [];
  let partition = options.firstPartition ?? 0;
  for (let i = 0; i < options.partitions; i++, partition++) {
    if (partition > 0 && partition % n === 0) shift++;
    const first = (partition + start) % n;
    const replicas = [brokers[first] as BrokerId];
    for (let j = 0; j < options.replicationFactor - 1; j++) {
      const offset = 1 + ((shift + j) % (n - 1));
      replicas.push(brokers[(first + offset) % n] as BrokerId);
    }
    result.push(replicas);
  }
  return result;
}
