/**
 * A broker's client listener: one TCP server on host:port (loopback by default), owning the
 * connections it accepted. The cluster starts one per broker, stops it when the broker stops or
 * is killed (connections dropped at once, as a crashed process drops them), and isolates it to
 * cut the broker off from clients.
 *
 * Connection limits (listener-config.ts): a connection past `max.connections.per.ip` (or its
 * override) for its address is closed as soon as it is accepted; past `max.connections` a
 * connection is accepted but not served until another closes. All connections of one listener
 * share one MemoryPool.
 *
 * Isolation: existing connections stall (nothing read, nothing written) and new ones are accepted
 * but not served, which is what clients see across a network partition: requests time out rather
 * than being refused. Healing resumes them all, writing the responses held meanwhile.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Connection, type PauseReason } from './connection.js';
import { defaultListenerConfig, type ListenerConfig, type ListenerPlacement } from './listener-config.js';
import { consoleLogger, type BrokerLogger } from './logger.js';
import { MemoryPool } from './memory-pool.js';
import type { BrokerServices } from './services.js';

export interface ListenerOptions extends Partial<ListenerConfig> {
  readonly logger?: BrokerLogger;
}

export interface ListenerTraffic {
  readonly bytesIn: number;
  readonly bytesOut: number;
}

export interface ListenerAddress {
  readonly host: string;
  readonly port: number;
}

export class BrokerListener {
  readonly config: ListenerConfig;
  readonly memory: MemoryPool;
  private readonly logger: BrokerLogger;
  private readonly connections = new Set<Connection>();
  /** Connections accepted past max.connections, waiting for a slot, oldest first. */
  private readonly held: Connection[] = [];
  private readonly perHost = new Map<string, number>();
  private server: Server | null = null;
  private isolated = false;
  private address: ListenerAddress | null = null;
  /** What connections that closed received and sent, so the totals outlive them. */
  private closedTraffic: ListenerTraffic = { bytesIn: 0, bytesOut: 0 };

  constructor(
    private readonly services: BrokerServices,
    options: ListenerOptions = {},
  ) {
    const { logger, ...config } = options;
    this.config = {
      ...defaultListenerConfig,
      socketRequestMaxBytes: services.settings.socketRequestMaxBytes,
      ...withoutUndefined(config),
    };
    this.logger = logger ?? consoleLogger(services.settings.brokerId);
    this.memory = new MemoryPool(this.config.queuedMaxRequestBytes);
  }

  /** Connections open now, held ones included. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Bytes received from and sent to clients since this listener was created. */
  traffic(): ListenerTraffic {
    let { bytesIn, bytesOut } = this.closedTraffic;
    for (const connection of this.connections) {
      bytesIn += connection.bytesIn;
      bytesOut += connection.bytesOut;
    }
    return { bytesIn, bytesOut };
  }

  /** Each open connection's peer, requests in flight and what holds it back, for diagnostics. */
  connectionStats(): { remoteAddress: string; inFlight: number; pausedFor: readonly PauseReason[] }[] {
    return [...this.connections].map((c) => ({
      remoteAddress: c.remoteAddress,
      inFlight: c.inFlight,
      pausedFor: c.pausedFor,
    }));
  }

  /** Binds and listens; resolves with the bound address (the port chosen when 0 was asked). */
  async start(): Promise<ListenerAddress> {
    if (this.address !== null) return this.address;
    const server = createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.config.host, port: this.config.port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.logger.error('listener error', error));
    const bound = server.address();
    if (bound === null || typeof bound === 'string') throw new Error('listener bound to no TCP address');
    this.address = { host: this.config.host, port: bound.port };
    return this.address;
  }

  /** Stops accepting and drops every connection at once. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    this.address = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const connection of [...this.connections]) connection.close();
    await closed;
  }

  /** Cuts the broker off from its clients (true) or heals (false). */
  isolate(on: boolean): void {
    if (this.isolated === on) return;
    this.isolated = on;
    for (const connection of this.connections) connection.isolate(on);
  }

  private accept(socket: Socket): void {
    const host = socket.remoteAddress ?? 'unknown';
    const count = (this.perHost.get(host) ?? 0) + 1;
    const limit = this.config.maxConnectionsPerIpOverrides[host] ?? this.config.maxConnectionsPerIp;
    if (count > limit) {
      this.logger.warn(`refused a connection from ${host}: max.connections.per.ip (${limit}) reached`);
      socket.destroy();
      return;
    }
    this.perHost.set(host, count);
    const held = this.connections.size >= this.config.maxConnections;
    const connection = new Connection(socket, {
      services: this.services,
      config: this.config,
      memory: this.memory,
      logger: this.logger,
      isolated: this.isolated,
      held,
      onClose: (closed) => this.onClose(closed, host),
    });
    this.connections.add(connection);
    if (held) this.held.push(connection);
  }

  private onClose(connection: Connection, host: string): void {
    if (!this.connections.delete(connection)) return;
    this.closedTraffic = {
      bytesIn: this.closedTraffic.bytesIn + connection.bytesIn,
      bytesOut: this.closedTraffic.bytesOut + connection.bytesOut,
    };
    const count = (this.perHost.get(host) ?? 1) - 1;
    if (count === 0) this.perHost.delete(host);
    else this.perHost.set(host, count);
    const waiting = this.held.indexOf(connection);
    if (waiting >= 0) this.held.splice(waiting, 1);
    const served = this.connections.size - this.held.length;
    if (served < this.config.maxConnections) this.held.shift()?.release();
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The cluster's listener seam: a factory that gives each broker its listener on the address the
 * cluster chose, with the limits of the cluster's broker configs; options given here win over them.
 */
export function listenerFactory(
  options: ListenerOptions = {},
): (services: BrokerServices, placement: ListenerPlacement) => BrokerListener {
  return (services, placement) =>
    new BrokerListener(services, {
      ...placement,
      ...withoutUndefined(options),
      host: placement.host,
      port: placement.port,
    });
}
