/**
 * The shape of a request handler (engine/broker/handlers/<api>.ts, one per API): a decoded,
 * version-agnostic request in, a response object out, no bytes. The same handlers serve a
 * broker's connections and the host's in-process access to the embedded cluster.
 *
 * A handler answers every condition Kafka reports with an error code in the response, per
 * partition or per resource. If it throws anyway, the dispatcher logs the exception and answers
 * with the handler's `errorResponse` (Kafka's AbstractRequest.getErrorResponse): the same request
 * answered item by item with UNKNOWN_SERVER_ERROR, or with the code of a thrown KafkaError.
 */
import type { ApiModule, RequestOf, ResponseOf } from '../protocol/api.js';
import type { ErrorCode } from '../protocol/errors.js';
import type { BrokerState } from './broker-state.js';
import type { BrokerLogger } from './logger.js';
import type { BrokerServices } from './services.js';

/** Who sent a request and over what: filled by a connection, or by the in-process caller. */
export interface RequestContext {
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  /** `host:port` of the client's socket, or `in-process`. */
  readonly clientAddress: string;
  /** Aborted when the connection closes or the broker stops: long polls end early. */
  readonly signal: AbortSignal;
}

/** What a handler gets beside its request. */
export interface HandlerContext extends RequestContext {
  readonly services: BrokerServices;
  /** Per-broker state that outlives requests (fetch sessions, topics being auto-created). */
  readonly state: BrokerState;
  readonly logger: BrokerLogger;
  /** Whether this broker serves an API key (ApiVersions advertises exactly these). */
  servesApi(apiKey: number): boolean;
}

export interface Handler<M extends ApiModule = ApiModule> {
  readonly api: M;
  handle(request: RequestOf<M>, context: HandlerContext): Promise<ResponseOf<M>>;
  /** The request answered with one error for every item it names. */
  errorResponse(request: RequestOf<M>, error: ErrorCode, context: HandlerContext): ResponseOf<M>;
  /** Whether this broker serves the API; APIs whose service is absent are not advertised. */
  available?(services: BrokerServices): boolean;
}

/** A handler typed for its codec module (keeps request and response types tied together). */
export function defineHandler<M extends ApiModule>(handler: Handler<M>): Handler<M> {
  return handler;
}
