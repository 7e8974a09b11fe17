/**
 * DescribeTransactions: the state of each transactional id this broker coordinates (KIP-664,
 * what `kafka-transactions describe` shows); an id it does not know answers
 * TRANSACTIONAL_ID_NOT_FOUND, one it does not coordinate NOT_COORDINATOR.
 */
import * as describeTransactions from '../../protocol/apis/describe-transactions.js';
import type { DescribedTransactionState } from '../../protocol/apis/describe-transactions.js';
import type { ErrorCode } from '../../protocol/errors.js';
import { defineHandler } from '../handler.js';
import { groupByTopic } from './partitions.js';
import { servesTransactions, txnCoordinatorOf } from './txn-handlers.js';

export default defineHandler({
  api: describeTransactions,
  available: servesTransactions,
  async handle(request, context) {
    const described = await txnCoordinatorOf(context).describeTransactions(request.transactionalIds);
    return {
      throttleTimeMs: 0,
      transactionStates: described.map((d): DescribedTransactionState => ({
        errorCode: d.errorCode,
        transactionalId: d.transactionalId,
        transactionState: d.state,
        transactionTimeoutMs: d.timeoutMs,
        transactionStartTimeMs: BigInt(d.startTimeMs),
        producerId: d.producerId,
        producerEpoch: d.producerEpoch,
        topics: groupByTopic(d.partitions, (tp) => tp.topic).map(([topic, tps]) => ({
          topic,
          partitions: tps.map((tp) => tp.partition),
        })),
      })),
    };
  },
  errorResponse: (request, error) => ({
    throttleTimeMs: 0,
    transactionStates: request.transactionalIds.map((transactionalId) => failed(transactionalId, error)),
  }),
});

function failed(transactionalId: string, errorCode: ErrorCode): DescribedTransactionState {
  return {
    errorCode,
    transactionalId,
    transactionState: '',
    transactionTimeoutMs: 0,
    transactionStartTimeMs: -1n,
    producerId: -1n,
    producerEpoch: -1,
    topics: [],
  };
}
