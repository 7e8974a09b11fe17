export { invariant, InvariantError } from './util/invariant.js';
export { startCluster, Cluster } from './cluster/cluster.js';
export type { StartClusterOptions, BrokerSummary } from './cluster/cluster.js';
export type { ClusterSnapshot, BrokerSnapshot, PartitionSnapshot, BrokerState } from './cluster/snapshot.js';
export type {
  ClusterEvent,
  ClusterEventType,
  FaultDescription,
  FaultKind,
  BrokerIsolation,
} from './cluster/events.js';
export type { Faults } from './cluster/faults.js';
export type { BrokerListener, ListenerFactory } from './cluster/node/broker-node.js';
export type { ClusterConfigInput } from './cluster/config.js';
export { listenerFactory } from './broker/listener.js';
export type { ListenerOptions } from './broker/listener.js';
export type { ListenerConfig } from './broker/listener-config.js';
export { handleRequest, servesApi } from './broker/dispatch.js';
export type { RequestContext } from './broker/handler.js';
