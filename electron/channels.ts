/**
 * The IPC channels between the main process and the preload, all derived from the contract:
 * `brokerlab:<method>` (invoke) for each method and `brokerlab:<stream>` (send, to subscribe)
 * for each stream, plus four fixed channels for cancelling calls and for stream traffic.
 * The preload gets the layout as one argument, so it needs no code from host/.
 */
import { methodNames, streamNames } from '../host/api/contract.js';
import { apiPath } from '../host/api/types.js';

export const channelOf = (name: string): string => `brokerlab:${name}`;

/** renderer → main: cancel the call with this id. */
export const CANCEL_CHANNEL = 'brokerlab:$cancel';
/** renderer → main: end the subscription with this id. */
export const UNSUBSCRIBE_CHANNEL = 'brokerlab:$unsubscribe';
/** main → renderer: (id, event) for a subscription. */
export const EVENT_CHANNEL = 'brokerlab:$event';
/** main → renderer: (id, error envelope); the subscription is over. */
export const STREAM_ERROR_CHANNEL = 'brokerlab:$stream-error';

/** The argument that carries the layout to the preload. */
export const LAYOUT_ARGUMENT = '--brokerlab-api=';

/** [channel, domain, key] for each method and each stream. */
export interface BridgeLayout {
  readonly methods: readonly (readonly [string, string, string])[];
  readonly streams: readonly (readonly [string, string, string])[];
}

export function bridgeLayout(): BridgeLayout {
  return {
    methods: methodNames.map((name) => [channelOf(name), ...apiPath(name, 'method')] as const),
    streams: streamNames.map((name) => [channelOf(name), ...apiPath(name, 'stream')] as const),
  };
}
