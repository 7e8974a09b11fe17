/**
 * AddOffsetsToTxn: a transactional producer adds a consumer group's offsets to its transaction
 * (sendOffsetsToTransaction): the coordinator adds the group's partition of __consumer_offsets,
 * which then gets the transaction's marker like any other partition, making the offsets the
 * producer commits with TxnOffsetCommit visible exactly when the transaction commits.
 * PRODUCER_FENCED reaches v2+ requests only (KIP-588).
 */
import * as addOffsetsToTxn from '../../protocol/apis/add-offsets-to-txn.js';
import { defineHandler } from '../handler.js';
import { fencedForVersion, servesTransactions, txnCoordinatorOf } from './txn-handlers.js';

const FIRST_FENCED_VERSION = 2;

export default defineHandler({
  api: addOffsetsToTxn,
  available: servesTransactions,
  async handle(request, context) {
    const code = await txnCoordinatorOf(context).addOffsets(request, request.groupId);
    return { throttleTimeMs: 0, errorCode: fencedForVersion(code, context.apiVersion, FIRST_FENCED_VERSION) };
  },
  errorResponse: (_request, error) => ({ throttleTimeMs: 0, errorCode: error }),
});
