/**
 * Transactions over ClusterAccess, so they work on the embedded cluster and on any Kafka cluster:
 *
 * - list: ListTransactions to every broker (each answers for the transactional ids it
 *   coordinates), then DescribeTransactions to each coordinator for state, producer id and
 *   epoch, timeout, start time and partitions — what `kafka-transactions list` and `describe` do;
 * - describe: FindCoordinator (key type 1, TRANSACTION), then DescribeTransactions there;
 * - partitions: per partition the high watermark (ListOffsets read_uncommitted) beside the last
 *   stable offset (read_committed), and the open transactions holding it (DescribeProducers on
 *   the leader), named by transactional id where a coordinator lists the producer id;
 * - abort: as `kafka-transactions abort`, DescribeProducers on the partition's leader for the
 *   open transaction's producer id, epoch and coordinator epoch, then WriteTxnMarkers ABORT to
 *   that leader. The coordinator is not told: this is for transactions it has lost track of.
 */
import { CoordinatorType } from '../../engine/protocol/apis/find-coordinator.js';
import type { DescribedTransactionState } from '../../engine/protocol/apis/describe-transactions.js';
import { ErrorCode, KafkaError } from '../../engine/protocol/errors.js';
import { ApiError } from '../api/errors.js';
import type { OpenTransaction, PartitionStability, Transaction } from '../api/schemas/transactions.js';
import type { MethodParsedInput as Input, MethodResult as Result } from '../api/types.js';
import type { ClusterAccess } from '../cluster-access.js';
import { listOffsetsSettled, partitionKey } from '../kafka-client/offsets.js';
import {
  forEachLeader,
  throwIfError,
  unwrap,
  withRetries,
  type ItemResult,
} from '../kafka-client/routing.js';
import { topicPartitions } from './browse.js';
import { asNotFound, kafkaFailure } from './errors.js';

/** The broker coordinating a transactional id (FindCoordinator key type 1). */
export async function transactionCoordinatorOf(
  access: ClusterAccess,
  transactionalId: string,
  signal?: AbortSignal,
): Promise<number> {
  return withRetries(
    async (s) => {
      const response = await access.request(
        'FindCoordinator',
        { keyType: CoordinatorType.TRANSACTION, coordinatorKeys: [transactionalId] },
        'any',
        { signal: s },
      );
      const found = response.coordinators[0];
      if (!found) throw new KafkaError(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'no coordinator in the answer');
      throwIfError(
        found.errorCode,
        `finding the coordinator of transactional id "${transactionalId}"`,
        found.errorMessage,
      );
      return found.nodeId;
    },
    { signal },
  );
}

/** How long the partitions view waits for a partition's leader before showing it without one. */
const PARTITION_DEADLINE_MS = 3_000;

/** States in which a transaction is in flight: its start time gives its age. */
const openStates = new Set(['Ongoing', 'PrepareCommit', 'PrepareAbort', 'PrepareEpochFence']);

function toTransaction(state: DescribedTransactionState, coordinator: number): Transaction {
  // Coordinators keep the last transaction's start after it ended: only an open one has an age.
  const started = openStates.has(state.transactionState) ? Number(state.transactionStartTimeMs) : -1;
  return {
    transactionalId: state.transactionalId,
    state: state.transactionState,
    producerId: Number(state.producerId),
    producerEpoch: state.producerEpoch,
    coordinator,
    timeoutMs: state.transactionTimeoutMs,
    startedAt: started < 0 ? null : started,
    partitions: state.topics
      .flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })))
      .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
  };
}

async function describeAt(
  access: ClusterAccess,
  coordinator: number,
  ids: readonly string[],
  signal: AbortSignal,
): Promise<DescribedTransactionState[]> {
  const response = await access.request(
    'DescribeTransactions',
    { transactionalIds: ids },
    { broker: coordinator },
    { signal },
  );
  return [...response.transactionStates];
}

/**
 * The transactional ids each broker coordinates, with their producer ids. A broker that cannot
 * be reached (it just died) makes the whole listing start again from fresh metadata, so a list
 * is never silently missing a broker's ids.
 */
function listedByBroker(
  access: ClusterAccess,
  producerIds: readonly bigint[],
  signal: AbortSignal,
): Promise<Map<number, { transactionalId: string; producerId: bigint }[]>> {
  return withRetries(
    async () => {
      try {
        return await listOnce(access, producerIds, signal);
      } catch (error) {
        access.invalidate();
        throw error;
      }
    },
    { signal },
  );
}

async function listOnce(
  access: ClusterAccess,
  producerIds: readonly bigint[],
  signal: AbortSignal,
): Promise<Map<number, { transactionalId: string; producerId: bigint }[]>> {
  const { brokers } = await access.metadata({ signal });
  const byBroker = new Map<number, { transactionalId: string; producerId: bigint }[]>();
  await Promise.all(
    brokers.map(async (broker) => {
      const response = await access.request(
        'ListTransactions',
        {
          stateFilters: [],
          producerIdFilters: producerIds,
          durationFilter: -1n,
          transactionalIdPattern: null,
        },
        { broker: broker.nodeId },
        { signal },
      );
      // A coordinator still loading its partitions lists what it has; the rest show up next time.
      if (response.errorCode !== ErrorCode.COORDINATOR_LOAD_IN_PROGRESS)
        throwIfError(response.errorCode, `listing the transactions of broker ${broker.nodeId}`);
      byBroker.set(
        broker.nodeId,
        response.transactionStates.map((t) => ({
          transactionalId: t.transactionalId,
          producerId: t.producerId,
        })),
      );
    }),
  );
  return byBroker;
}

export async function listTransactions(
  access: ClusterAccess,
  signal: AbortSignal,
): Promise<Result<'transactions.list'>> {
  const byBroker = await listedByBroker(access, [], signal);
  const described = await Promise.all(
    [...byBroker].map(async ([coordinator, listed]) => {
      if (listed.length === 0) return [];
      const states = await describeAt(
        access,
        coordinator,
        listed.map((t) => t.transactionalId),
        signal,
      );
      // An id that moved or ended between the two calls is left out, not reported as a failure.
      return states.filter((s) => s.errorCode === ErrorCode.NONE).map((s) => toTransaction(s, coordinator));
    }),
  );
  return described.flat().sort((a, b) => a.transactionalId.localeCompare(b.transactionalId));
}

export async function describeTransaction(
  access: ClusterAccess,
  { transactionalId }: Input<'transactions.describe'>,
  signal: AbortSignal,
): Promise<Result<'transactions.describe'>> {
  return withRetries(
    async (s) => {
      const coordinator = await transactionCoordinatorOf(access, transactionalId, s);
      const [state] = await describeAt(access, coordinator, [transactionalId], s ?? signal);
      if (!state) throw new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, 'no description in the answer');
      if (state.errorCode === ErrorCode.TRANSACTIONAL_ID_NOT_FOUND)
        throw new ApiError('NOT_FOUND', `there is no transactional id "${transactionalId}"`);
      throwIfError(state.errorCode, `describing transactional id "${transactionalId}"`);
      return toTransaction(state, coordinator);
    },
    { signal },
  );
}

interface DescribedProducers {
  readonly leader: number;
  readonly open: Omit<OpenTransaction, 'transactionalId'>[];
}

/** The open transactions of each partition, from its leader; throws the first partition's failure. */
export async function openTransactionsOf(
  access: ClusterAccess,
  topic: string,
  partitions: readonly number[],
  signal: AbortSignal,
): Promise<Map<number, DescribedProducers>> {
  const out = new Map<number, DescribedProducers>();
  for (const [partition, result] of await openTransactionsSettled(access, topic, partitions, { signal })) {
    out.set(partition, unwrapOrThrow(result, topic, partition));
  }
  return out;
}

/** Like `openTransactionsOf`, with each partition's failure as its result (one offline partition hides no other). */
async function openTransactionsSettled(
  access: ClusterAccess,
  topic: string,
  partitions: readonly number[],
  options: { signal: AbortSignal; deadlineMs?: number },
): Promise<Map<number, ItemResult<DescribedProducers> | undefined>> {
  const { signal } = options;
  const refs = partitions.map((partition) => ({ topic, partition }));
  const results = await forEachLeader<{ topic: string; partition: number }, DescribedProducers>(
    access,
    refs,
    async (leader, items) => {
      const response = await access.request(
        'DescribeProducers',
        { topics: [{ name: topic, partitionIndexes: items.map((i) => i.partition) }] },
        { broker: leader },
        { signal },
      );
      const answers = new Map(response.topics.flatMap((t) => t.partitions).map((p) => [p.partitionIndex, p]));
      return items.map((item) => {
        const answer = answers.get(item.partition);
        if (!answer) return { item, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
        return {
          item,
          errorCode: answer.errorCode,
          errorMessage: answer.errorMessage,
          value: {
            leader,
            open: answer.activeProducers
              .filter((p) => p.currentTxnStartOffset >= 0n)
              .map((p) => ({
                producerId: Number(p.producerId),
                producerEpoch: p.producerEpoch,
                coordinatorEpoch: p.coordinatorEpoch,
                startOffset: Number(p.currentTxnStartOffset),
                lastTimestamp: Number(p.lastTimestamp),
              }))
              .sort((a, b) => a.startOffset - b.startOffset),
          },
        };
      });
    },
    options,
  );
  return new Map(refs.map((ref) => [ref.partition, results.get(ref)]));
}

function unwrapOrThrow<R>(result: Parameters<typeof unwrap<R>>[0], topic: string, partition: number): R {
  try {
    return unwrap(result);
  } catch (error) {
    throw asNotFound(
      error instanceof KafkaError ? kafkaFailure(error.code, `partition ${topic}[${partition}]`) : error,
    );
  }
}

export async function transactionPartitions(
  access: ClusterAccess,
  { topic }: Input<'transactions.partitions'>,
  signal: AbortSignal,
): Promise<Result<'transactions.partitions'>> {
  const { partitions } = await topicPartitions(access, topic, undefined, signal);
  const refs = partitions.map((partition) => ({ topic, partition }));
  // A partition without a leader is shown as such after a short wait, not waited for.
  const settled = { signal, deadlineMs: PARTITION_DEADLINE_MS };
  const [latest, stable, described] = await Promise.all([
    listOffsetsSettled(access, refs, 'latest', settled),
    listOffsetsSettled(access, refs, 'latest', { ...settled, isolationLevel: 1 }),
    openTransactionsSettled(access, topic, partitions, settled),
  ]);
  const producers = new Map(
    [...described].map(([partition, result]) => [
      partition,
      result?.ok ? result.value : { leader: -1, open: [] },
    ]),
  );
  const openIds = [
    ...new Set([...producers.values()].flatMap((p) => p.open.map((o) => BigInt(o.producerId)))),
  ];
  const names = new Map<number, string>();
  if (openIds.length > 0) {
    const byBroker = await listedByBroker(access, openIds, signal).catch(() => new Map());
    for (const listed of byBroker.values()) {
      for (const t of listed as { transactionalId: string; producerId: bigint }[])
        names.set(Number(t.producerId), t.transactionalId);
    }
  }
  const offsetOf = (entry: { offset: number | null } | Error | undefined): number | null =>
    entry === undefined || entry instanceof Error ? null : entry.offset;
  return refs.map((ref): PartitionStability => {
    const described = producers.get(ref.partition)!;
    return {
      topic,
      partition: ref.partition,
      leader: described.leader,
      highWatermark: offsetOf(latest.get(partitionKey(ref))),
      lastStableOffset: offsetOf(stable.get(partitionKey(ref))),
      openTransactions: described.open.map((o) => ({
        ...o,
        transactionalId: names.get(o.producerId) ?? null,
      })),
    };
  });
}

export async function abortTransaction(
  access: ClusterAccess,
  input: Input<'transactions.abort'>,
  signal: AbortSignal,
): Promise<Result<'transactions.abort'>> {
  const { topic, partition } = input;
  await topicPartitions(access, topic, [partition], signal);
  const described = (await openTransactionsOf(access, topic, [partition], signal)).get(partition)!;
  const chosen = described.open.filter(
    (o) =>
      (input.producerId === undefined || o.producerId === input.producerId) &&
      (input.startOffset === undefined || o.startOffset === input.startOffset),
  );
  const where = `${topic}[${partition}]`;
  if (chosen.length === 0) {
    const which =
      input.producerId !== undefined
        ? ` of producer ${input.producerId}`
        : input.startOffset !== undefined
          ? ` starting at offset ${input.startOffset}`
          : '';
    throw new ApiError('NOT_FOUND', `there is no open transaction${which} on ${where}`);
  }
  if (chosen.length > 1) {
    const list = chosen.map((o) => `producer ${o.producerId} from offset ${o.startOffset}`).join(', ');
    throw new ApiError(
      'CONFLICT',
      `${chosen.length} transactions are open on ${where} (${list}): name one by producer id`,
    );
  }
  const txn = chosen[0]!;
  const response = await access.request(
    'WriteTxnMarkers',
    {
      markers: [
        {
          producerId: BigInt(txn.producerId),
          producerEpoch: txn.producerEpoch,
          transactionResult: false,
          topics: [{ name: topic, partitionIndexes: [partition] }],
          coordinatorEpoch: txn.coordinatorEpoch,
          transactionVersion: 0,
        },
      ],
    },
    { broker: described.leader },
    { signal },
  );
  const errorCode =
    response.markers[0]?.topics[0]?.partitions[0]?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
  if (errorCode !== ErrorCode.NONE) throw kafkaFailure(errorCode, `aborting the transaction on ${where}`);
  return {
    topic,
    partition,
    producerId: txn.producerId,
    producerEpoch: txn.producerEpoch,
    startOffset: txn.startOffset,
  };
}
