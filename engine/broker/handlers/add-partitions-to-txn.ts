/**
 * AddPartitionsToTxn: a transactional producer adds partitions to its transaction before it
 * writes to them (v0–v3, one transaction per request), or a broker asks the coordinator whether
 * partitions are in a transaction (v4+, many transactions, `verifyOnly`; KIP-890 part 1).
 *
 * As in Kafka, partitions that do not exist answer UNKNOWN_TOPIC_OR_PARTITION and the others of
 * the same transaction OPERATION_NOT_ATTEMPTED; otherwise every partition carries the
 * coordinator's one answer (PRODUCER_FENCED only from v2 on, KIP-588).
 */
import * as addPartitionsToTxn from '../../protocol/apis/add-partitions-to-txn.js';
import type {
  AddPartitionsToTxnResult,
  AddPartitionsToTxnTopic,
  AddPartitionsToTxnTransaction,
} from '../../protocol/apis/add-partitions-to-txn.js';
import { ErrorCode } from '../../protocol/errors.js';
import { partitionKey } from '../../transactions/api.js';
import type { TopicPartition } from '../../types.js';
import { defineHandler, type HandlerContext } from '../handler.js';
import { partitionExists } from './partitions.js';
import { fencedForVersion, servesTransactions, txnCoordinatorOf } from './txn-handlers.js';

const FIRST_FENCED_VERSION = 2;

export default defineHandler({
  api: addPartitionsToTxn,
  available: servesTransactions,
  async handle(request, context) {
    const resultsByTransaction = await Promise.all(request.transactions.map((txn) => addOne(txn, context)));
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, resultsByTransaction };
  },
  errorResponse: (request, error) => ({
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    resultsByTransaction: request.transactions.map((txn) => answer(txn, () => error)),
  }),
});

async function addOne(
  txn: AddPartitionsToTxnTransaction,
  context: HandlerContext,
): Promise<AddPartitionsToTxnResult> {
  const { metadata } = context.services;
  const missing = (tp: TopicPartition): boolean => !partitionExists(metadata, tp.topic, tp.partition);
  const partitions = txn.topics.flatMap((t) =>
    t.partitions.map((partition) => ({ topic: t.name, partition })),
  );
  if (partitions.some(missing)) {
    return answer(txn, (tp) =>
      missing(tp) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.OPERATION_NOT_ATTEMPTED,
    );
  }
  const coordinator = txnCoordinatorOf(context);
  const producer = txn;
  if (txn.verifyOnly) {
    const verified = await coordinator.verifyPartitions(producer, partitions);
    return answer(txn, (tp) =>
      typeof verified === 'number'
        ? verified
        : (verified.get(partitionKey(tp)) ?? ErrorCode.INVALID_TXN_STATE),
    );
  }
  const code = fencedForVersion(
    await coordinator.addPartitions(producer, partitions),
    context.apiVersion,
    FIRST_FENCED_VERSION,
  );
  return answer(txn, () => code);
}

function answer(
  txn: { readonly transactionalId: string; readonly topics: readonly AddPartitionsToTxnTopic[] },
  codeOf: (tp: TopicPartition) => ErrorCode,
): AddPartitionsToTxnResult {
  return {
    transactionalId: txn.transactionalId,
    topicResults: txn.topics.map((t) => ({
      name: t.name,
      resultsByPartition: t.partitions.map((partition) => ({
        partitionIndex: partition,
        partitionErrorCode: codeOf({ topic: t.name, partition }),
      })),
    })),
  };
}
