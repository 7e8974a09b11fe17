/**
 * What the consumer-group handlers share: they are served only where the broker has a group
 * coordinator, and they name the client's host as Kafka does (`/` and the address).
 */
import { KafkaError, ErrorCode } from '../../protocol/errors.js';
import type { GroupCoordinatorService } from '../../groups/api.js';
import type { HandlerContext } from '../handler.js';
import type { BrokerServices } from '../services.js';

export function servesGroups(services: BrokerServices): boolean {
  return services.groups !== undefined;
}

/** The coordinator; a handler runs only where `servesGroups` said yes. */
export function coordinatorOf(context: HandlerContext): GroupCoordinatorService {
  const groups = context.services.groups;
  if (groups === undefined)
    throw new KafkaError(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'This broker has no group coordinator.');
  return groups;
}

/** Kafka's clientHost: the socket's address with a leading slash (`/127.0.0.1`). */
export function clientHostOf(context: HandlerContext): string {
  const address = context.clientAddress;
  if (address === 'in-process') return address;
  const host = address.lastIndexOf(':') > 0 ? address.slice(0, address.lastIndexOf(':')) : address;
  return `/${host.replace(/^\[|\]$/g, '')}`;
}
