/**
 * Names kept for features that later issues add to the contract, so nothing else takes them and
 * the console's navigation can leave room. Each moves into the contract table (and out of this
 * list) when its feature lands.
 */
export const reservedNames: Readonly<Record<string, string>> = {
  'cluster.throughput': 'Bytes and records in and out per second, per broker.',
  'faults.killCoordinator': 'Kill the broker coordinating a chosen transactional id or group.',
};
