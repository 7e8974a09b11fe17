/**
 * Offsets committed inside a transaction (TxnOffsetCommit, KIP-98 and KIP-447): written to the
 * group's __consumer_offsets partition as a transactional batch of the producer, held per
 * producer id as pending, and made the group's offsets only when the transaction's COMMIT
 * marker lands on that partition (an ABORT drops them). While pending, OffsetFetch with
 * requireStable answers UNSTABLE_OFFSET_COMMIT for those partitions.
 *
 * Validation is Kafka's GroupCoordinator.doTxnCommitOffsets: a Dead group is
 * COORDINATOR_NOT_AVAILABLE; a fenced static member FENCED_INSTANCE_ID; a named member the group
 * does not have UNKNOWN_MEMBER_ID; a generation other than the group's ILLEGAL_GENERATION
 * (generation -1 and member '' commit from outside the group, as producers before KIP-447 do).
 * A rebalance does not stop a transactional commit. The producer's epoch is checked by the log:
 * an older one fails the append with INVALID_PRODUCER_EPOCH.
 */
import { ErrorCode } from '../protocol/errors.js';
import type { PartitionResult, TxnOffsetCommitInput } from './api.js';
import type { GroupConfig } from './config.js';
import { type ClassicGroup, type CommittedOffset, type OffsetTable, pendingKey } from './group.js';
import { mergeOffsets, type OffsetsShard } from './shard.js';

export async function commitTransactionalOffsets(
  config: GroupConfig,
  shard: OffsetsShard,
  group: ClassicGroup,
  input: TxnOffsetCommitInput,
): Promise<PartitionResult[]> {
  const refused = validate(group, input);
  const results = new Map<string, ErrorCode>();
  const accepted: { topic: string; partition: number; value: CommittedOffset }[] = [];
  for (const o of input.offsets) {
    const metadata = o.metadata ?? '';
    if (refused !== null) {
      results.set(pendingKey(o.topic, o.partition), refused);
    } else if (Buffer.byteLength(metadata) > config.offsetMetadataMaxBytes) {
      results.set(pendingKey(o.topic, o.partition), ErrorCode.OFFSET_METADATA_TOO_LARGE);
    } else {
      accepted.push({
        topic: o.topic,
        partition: o.partition,
        value: {
          offset: o.offset,
          leaderEpoch: o.leaderEpoch,
          metadata,
          commitTimestamp: shard.time,
          expireTimestamp: null,
        },
      });
    }
  }
  if (accepted.length > 0) {
    // Pending from before the write, so requireStable fetches see the commit in flight.
    const pending = pendingTable(group, input.producerId);
    const previous = accepted.map((o) => pending.get(o.topic)?.get(o.partition));
    for (const o of accepted) setIn(pending, o.topic, o.partition, o.value);
    const error = await shard.storeOffsets(group.groupId, accepted, {
      producerId: input.producerId,
      producerEpoch: input.producerEpoch,
    });
    if (error !== ErrorCode.NONE) {
      // A refused write (a fenced epoch, say) leaves the transaction's earlier commit pending.
      accepted.forEach((o, i) => {
        if (pending.get(o.topic)?.get(o.partition) !== o.value) return;
        const before = previous[i];
        if (before === undefined) removeFrom(pending, o.topic, o.partition);
        else setIn(pending, o.topic, o.partition, before);
      });
      if (pending.size === 0 && group.pendingTransactionalOffsets.get(input.producerId) === pending)
        group.pendingTransactionalOffsets.delete(input.producerId);
    }
    for (const o of accepted) results.set(pendingKey(o.topic, o.partition), error);
  }
  return input.offsets.map((o) => ({
    topic: o.topic,
    partition: o.partition,
    errorCode: results.get(pendingKey(o.topic, o.partition)) ?? ErrorCode.NONE,
  }));
}

/**
 * A transaction marker was written to this shard's partition: the producer's pending offsets
 * become the groups' offsets (commit) or are dropped (abort).
 */
export function completeTransaction(shard: OffsetsShard, producerId: bigint, committed: boolean): void {
  for (const group of shard.groups.values()) {
    const pending = group.pendingTransactionalOffsets.get(producerId);
    if (pending === undefined) continue;
    group.pendingTransactionalOffsets.delete(producerId);
    if (committed && !group.is('Dead')) mergeOffsets(group.offsets, pending);
  }
}

function validate(group: ClassicGroup, input: TxnOffsetCommitInput): ErrorCode | null {
  if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  if (group.isStaticMemberFenced(input.groupInstanceId, input.memberId)) return ErrorCode.FENCED_INSTANCE_ID;
  if (input.memberId !== '' && !group.has(input.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (input.generationId >= 0 && input.generationId !== group.generationId)
    return ErrorCode.ILLEGAL_GENERATION;
  return null;
}

function pendingTable(group: ClassicGroup, producerId: bigint): OffsetTable {
  let table = group.pendingTransactionalOffsets.get(producerId);
  if (table === undefined) group.pendingTransactionalOffsets.set(producerId, (table = new Map()));
  return table;
}

function setIn(table: OffsetTable, topic: string, partition: number, value: CommittedOffset): void {
  let partitions = table.get(topic);
  if (partitions === undefined) table.set(topic, (partitions = new Map()));
  partitions.set(partition, value);
}

function removeFrom(table: OffsetTable, topic: string, partition: number): void {
  const partitions = table.get(topic);
  partitions?.delete(partition);
  if (partitions?.size === 0) table.delete(topic);
}
