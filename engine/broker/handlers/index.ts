/**
 * Every request handler of a broker, one per API. The dispatcher serves exactly these (narrowed
 * by each one's `available` check) and ApiVersions advertises them. The consumer-group and
 * transaction APIs join here with their coordinators, each `available` once BrokerServices
 * carries its service.
 */
import type { Handler } from '../handler.js';
import addOffsetsToTxn from './add-offsets-to-txn.js';
import addPartitionsToTxn from './add-partitions-to-txn.js';
import alterConfigs from './alter-configs.js';
import apiVersions from './api-versions.js';
import createPartitions from './create-partitions.js';
import createTopics from './create-topics.js';
import deleteGroups from './delete-groups.js';
import deleteRecords from './delete-records.js';
import deleteTopics from './delete-topics.js';
import describeCluster from './describe-cluster.js';
import describeConfigs from './describe-configs.js';
import describeGroups from './describe-groups.js';
import describeLogDirs from './describe-log-dirs.js';
import describeProducers from './describe-producers.js';
import describeTopicPartitions from './describe-topic-partitions.js';
import describeTransactions from './describe-transactions.js';
import electLeaders from './elect-leaders.js';
import endTxn from './end-txn.js';
import fetch from './fetch.js';
import findCoordinator from './find-coordinator.js';
import heartbeat from './heartbeat.js';
import incrementalAlterConfigs from './incremental-alter-configs.js';
import initProducerId from './init-producer-id.js';
import joinGroup from './join-group.js';
import leaveGroup from './leave-group.js';
import listGroups from './list-groups.js';
import listOffsets from './list-offsets.js';
import listTransactions from './list-transactions.js';
import metadata from './metadata.js';
import offsetCommit from './offset-commit.js';
import offsetDelete from './offset-delete.js';
import offsetFetch from './offset-fetch.js';
import offsetForLeaderEpoch from './offset-for-leader-epoch.js';
import produce from './produce.js';
import saslAuthenticate from './sasl-authenticate.js';
import saslHandshake from './sasl-handshake.js';
import syncGroup from './sync-group.js';
import txnOffsetCommit from './txn-offset-commit.js';
import writeTxnMarkers from './write-txn-markers.js';

export const handlers = [
  produce,
  fetch,
  listOffsets,
  metadata,
  offsetCommit,
  offsetFetch,
  findCoordinator,
  joinGroup,
  heartbeat,
  leaveGroup,
  syncGroup,
  describeGroups,
  listGroups,
  offsetForLeaderEpoch,
  createTopics,
  deleteTopics,
  deleteRecords,
  deleteGroups,
  initProducerId,
  addPartitionsToTxn,
  addOffsetsToTxn,
  endTxn,
  describeConfigs,
  alterConfigs,
  describeLogDirs,
  createPartitions,
  electLeaders,
  incrementalAlterConfigs,
  describeCluster,
  describeProducers,
  describeTopicPartitions,
  describeTransactions,
  listTransactions,
  offsetDelete,
  writeTxnMarkers,
  txnOffsetCommit,
  saslHandshake,
  saslAuthenticate,
  apiVersions,
] as readonly Handler[];
