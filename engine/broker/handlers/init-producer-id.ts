/**
 * InitProducerId: a producer id for an idempotent producer (no transactional id), unique across
 * the cluster and its restarts, with epoch 0; Kafka's coordinator hands out a fresh id even when
 * the producer names its old one (KIP-360's epoch bump applies to transactional ids only).
 * The partitions' logs then track each producer's sequence numbers: a retried batch is
 * acknowledged again without being written twice (its original offsets come back), a gap is
 * OUT_OF_ORDER_SEQUENCE_NUMBER, a stale epoch INVALID_PRODUCER_EPOCH.
 *
 * A transactional id goes to the broker's transaction coordinator, which bumps the id's epoch
 * and so fences older producers of it; a broker without one answers COORDINATOR_NOT_AVAILABLE.
 * PRODUCER_FENCED reaches v4+ requests only (KIP-588).
 */
import type { InitProducerIdResponse } from '../../protocol/apis/init-producer-id.js';
import * as initProducerId from '../../protocol/apis/init-producer-id.js';
import { ErrorCode } from '../../protocol/errors.js';
import { defineHandler } from '../handler.js';
import { fencedForVersion } from './txn-handlers.js';

const FIRST_FENCED_VERSION = 4;

export default defineHandler({
  api: initProducerId,
  async handle(request, context) {
    if (request.transactionalId !== null) {
      const coordinator = context.services.transactions;
      if (coordinator === undefined) return failed(ErrorCode.COORDINATOR_NOT_AVAILABLE);
      const result = await coordinator.initProducerId({
        transactionalId: request.transactionalId,
        transactionTimeoutMs: request.transactionTimeoutMs,
        producerId: request.producerId,
        producerEpoch: request.producerEpoch,
      });
      if (result.errorCode !== ErrorCode.NONE)
        return failed(fencedForVersion(result.errorCode, context.apiVersion, FIRST_FENCED_VERSION));
      return { throttleTimeMs: 0, ...result };
    }
    const allocated = await context.services.admin.allocateProducerId();
    if (allocated.errorCode !== ErrorCode.NONE) return failed(allocated.errorCode);
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      producerId: allocated.producerId,
      producerEpoch: allocated.producerEpoch,
    };
  },
  errorResponse: (_request, error) => failed(error),
});

function failed(errorCode: ErrorCode): InitProducerIdResponse {
  return { throttleTimeMs: 0, errorCode, producerId: -1n, producerEpoch: -1 };
}
