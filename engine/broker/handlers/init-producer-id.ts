/**
 * InitProducerId: a producer id for an idempotent producer (no transactional id), unique across
 * the cluster and its restarts, with epoch 0; Kafka's coordinator hands out a fresh id even when
 * the producer names its old one (KIP-360's epoch bump applies to transactional ids only).
 * The partitions' logs then track each producer's sequence numbers: a retried batch is
 * acknowledged again without being written twice (its original offsets come back), a gap is
 * OUT_OF_ORDER_SEQUENCE_NUMBER, a stale epoch INVALID_PRODUCER_EPOCH.
 *
 * A transactional id needs the broker's transaction coordinator; a broker without one answers
 * COORDINATOR_NOT_AVAILABLE, as Kafka does while its coordinator is not loaded.
 */
import type { InitProducerIdResponse } from '../../protocol/apis/init-producer-id.js';
import * as initProducerId from '../../protocol/apis/init-producer-id.js';
import { ErrorCode } from '../../protocol/errors.js';
import { defineHandler } from '../handler.js';

export default defineHandler({
  api: initProducerId,
  async handle(request, context) {
    if (request.transactionalId !== null) return failed(ErrorCode.COORDINATOR_NOT_AVAILABLE);
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
