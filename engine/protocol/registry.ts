/**
 * The single source of "what Brokerlab speaks": API key → codec module. ApiVersions is computed
 * from this table, and every request frame is decoded through `decodeRequestFrame`, which tells
 * an unknown API key from an unsupported version of a known one (the caller answers the second
 * with UNSUPPORTED_VERSION where Kafka does, and closes the connection on the first).
 */
import type { ApiModule, RequestOf } from './api.js';
import { apiName } from './api-keys.js';
import * as addOffsetsToTxn from './apis/add-offsets-to-txn.js';
import * as addPartitionsToTxn from './apis/add-partitions-to-txn.js';
import * as alterConfigs from './apis/alter-configs.js';
import * as apiVersions from './apis/api-versions.js';
import * as createPartitions from './apis/create-partitions.js';
import * as createTopics from './apis/create-topics.js';
import * as deleteGroups from './apis/delete-groups.js';
import * as deleteRecords from './apis/delete-records.js';
import * as deleteTopics from './apis/delete-topics.js';
import * as describeCluster from './apis/describe-cluster.js';
import * as describeConfigs from './apis/describe-configs.js';
import * as describeGroups from './apis/describe-groups.js';
import * as describeLogDirs from './apis/describe-log-dirs.js';
import * as describeProducers from './apis/describe-producers.js';
import * as describeTopicPartitions from './apis/describe-topic-partitions.js';
import * as describeTransactions from './apis/describe-transactions.js';
import * as electLeaders from './apis/elect-leaders.js';
import * as endTxn from './apis/end-txn.js';
import * as fetch from './apis/fetch.js';
import * as findCoordinator from './apis/find-coordinator.js';
import * as heartbeat from './apis/heartbeat.js';
import * as incrementalAlterConfigs from './apis/incremental-alter-configs.js';
import * as initProducerId from './apis/init-producer-id.js';
import * as joinGroup from './apis/join-group.js';
import * as leaveGroup from './apis/leave-group.js';
import * as listGroups from './apis/list-groups.js';
import * as listOffsets from './apis/list-offsets.js';
import * as listPartitionReassignments from './apis/list-partition-reassignments.js';
import * as listTransactions from './apis/list-transactions.js';
import * as metadata from './apis/metadata.js';
import * as offsetCommit from './apis/offset-commit.js';
import * as offsetDelete from './apis/offset-delete.js';
import * as offsetFetch from './apis/offset-fetch.js';
import * as offsetForLeaderEpoch from './apis/offset-for-leader-epoch.js';
import * as produce from './apis/produce.js';
import * as saslAuthenticate from './apis/sasl-authenticate.js';
import * as saslHandshake from './apis/sasl-handshake.js';
import * as syncGroup from './apis/sync-group.js';
import * as txnOffsetCommit from './apis/txn-offset-commit.js';
import * as writeTxnMarkers from './apis/write-txn-markers.js';
import type { ApiVersionRange } from './apis/api-versions.js';
import {
  readRequestHeaderPrefix,
  readRequestHeaderTail,
  requestHeaderVersion,
  type RequestHeader,
} from './frame.js';
import { Reader } from './reader.js';

/** Every API module, by Kafka's API name. */
export const apis = {
  Produce: produce,
  Fetch: fetch,
  ListOffsets: listOffsets,
  Metadata: metadata,
  OffsetCommit: offsetCommit,
  OffsetFetch: offsetFetch,
  FindCoordinator: findCoordinator,
  JoinGroup: joinGroup,
  Heartbeat: heartbeat,
  LeaveGroup: leaveGroup,
  SyncGroup: syncGroup,
  DescribeGroups: describeGroups,
  ListGroups: listGroups,
  SaslHandshake: saslHandshake,
  ApiVersions: apiVersions,
  CreateTopics: createTopics,
  DeleteTopics: deleteTopics,
  DeleteRecords: deleteRecords,
  InitProducerId: initProducerId,
  OffsetForLeaderEpoch: offsetForLeaderEpoch,
  AddPartitionsToTxn: addPartitionsToTxn,
  AddOffsetsToTxn: addOffsetsToTxn,
  EndTxn: endTxn,
  WriteTxnMarkers: writeTxnMarkers,
  TxnOffsetCommit: txnOffsetCommit,
  DescribeConfigs: describeConfigs,
  AlterConfigs: alterConfigs,
  DescribeLogDirs: describeLogDirs,
  SaslAuthenticate: saslAuthenticate,
  CreatePartitions: createPartitions,
  DeleteGroups: deleteGroups,
  ElectLeaders: electLeaders,
  IncrementalAlterConfigs: incrementalAlterConfigs,
  ListPartitionReassignments: listPartitionReassignments,
  OffsetDelete: offsetDelete,
  DescribeCluster: describeCluster,
  DescribeProducers: describeProducers,
  DescribeTransactions: describeTransactions,
  ListTransactions: listTransactions,
  DescribeTopicPartitions: describeTopicPartitions,
} as const;

export type Apis = typeof apis;
export type SupportedApiName = keyof Apis;

/**
 * APIs a broker serves only up to a version below its codec's (the codecs also speak to remote
 * clusters as a client): a request above it decodes, but the broker closes the connection as
 * for any version it does not serve. EndTxn v5 is KIP-890's transaction protocol (transaction.version 2: an
 * epoch bump with every commit or abort), which Brokerlab does not finalize; it stops at v4, as
 * Kafka 3.x does.
 */
const servedMaxVersions: ReadonlyMap<number, number> = new Map([[endTxn.apiKey, 4]]);

export function servedMaxVersion(api: ApiModule): number {
  return servedMaxVersions.get(api.apiKey) ?? api.maxVersion;
}

const modulesByKey = new Map<number, { name: SupportedApiName; api: ApiModule }>(
  (Object.entries(apis) as [SupportedApiName, ApiModule][]).map(([name, api]) => [api.apiKey, { name, api }]),
);

/** The codec module of an API key, or undefined when Brokerlab does not speak it. */
export function apiModule(apiKey: number): ApiModule | undefined {
  return modulesByKey.get(apiKey)?.api;
}

/**
 * The ApiVersions entries for the APIs the codec speaks, sorted by key. `include` narrows them
 * to what a listener actually serves (an API with no handler must not be advertised).
 */
export function supportedApiVersions(include: (apiKey: number) => boolean = () => true): ApiVersionRange[] {
  return [...modulesByKey.values()]
    .map(({ api }) => ({ apiKey: api.apiKey, minVersion: api.minVersion, maxVersion: servedMaxVersion(api) }))
    .filter((range) => include(range.apiKey))
    .sort((a, b) => a.apiKey - b.apiKey);
}

/** A decoded request, discriminated by API name so a handler table can be typed per API. */
export type DecodedRequest = {
  [Name in SupportedApiName]: {
    readonly kind: 'request';
    readonly name: Name;
    readonly api: Apis[Name];
    readonly header: RequestHeader;
    readonly request: RequestOf<Apis[Name]>;
  };
}[SupportedApiName];

export type DecodedRequestFrame =
  | DecodedRequest
  /** An API key Brokerlab does not speak: Kafka closes the connection. */
  | { readonly kind: 'unknown-api'; readonly header: RequestHeader }
  /**
   * A known API at a version outside its range. The body was not read. For ApiVersions the
   * broker answers with a v0 response carrying UNSUPPORTED_VERSION (KIP-511); for others Kafka
   * closes the connection.
   */
  | { readonly kind: 'unsupported-version'; readonly header: RequestHeader; readonly api: ApiModule };

/**
 * Decodes a request frame's payload (without its size prefix). Throws ProtocolDecodeError when
 * the header or body is malformed. Bytes left over after the body are ignored, as Kafka's
 * RequestContext.parseRequest ignores them: librdkafka 2.16 sends Metadata v13 requests with three
 * bytes after the body, and Apache Kafka answers them.
 */
export function decodeRequestFrame(payload: Buffer): DecodedRequestFrame {
  const reader = new Reader(payload);
  const header = readRequestHeaderPrefix(reader);
  const entry = modulesByKey.get(header.apiKey);
  if (!entry) return { kind: 'unknown-api', header };
  const { name, api } = entry;
  if (header.apiVersion < api.minVersion || header.apiVersion > api.maxVersion) {
    return { kind: 'unsupported-version', header, api };
  }
  readRequestHeaderTail(reader, requestHeaderVersion(api, header.apiVersion));
  const request = api.decodeRequest(reader, header.apiVersion);
  return { kind: 'request', name, api, header, request } as DecodedRequest;
}

/** `Metadata v12`, for logs. */
export function describeRequest(header: Pick<RequestHeader, 'apiKey' | 'apiVersion'>): string {
  return `${apiName(header.apiKey)} v${header.apiVersion}`;
}
