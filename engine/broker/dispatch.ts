/**
 * Request dispatch: an API's decoded request → its handler → a response object. Connections call
 * it for every frame; the host's in-process access to the embedded cluster calls it directly,
 * with no bytes and no socket, and gets the same answers a client would.
 *
 * What a broker serves is the handler table narrowed by each handler's `available` check (a
 * consumer-group API is served once the broker has a group coordinator); ApiVersions advertises
 * exactly that set.
 */
import type { ApiModule, RequestOf, ResponseOf } from '../protocol/api.js';
import { ErrorCode, KafkaError } from '../protocol/errors.js';
import { describeRequest, servedMaxVersion } from '../protocol/registry.js';
import { brokerState } from './broker-state.js';
import type { Handler, HandlerContext, RequestContext } from './handler.js';
import { handlers } from './handlers/index.js';
import type { BrokerLogger } from './logger.js';
import type { BrokerServices } from './services.js';

const handlersByKey = new Map<number, Handler>(
  handlers.map((handler) => [handler.api.apiKey, handler as Handler]),
);

/** The handler that serves an API key on this broker, if it serves it. */
export function servedHandler(services: BrokerServices, apiKey: number): Handler | undefined {
  const handler = handlersByKey.get(apiKey);
  if (handler === undefined) return undefined;
  return handler.available === undefined || handler.available(services) ? handler : undefined;
}

/** Whether this broker serves an API key (what ApiVersions advertises). */
export function servesApi(services: BrokerServices, apiKey: number): boolean {
  return servedHandler(services, apiKey) !== undefined;
}

/**
 * Handles one request. Never rejects for a condition Kafka answers with an error code: a handler
 * that throws is logged and answered with its error response. Rejects with a KafkaError
 * (UNSUPPORTED_VERSION) only when the API or version is not served, which a connection checks
 * before calling and an in-process caller avoids by negotiating as a client would.
 */
export async function handleRequest<M extends ApiModule>(
  services: BrokerServices,
  api: M,
  version: number,
  request: RequestOf<M>,
  context: RequestContext,
  requestLogger?: BrokerLogger,
): Promise<ResponseOf<M>> {
  const handler = servedHandler(services, api.apiKey) as Handler<M> | undefined;
  if (handler === undefined || version < api.minVersion || version > servedMaxVersion(api)) {
    throw new KafkaError(
      ErrorCode.UNSUPPORTED_VERSION,
      `${describeRequest({ apiKey: api.apiKey, apiVersion: version })} is not served by this broker`,
    );
  }
  const state = brokerState(services, servesApi);
  const logger = requestLogger ?? state.logger;
  const handlerContext: HandlerContext = {
    apiVersion: version,
    correlationId: context.correlationId,
    clientId: context.clientId,
    clientAddress: context.clientAddress,
    signal: context.signal,
    services,
    state,
    logger,
    servesApi: state.servesApi,
  };
  try {
    return await handler.handle(request, handlerContext);
  } catch (error) {
    const code = error instanceof KafkaError ? error.code : ErrorCode.UNKNOWN_SERVER_ERROR;
    if (!(error instanceof KafkaError)) {
      logger.error(
        `${describeRequest({ apiKey: api.apiKey, apiVersion: version })} (correlation id ${context.correlationId}, ` +
          `client id ${JSON.stringify(context.clientId)}, from ${context.clientAddress}) failed unexpectedly; ` +
          'answered UNKNOWN_SERVER_ERROR',
        error,
      );
    }
    return handler.errorResponse(request, code, handlerContext);
  }
}
