/**
 * A broker listener's network settings, with Kafka's names and defaults. They are the limits
 * that keep one misbehaving client from taking the broker down:
 *
 * - `socket.request.max.bytes` (100 MiB): a frame announcing more is refused and the
 *   connection closed, before any of it is buffered.
 * - `max.connections.per.ip` (unbounded) and `max.connections.per.ip.overrides` (`host:count`
 *   pairs): a connection past its address's limit is closed as soon as it is accepted.
 * - `max.connections` (unbounded): past it, new connections are accepted but not read until
 *   another one closes (Kafka's acceptor waits for a slot the same way).
 * - `connections.max.idle.ms` (10 min): a connection with nothing in flight and no traffic for
 *   that long is closed.
 * - `queued.max.request.bytes`: the memory budget of requests and buffered responses (see
 *   MemoryPool). Kafka's default is unbounded; a desktop app's broker gets 256 MiB.
 * - `max.in.flight.requests.per.connection` (32, Brokerlab's own): Kafka reads one request per
 *   connection at a time; here a connection may pipeline up to this many (responses still go out
 *   in request order), and stops reading until one is answered.
 *
 * The cluster sets them all from its broker configs (engine/cluster/config.ts), and turns SASL on
 * (SASL_PLAINTEXT, see sasl/) when it is started with SASL users.
 */
import type { ListenerSasl } from './sasl/listener-sasl.js';

export interface ListenerConfig {
  /** The address to bind; loopback unless configured otherwise. */
  readonly host: string;
  /** 0 lets the system choose a free port. */
  readonly port: number;
  readonly socketRequestMaxBytes: number;
  readonly maxConnections: number;
  readonly maxConnectionsPerIp: number;
  /**
   * Per-address limits that replace maxConnectionsPerIp, keyed by IP address as the socket reports
   * it (Kafka also resolves host names given here; these are matched only as written).
   */
  readonly maxConnectionsPerIpOverrides: Readonly<Record<string, number>>;
  readonly connectionsMaxIdleMs: number;
  readonly queuedMaxRequestBytes: number;
  readonly maxInFlightRequestsPerConnection: number;
  /** SASL authentication of every connection; null: none (PLAINTEXT). */
  readonly sasl: ListenerSasl | null;
}

/** The limits alone, as the cluster's broker configs set them for every listener. */
export type ListenerLimits = Omit<ListenerConfig, 'host' | 'port' | 'sasl'>;

/** Where a broker's listener binds, the limits its broker configs set, and its SASL settings. */
export interface ListenerPlacement extends Partial<ListenerLimits> {
  readonly host: string;
  readonly port: number;
  readonly sasl?: ListenerSasl | null;
}

const INT_MAX = 2147483647;

export const defaultListenerConfig: ListenerConfig = {
  host: '127.0.0.1',
  port: 0,
  socketRequestMaxBytes: 104857600,
  maxConnections: INT_MAX,
  maxConnectionsPerIp: INT_MAX,
  maxConnectionsPerIpOverrides: {},
  connectionsMaxIdleMs: 600_000,
  queuedMaxRequestBytes: 256 * 1024 * 1024,
  maxInFlightRequestsPerConnection: 32,
  sasl: null,
};

/** Parses Kafka's `max.connections.per.ip.overrides` value: `host:count` pairs separated by commas. */
export function parseConnectionOverrides(value: string): Record<string, number> {
  const overrides: Record<string, number> = {};
  for (const entry of value.split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const at = trimmed.lastIndexOf(':');
    const count = Number(trimmed.slice(at + 1));
    if (at <= 0 || !Number.isInteger(count) || count < 0) {
      throw new RangeError(`max.connections.per.ip.overrides: "${trimmed}" is not host:count`);
    }
    overrides[trimmed.slice(0, at)] = count;
  }
  return overrides;
}
