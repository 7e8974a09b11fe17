/**
 * How a transaction coordinator reaches partition leaders: WriteTxnMarkers, the request Kafka's
 * coordinator sends over the network, carried over the in-process links (so a cut or slow link
 * delays markers as it would on a network) and answered on the leader by its own request handler,
 * exactly as a client's request would be.
 */
import { handleRequest } from '../../broker/dispatch.js';
import type { BrokerServices } from '../../broker/services.js';
import * as writeTxnMarkers from '../../protocol/apis/write-txn-markers.js';
import type {
  WriteTxnMarkersRequest,
  WriteTxnMarkersResponse,
} from '../../protocol/apis/write-txn-markers.js';
import type { MarkerSender } from '../../transactions/markers.js';
import type { BrokerId } from '../../types.js';
import type { Handlers, Sender } from '../links.js';

/** The version brokers speak to each other (v2 only adds KIP-890's transaction version). */
const MARKERS_VERSION = 1;

export interface TxnMarkerMessages {
  'txn.writeMarkers': { request: WriteTxnMarkersRequest; response: WriteTxnMarkersResponse };
}

/** The leader's side: its own WriteTxnMarkers handler answers (rejects if it serves none). */
export function txnMarkerHandlers(services: BrokerServices): Handlers<TxnMarkerMessages> {
  return {
    'txn.writeMarkers': (from: BrokerId, request) =>
      handleRequest(services, writeTxnMarkers, MARKERS_VERSION, request, {
        apiVersion: MARKERS_VERSION,
        correlationId: 0,
        clientId: `broker-${from}`,
        clientAddress: 'in-process',
        signal: new AbortController().signal,
      }),
  };
}

/** The coordinator's side. */
export function txnMarkerSender(send: Sender<TxnMarkerMessages>): MarkerSender {
  return (brokerId, request, timeoutMs) => send(brokerId, 'txn.writeMarkers', request, timeoutMs);
}
