/**
 * The transactional ids of one partition of __transaction_state, on the broker that leads it
 * (Kafka's TransactionStateManager, one per partition): loaded from the partition's log when this
 * broker becomes its leader, written back as ids change, dropped when leadership moves away. A
 * shard belongs to one leader epoch, which is the coordinator epoch its markers carry: a marker
 * from an older coordinator of the same partition is refused by the partition it is written to.
 *
 * Life: loading (requests for its ids answer COORDINATOR_LOAD_IN_PROGRESS) → active → closed
 * (NOT_COORDINATOR). Loading replays the log in order: the last record per id wins, a tombstone
 * removes it.
 */
import { coordinatorError, type CoordinatorLog, type ShardState } from '../groups/shard.js';
import { ErrorCode } from '../protocol/errors.js';
import { TransactionMetadata } from './metadata.js';
import {
  decodeTransactionLogKey,
  decodeTransactionLogValue,
  encodeTransactionLogKey,
  encodeTransactionLogValue,
  type TransactionLogValue,
} from './records.js';

export class TransactionShard {
  private currentState: ShardState = 'loading';
  readonly transactions = new Map<string, TransactionMetadata>();

  constructor(
    /** The partition of __transaction_state. */
    readonly partition: number,
    /** The leader epoch this shard was loaded at: the coordinator epoch. */
    readonly epoch: number,
    private readonly log: CoordinatorLog,
  ) {}

  get state(): ShardState {
    return this.currentState;
  }

  /** Replays the partition; resolves once active (or closed meanwhile). Bad records fail the load. */
  async load(): Promise<void> {
    const values = new Map<string, TransactionLogValue | null>();
    for await (const batch of this.log.readAll()) {
      if (this.currentState === 'closed') return;
      if (batch.isControl) continue;
      for (const { key, value } of batch.records) {
        values.set(decodeTransactionLogKey(key), value === null ? null : decodeTransactionLogValue(value));
      }
    }
    if (this.currentState === 'closed') return;
    for (const [id, value] of values) {
      if (value !== null) this.transactions.set(id, TransactionMetadata.fromLog(id, value));
    }
    this.currentState = 'active';
  }

  close(): void {
    this.currentState = 'closed';
  }

  /**
   * Writes the id's next state, or with null its tombstone (the id expired); NONE once replicated,
   * else the coordinator's error for it.
   */
  async write(transactionalId: string, value: TransactionLogValue | null): Promise<ErrorCode> {
    if (this.currentState !== 'active') return ErrorCode.NOT_COORDINATOR;
    const code = await this.log.append([
      {
        key: encodeTransactionLogKey(transactionalId),
        value: value === null ? null : encodeTransactionLogValue(value),
      },
    ]);
    return coordinatorError(code, false);
  }
}
