/** Kafka's group states as tag colours: steady green, rebalancing amber, empty grey, dead red. */
export function groupStateTag(state: string): 'success' | 'warning' | 'default' | 'error' {
  switch (state) {
    case 'Stable':
      return 'success';
    case 'PreparingRebalance':
    case 'CompletingRebalance':
      return 'warning';
    case 'Dead':
      return 'error';
    default:
      return 'default';
  }
}
