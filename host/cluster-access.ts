/**
 * ClusterAccess: the one interface the console's operations are written over. Its calls are the
 * Kafka APIs themselves, as the typed request and response objects of the project's codec
 * (engine/protocol/apis/<api>.ts), plus the routing knowledge every Kafka client keeps (brokers,
 * topic ids, partition leaders, group coordinators).
 *
 * Two implementations: the wire client (host/kafka-client/, a Kafka client over TCP/TLS for any
 * cluster) and the in-process access (host/engine-access/, the embedded cluster's request
 * handlers called directly). Code written over this interface works on both.
 *
 * Contract:
 * - `request` sends one request to one broker and answers its response object, whatever error
 *   codes it carries: per-partition and per-resource errors are the caller's to read (the helpers
 *   of host/kafka-client/routing.ts retry the retriable ones). It rejects only when no response
 *   could be had: the broker is unreachable or the connection dropped (ApiError UNAVAILABLE,
 *   retriable), the request timed out (TIMEOUT), the call was aborted (CANCELLED), or no API
 *   version is common to both sides (KafkaError UNSUPPORTED_VERSION).
 * - Requests are version-agnostic objects. Where an API names topics by id in newer versions
 *   (Fetch, Produce, OffsetCommit, OffsetFetch), a caller writes names and leaves `topicId` as
 *   the zero UUID: the access fills ids from its metadata and names back into the response.
 * - Metadata is cached; `metadata({ refresh: true })` and `invalidate()` make the next lookup go
 *   to the cluster, which callers do after NOT_LEADER_OR_FOLLOWER and friends.
 */
import type { RequestOf, ResponseOf } from '../engine/protocol/api.js';
import type { Apis, SupportedApiName } from '../engine/protocol/registry.js';

export type ApiName = SupportedApiName;
export type ApiRequest<N extends ApiName> = RequestOf<Apis[N]>;
export type ApiResponse<N extends ApiName> = ResponseOf<Apis[N]>;

/** Where a request goes. */
export type RequestTarget =
  /** A broker by node id. */
  | { readonly broker: number }
  /** Any live broker (the access picks one it is connected to). */
  | 'any'
  /** The active controller as brokers report it (admin requests Kafka forwards anyway). */
  | 'controller'
  /** The coordinator of a consumer group (found with FindCoordinator, cached). */
  | { readonly coordinator: string };

export interface RequestOptions {
  readonly signal?: AbortSignal;
  /** Overrides the access's request timeout (a long-poll Fetch needs its maxWaitMs on top). */
  readonly timeoutMs?: number;
  /**
   * Requests on different lanes use different connections to the same broker, so that a long
   * poll on one does not hold up the others (a broker answers one connection in order). Fetch
   * defaults to the lane "fetch", everything else to "main". The in-process access ignores it.
   */
  readonly lane?: string;
}

export interface BrokerNode {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

export interface PartitionRoute {
  readonly partition: number;
  /** -1 while the partition has no leader. */
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly offlineReplicas: readonly number[];
  /** A partition-level error from the last metadata (LEADER_NOT_AVAILABLE, ...), 0 when none. */
  readonly errorCode: number;
}

export interface TopicRoute {
  readonly name: string;
  /** The zero UUID where the cluster does not report topic ids. */
  readonly topicId: string;
  readonly internal: boolean;
  /** Sorted by partition. */
  readonly partitions: readonly PartitionRoute[];
}

export interface ClusterMetadata {
  readonly clusterId: string | null;
  /** -1 when none is known. */
  readonly controllerId: number;
  /** Live brokers, sorted by node id. */
  readonly brokers: readonly BrokerNode[];
  /** Topics known to this snapshot, by name. */
  readonly topics: ReadonlyMap<string, TopicRoute>;
  /** When this snapshot was taken (ms since the epoch). */
  readonly fetchedAt: number;
}

export interface MetadataOptions {
  /** Topics that must be in the answer (fetched if missing); absent: every topic. */
  readonly topics?: readonly string[];
  /** Ask the cluster even if the cache is fresh. */
  readonly refresh?: boolean;
  readonly signal?: AbortSignal;
}

export interface ClusterAccess {
  readonly kind: 'wire' | 'in-process';

  /** Sends one request to one broker; see the contract above. */
  request<N extends ApiName>(
    api: N,
    request: ApiRequest<N>,
    target: RequestTarget,
    options?: RequestOptions,
  ): Promise<ApiResponse<N>>;

  /**
   * The highest version of an API the target broker and this access both speak, or null when
   * they share none. Lets callers use features of newer versions only where they exist.
   */
  apiVersion(api: ApiName, target: RequestTarget, options?: RequestOptions): Promise<number | null>;

  /**
   * Brokers, controller and topic routes. Topics asked for but unknown to the cluster are absent
   * from the answer (never auto-created).
   */
  metadata(options?: MetadataOptions): Promise<ClusterMetadata>;

  /** The node id of the coordinator of a consumer group (cached until invalidated). */
  coordinatorOf(groupId: string, options?: { readonly signal?: AbortSignal }): Promise<number>;

  /**
   * Forgets cached routes: the topics named (every topic when neither is given) and, with
   * `group`, that group's coordinator; the next lookup asks the cluster.
   */
  invalidate(what?: { readonly topics?: readonly string[]; readonly group?: string }): void;

  /** Closes every connection; pending requests reject with UNAVAILABLE. */
  close(): Promise<void>;
}
