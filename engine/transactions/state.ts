/**
 * The states of a transactional id, numbered as Kafka's TransactionState (the number is what the
 * transaction log stores) and named as DescribeTransactions and ListTransactions report them.
 *
 *   Empty              no transaction open (a new id, or one whose producer just initialised)
 *   Ongoing            partitions were added: the transaction is open
 *   PrepareCommit/-Abort  the outcome is decided and logged; markers are being written
 *   CompleteCommit/-Abort every partition has its marker
 *   Dead               the id expired (never written here)
 *   PrepareEpochFence  an open transaction is being aborted because its producer was fenced
 *                      (in memory only, as in Kafka: the log sees PrepareAbort)
 */
export const TxnState = {
  EMPTY: 0,
  ONGOING: 1,
  PREPARE_COMMIT: 2,
  PREPARE_ABORT: 3,
  COMPLETE_COMMIT: 4,
  COMPLETE_ABORT: 5,
  DEAD: 6,
  PREPARE_EPOCH_FENCE: 7,
} as const;
export type TxnState = (typeof TxnState)[keyof typeof TxnState];

const NAMES: Readonly<Record<TxnState, string>> = {
  [TxnState.EMPTY]: 'Empty',
  [TxnState.ONGOING]: 'Ongoing',
  [TxnState.PREPARE_COMMIT]: 'PrepareCommit',
  [TxnState.PREPARE_ABORT]: 'PrepareAbort',
  [TxnState.COMPLETE_COMMIT]: 'CompleteCommit',
  [TxnState.COMPLETE_ABORT]: 'CompleteAbort',
  [TxnState.DEAD]: 'Dead',
  [TxnState.PREPARE_EPOCH_FENCE]: 'PrepareEpochFence',
};

export function txnStateName(state: TxnState): string {
  return NAMES[state];
}

/** The state with exactly this name (as ListTransactions filters), or undefined. */
export function txnStateNamed(name: string): TxnState | undefined {
  const found = Object.entries(NAMES).find(([, n]) => n === name);
  return found === undefined ? undefined : (Number(found[0]) as TxnState);
}

export function isTxnState(value: number): value is TxnState {
  return Number.isInteger(value) && value >= TxnState.EMPTY && value <= TxnState.PREPARE_EPOCH_FENCE;
}
