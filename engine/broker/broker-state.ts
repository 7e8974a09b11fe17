/**
 * State of a broker's request layer that outlives single requests: its fetch session cache and
 * the topics it has asked the controller to auto-create. One per BrokerServices object, so that
 * connections and in-process callers of the same broker share it, and a restarted broker (new
 * services) starts afresh as Kafka's would.
 */
import { FetchSessionCache } from './fetch-session-cache.js';
import { consoleLogger, type BrokerLogger } from './logger.js';
import type { BrokerServices } from './services.js';

export interface BrokerState {
  readonly fetchSessions: FetchSessionCache;
  /** Topic names with an auto-creation in flight (Kafka's AutoTopicCreationManager.inflightTopics). */
  readonly autoCreating: Set<string>;
  /** Whether this broker serves an API key (bound once, handed to every handler). */
  readonly servesApi: (apiKey: number) => boolean;
  /** Where in-process callers' requests log, when they name no logger. */
  readonly logger: BrokerLogger;
}

const states = new WeakMap<BrokerServices, BrokerState>();

export function brokerState(
  services: BrokerServices,
  servesApi: (services: BrokerServices, apiKey: number) => boolean,
): BrokerState {
  let state = states.get(services);
  if (state === undefined) {
    state = {
      fetchSessions: new FetchSessionCache(services.settings.maxIncrementalFetchSessionCacheSlots),
      autoCreating: new Set(),
      servesApi: (apiKey) => servesApi(services, apiKey),
      logger: consoleLogger(services.settings.brokerId),
    };
    states.set(services, state);
  }
  return state;
}
