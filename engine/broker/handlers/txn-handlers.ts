/**
 * What the transaction handlers share: they are served only where the broker has a transaction
 * coordinator, and they answer PRODUCER_FENCED (KIP-588) only to request versions that know it;
 * older ones get INVALID_PRODUCER_EPOCH, as Kafka answers them.
 */
import { ErrorCode, KafkaError } from '../../protocol/errors.js';
import type { TransactionCoordinatorService } from '../../transactions/api.js';
import type { HandlerContext } from '../handler.js';
import type { BrokerServices } from '../services.js';

export function servesTransactions(services: BrokerServices): boolean {
  return services.transactions !== undefined;
}

/** The coordinator; a handler runs only where `servesTransactions` said yes. */
export function txnCoordinatorOf(context: HandlerContext): TransactionCoordinatorService {
  const transactions = context.services.transactions;
  if (transactions === undefined)
    throw new KafkaError(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'This broker has no transaction coordinator.');
  return transactions;
}

/** PRODUCER_FENCED for versions from `firstFencedVersion` on, INVALID_PRODUCER_EPOCH before. */
export function fencedForVersion(code: ErrorCode, version: number, firstFencedVersion: number): ErrorCode {
  return code === ErrorCode.PRODUCER_FENCED && version < firstFencedVersion
    ? ErrorCode.INVALID_PRODUCER_EPOCH
    : code;
}
