/**
 * Kafka's transaction states as tag colours: in flight amber, ending in progress blue, ended or
 * idle grey, dead red. The tag always carries the state's name, so colour is never the only cue.
 */
export function transactionStateTag(state: string): 'warning' | 'info' | 'default' | 'error' {
  switch (state) {
    case 'Ongoing':
      return 'warning';
    case 'PrepareCommit':
    case 'PrepareAbort':
    case 'PrepareEpochFence':
      return 'info';
    case 'Dead':
      return 'error';
    default:
      return 'default';
  }
}
