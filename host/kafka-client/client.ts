/**
 * KafkaClient: ClusterAccess over the Kafka protocol, for the embedded cluster's listeners and
 * any Kafka cluster (Apache Kafka, Redpanda, MSK, Confluent).
 *
 * - Connections: one per broker and lane, opened on first use (TCP or TLS, then ApiVersions,
 *   then SASL when configured), shared by concurrent callers, closed when idle for
 *   `connectionsMaxIdleMs`, reopened after any failure.
 * - Bootstrap: before the first Metadata answer the client knows only the bootstrap addresses;
 *   it tries them all at once and uses the first that completes its handshake. If none does
 *   within `connectTimeoutMs` the call fails with a non-retriable UNAVAILABLE error naming each
 *   address and why, so an unreachable cluster is reported in seconds, never retried forever.
 *   Once the cluster is known, a broker that cannot be reached is a retriable error (a leader
 *   died; another will take over) and the metadata is refreshed.
 * - Metadata: cached per topic (MetadataCache), refreshed when stale or asked.
 */
import type { ApiModule } from '../../engine/protocol/api.js';
import type { MetadataRequest } from '../../engine/protocol/apis/metadata.js';
import { CoordinatorType } from '../../engine/protocol/apis/find-coordinator.js';
import { ErrorCode, KafkaError } from '../../engine/protocol/errors.js';
import { apis } from '../../engine/protocol/registry.js';
import { ZERO_UUID } from '../../engine/protocol/uuid.js';
import type {
  ApiName,
  ApiRequest,
  ApiResponse,
  ClusterAccess,
  ClusterMetadata,
  MetadataOptions,
  RequestOptions,
  RequestTarget,
} from '../cluster-access.js';
import { BrokerConnection } from './connection.js';
import { ClientError, formatDuration, throwIfAborted, unavailable } from './errors.js';
import { MetadataCache } from './metadata-cache.js';
import { throwIfError } from './routing.js';
import { authenticate, type SaslOptions } from './sasl.js';
import { openSocket, type TlsOptions } from './socket.js';
import { requestTopicNames, responseTopicIds, withTopicIds, withTopicNames } from './topic-ids.js';
import { commonVersion, negotiateVersions, noCommonVersion, type BrokerVersions } from './versions.js';

export interface KafkaClientOptions {
  /** `host:port,host:port` or a list of `host:port`. */
  readonly bootstrap: string | readonly string[];
  readonly clientId?: string;
  /** Connect with TLS (Kafka's SSL and SASL_SSL). */
  readonly tls?: TlsOptions;
  /** Authenticate every connection with SASL (Kafka's SASL_PLAINTEXT and SASL_SSL). */
  readonly sasl?: SaslOptions;
  /** Budget for one connection: TCP, TLS, ApiVersions and authentication. Default 5 s. */
  readonly connectTimeoutMs?: number;
  /** How long a request may wait for its response. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Cached metadata older than this is asked again. Default 5 min. */
  readonly metadataMaxAgeMs?: number;
  /** Connections idle this long are closed. Default 9 min (Kafka's `connections.max.idle.ms`). */
  readonly connectionsMaxIdleMs?: number;
}

interface ReadyConnection {
  readonly connection: BrokerConnection;
  readonly versions: BrokerVersions;
}

interface Address {
  readonly host: string;
  readonly port: number;
}

/** Parses `host:port,host:port` (IPv6 hosts in brackets); throws a RangeError naming the bad entry. */
export function parseBootstrap(bootstrap: string | readonly string[]): Address[] {
  const entries = (typeof bootstrap === 'string' ? bootstrap.split(',') : bootstrap)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) throw new RangeError('no bootstrap server given (expected host:port)');
  return entries.map((entry) => {
    const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(entry);
    const port = match ? Number(match[3]) : NaN;
    if (!match || port < 1 || port > 65535) {
      throw new RangeError(`bad bootstrap server "${entry}" (expected host:port)`);
    }
    return { host: (match[1] ?? match[2])!, port };
  });
}

export class KafkaClient implements ClusterAccess {
  readonly kind = 'wire' as const;
  private readonly bootstrap: readonly Address[];
  private readonly clientId: string;
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly maxIdleMs: number;
  private readonly cache: MetadataCache;
  private readonly pool = new Map<string, Promise<ReadyConnection>>();
  private readonly coordinators = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;
  private fullRefresh: Promise<ClusterMetadata> | null = null;
  private closed = false;

  constructor(private readonly options: KafkaClientOptions) {
    this.bootstrap = parseBootstrap(options.bootstrap);
    this.clientId = options.clientId ?? 'brokerlab';
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.maxIdleMs = options.connectionsMaxIdleMs ?? 540_000;
    this.cache = new MetadataCache(options.metadataMaxAgeMs ?? 300_000);
    this.sweeper = setInterval(() => this.closeIdle(), Math.min(30_000, this.maxIdleMs / 2));
    this.sweeper.unref();
  }

  async request<N extends ApiName>(
    api: N,
    request: ApiRequest<N>,
    target: RequestTarget,
    options: RequestOptions = {},
  ): Promise<ApiResponse<N>> {
    const module = apis[api] as unknown as ApiModule<ApiRequest<N>, ApiResponse<N>>;
    const needIds = requestTopicNames(api, request).filter((name) => name !== '' && !this.cache.idOf(name));
    if (needIds.length > 0) await this.metadata({ topics: needIds, signal: options.signal });
    const prepared = withTopicIds(api, request, this.cache);
    const lane = options.lane ?? (api === 'Fetch' ? 'fetch' : 'main');
    const { connection, versions } = await this.connectionFor(target, lane, options.signal);
    const version = commonVersion(module, versions);
    if (version === null) throw noCommonVersion(module, versions, connection.label);
    const longPoll = api === 'Fetch' ? (request as ApiRequest<'Fetch'>).maxWaitMs : 0;
    const noResponse = api === 'Produce' && (request as ApiRequest<'Produce'>).acks === 0;
    const response = await connection.send(module, prepared, {
      version,
      timeoutMs: (options.timeoutMs ?? this.requestTimeoutMs) + longPoll,
      signal: options.signal,
      noResponse,
    });
    if (noResponse)
      return { responses: [], throttleTimeMs: 0, nodeEndpoints: [] } as unknown as ApiResponse<N>;
    if (responseTopicIds(api, response).some((id) => !this.cache.nameOf(id))) {
      await this.metadata({ refresh: true, signal: options.signal });
    }
    return withTopicNames(api, response, this.cache);
  }

  async apiVersion(
    api: ApiName,
    target: RequestTarget,
    options: RequestOptions = {},
  ): Promise<number | null> {
    const { versions } = await this.connectionFor(target, options.lane ?? 'main', options.signal);
    return commonVersion(apis[api] as ApiModule, versions);
  }

  async metadata(options: MetadataOptions = {}): Promise<ClusterMetadata> {
    const topics = options.topics === undefined ? undefined : [...new Set(options.topics)];
    if (!options.refresh && this.cache.isFresh(topics)) return this.cache.snapshot(topics);
    if (topics === undefined) {
      // Concurrent full refreshes share one request.
      this.fullRefresh ??= this.fetchMetadata(null, options.signal).finally(() => (this.fullRefresh = null));
      return this.fullRefresh;
    }
    return this.fetchMetadata(topics, options.signal);
  }

  async coordinatorOf(groupId: string, options: { readonly signal?: AbortSignal } = {}): Promise<number> {
    const known = this.coordinators.get(groupId);
    if (known !== undefined) return known;
    const response = await this.request(
      'FindCoordinator',
      { keyType: CoordinatorType.GROUP, coordinatorKeys: [groupId] },
      'any',
      { signal: options.signal },
    );
    const found = response.coordinators[0];
    if (!found)
      throw new KafkaError(
        ErrorCode.COORDINATOR_NOT_AVAILABLE,
        `no coordinator found for group "${groupId}"`,
      );
    throwIfError(found.errorCode, `finding the coordinator of group "${groupId}"`, found.errorMessage);
    this.coordinators.set(groupId, found.nodeId);
    return found.nodeId;
  }

  invalidate(what: { readonly topics?: readonly string[]; readonly group?: string } = {}): void {
    if (what.group !== undefined) this.coordinators.delete(what.group);
    if (what.topics !== undefined || what.group === undefined) this.cache.invalidate(what.topics);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    const pending = [...this.pool.values()];
    this.pool.clear();
    const results = await Promise.allSettled(pending);
    for (const result of results) {
      if (result.status === 'fulfilled')
        result.value.connection.close(unavailable('the client was closed', false));
    }
  }

  private async fetchMetadata(
    topics: readonly string[] | null,
    signal: AbortSignal | undefined,
  ): Promise<ClusterMetadata> {
    const request: MetadataRequest = {
      topics: topics === null ? null : topics.map((name) => ({ topicId: ZERO_UUID, name })),
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    };
    const response = await this.request('Metadata', request, 'any', { signal });
    this.cache.update(response, topics);
    return this.cache.snapshot(topics ?? undefined);
  }

  /** Resolves a target to a ready connection. */
  private async connectionFor(
    target: RequestTarget,
    lane: string,
    signal: AbortSignal | undefined,
  ): Promise<ReadyConnection> {
    if (this.closed) throw unavailable('the client was closed', false);
    throwIfAborted(signal);
    if (target === 'any') return this.anyConnection(lane, signal);
    if (target === 'controller') {
      if (!this.cache.hasBrokers) await this.metadata({ topics: [], signal });
      const controller = this.cache.controller();
      return controller >= 0
        ? this.brokerConnection(controller, lane, signal)
        : this.anyConnection(lane, signal);
    }
    if ('broker' in target) return this.brokerConnection(target.broker, lane, signal);
    return this.brokerConnection(await this.coordinatorOf(target.coordinator, { signal }), lane, signal);
  }

  private async brokerConnection(
    nodeId: number,
    lane: string,
    signal: AbortSignal | undefined,
  ): Promise<ReadyConnection> {
    let node = this.cache.broker(nodeId);
    if (!node) {
      await this.metadata({ topics: [], refresh: true, signal });
      node = this.cache.broker(nodeId);
    }
    if (!node) throw unavailable(`broker ${nodeId} is not among the cluster's live brokers`);
    try {
      return await this.pooled(
        `node:${nodeId}:${lane}`,
        node,
        `broker ${nodeId} (${node.host}:${node.port})`,
        signal,
      );
    } catch (error) {
      if (error instanceof ClientError && error.code === 'UNAVAILABLE') this.cache.invalidate([]);
      throw error;
    }
  }

  /**
   * A connection to some live broker: one already open if any, else the brokers in turn; before
   * the cluster is known (or when every known broker failed), the bootstrap servers.
   */
  private async anyConnection(lane: string, signal: AbortSignal | undefined): Promise<ReadyConnection> {
    const brokers = this.cache.liveBrokers();
    for (const broker of brokers) {
      const open = this.pool.get(`node:${broker.nodeId}:${lane}`);
      if (open) {
        const ready = await open.catch(() => undefined);
        if (ready && !ready.connection.closed) return ready;
      }
    }
    const failures: string[] = [];
    for (const broker of shuffled(brokers)) {
      try {
        return await this.brokerConnection(broker.nodeId, lane, signal);
      } catch (error) {
        throwIfAborted(signal);
        failures.push((error as Error).message);
      }
    }
    return this.bootstrapConnection(lane, signal, failures);
  }

  private async bootstrapConnection(
    lane: string,
    signal: AbortSignal | undefined,
    earlier: string[],
  ): Promise<ReadyConnection> {
    const attempts = this.bootstrap.map((address) =>
      this.pooled(
        `bootstrap:${address.host}:${address.port}:${lane}`,
        address,
        `${address.host}:${address.port}`,
        signal,
      ),
    );
    try {
      return await Promise.any(attempts);
    } catch (error) {
      throwIfAborted(signal);
      const errors = (error as AggregateError).errors as Error[];
      // Refused credentials or versions say more than "unreachable": pass the broker's answer on.
      const answered = errors.find((e) => e instanceof KafkaError);
      if (answered) throw answered;
      const reasons = errors.map((e) => e.message);
      const all = [...earlier, ...reasons];
      const message = all.length === 1 ? all[0]! : `cannot reach the cluster: ${all.join('; ')}`;
      // Known brokers that all failed may come back; a cluster never reached is not retried.
      throw unavailable(message, earlier.length > 0);
    }
  }

  /** The pooled connection under `key`, opened if there is none (or it died). */
  private pooled(
    key: string,
    address: Address,
    label: string,
    signal: AbortSignal | undefined,
  ): Promise<ReadyConnection> {
    const existing = this.pool.get(key);
    if (existing) {
      return existing.then((ready) => {
        if (!ready.connection.closed) return ready;
        if (this.pool.get(key) === existing) this.pool.delete(key);
        return this.pooled(key, address, label, signal);
      });
    }
    // The open is shared by concurrent callers, so one caller's abort must not cancel it.
    const opening = this.open(address, label);
    this.pool.set(key, opening);
    opening.then(
      (ready) => ready.connection.onClose(() => this.pool.get(key) === opening && this.pool.delete(key)),
      () => this.pool.get(key) === opening && this.pool.delete(key),
    );
    return signal ? raceAbort(opening, signal) : opening;
  }

  private async open(address: Address, label: string): Promise<ReadyConnection> {
    const deadline = Date.now() + this.connectTimeoutMs;
    const socket = await openSocket({ ...address, tls: this.options.tls, timeoutMs: this.connectTimeoutMs });
    const connection = new BrokerConnection(socket, label, this.clientId);
    try {
      const remaining = (): number => Math.max(1, deadline - Date.now());
      const versions = await negotiateVersions(connection, { timeoutMs: remaining() });
      if (this.options.sasl)
        await authenticate(connection, versions, this.options.sasl, { timeoutMs: remaining() });
      connection.markReady();
      return { connection, versions };
    } catch (error) {
      connection.close();
      if (error instanceof ClientError && error.code === 'TIMEOUT') {
        throw unavailable(
          `cannot connect to ${label}: no handshake within ${formatDuration(this.connectTimeoutMs)}`,
        );
      }
      throw error;
    }
  }

  private closeIdle(): void {
    const now = Date.now();
    for (const [key, opening] of this.pool) {
      void opening.then(
        ({ connection }) => {
          if (connection.pendingCount === 0 && now - connection.lastUsed > this.maxIdleMs) {
            if (this.pool.get(key) === opening) this.pool.delete(key);
            connection.close();
          }
        },
        () => undefined,
      );
    }
  }
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new ClientError('CANCELLED', 'cancelled', false));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
