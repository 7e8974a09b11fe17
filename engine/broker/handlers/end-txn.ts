/**
 * EndTxn: a transactional producer commits or aborts its transaction. The coordinator answers
 * once the decision (PrepareCommit or PrepareAbort) is replicated in __transaction_state; the
 * markers follow in the background, and until they are all written the id answers
 * CONCURRENT_TRANSACTIONS. Served up to v4 (v5 is KIP-890's protocol, see the registry);
 * PRODUCER_FENCED reaches v2+ requests only (KIP-588).
 */
import * as endTxn from '../../protocol/apis/end-txn.js';
import type { EndTxnResponse } from '../../protocol/apis/end-txn.js';
import { ErrorCode } from '../../protocol/errors.js';
import { defineHandler } from '../handler.js';
import { fencedForVersion, servesTransactions, txnCoordinatorOf } from './txn-handlers.js';

const FIRST_FENCED_VERSION = 2;

export default defineHandler({
  api: endTxn,
  available: servesTransactions,
  async handle(request, context) {
    const code = await txnCoordinatorOf(context).endTransaction(request, request.committed);
    return answer(fencedForVersion(code, context.apiVersion, FIRST_FENCED_VERSION));
  },
  errorResponse: (_request, error) => answer(error),
});

function answer(errorCode: ErrorCode): EndTxnResponse {
  return { throttleTimeMs: 0, errorCode, producerId: -1n, producerEpoch: -1 };
}
