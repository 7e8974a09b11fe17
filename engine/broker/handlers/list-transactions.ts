/**
 * ListTransactions: the transactional ids this broker coordinates, filtered by state names,
 * producer ids, how long their transaction has been open (v1+, KIP-994) and an id pattern (v2+,
 * KIP-1152); state names Kafka does not know come back in unknownStateFilters. An admin client
 * asks every broker and joins the answers, as `kafka-transactions list` does.
 */
import * as listTransactions from '../../protocol/apis/list-transactions.js';
import { defineHandler } from '../handler.js';
import { servesTransactions, txnCoordinatorOf } from './txn-handlers.js';

export default defineHandler({
  api: listTransactions,
  available: servesTransactions,
  async handle(request, context) {
    const listed = await txnCoordinatorOf(context).listTransactions({
      states: request.stateFilters,
      producerIds: request.producerIdFilters,
      minDurationMs: Number(request.durationFilter),
      transactionalIdPattern: request.transactionalIdPattern,
    });
    return {
      throttleTimeMs: 0,
      errorCode: listed.errorCode,
      unknownStateFilters: listed.unknownStateFilters,
      transactionStates: listed.transactions.map((t) => ({
        transactionalId: t.transactionalId,
        producerId: t.producerId,
        transactionState: t.state,
      })),
    };
  },
  errorResponse: (_request, error) => ({
    throttleTimeMs: 0,
    errorCode: error,
    unknownStateFilters: [],
    transactionStates: [],
  }),
});
