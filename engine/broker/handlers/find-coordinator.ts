/**
 * FindCoordinator: the broker that coordinates a group (key type 0) is the leader of the group's
 * partition of __consumer_offsets; the one that coordinates a transactional id (key type 1) is
 * the leader of the id's partition of __transaction_state. The first lookup in a new cluster
 * creates the topic (as Kafka does) and, like every lookup before its partition has a leader,
 * answers COORDINATOR_NOT_AVAILABLE: the client asks again. Before v4 a request names one key;
 * from v4 any number.
 *
 * Share groups (type 2) are not part of Brokerlab, and are answered INVALID_REQUEST with a message
 * saying so, which clients take as final. An empty transactional id is INVALID_REQUEST too.
 */
import * as findCoordinator from '../../protocol/apis/find-coordinator.js';
import type { Coordinator } from '../../protocol/apis/find-coordinator.js';
import { ErrorCode } from '../../protocol/errors.js';
import { GROUP_METADATA_TOPIC_NAME, TRANSACTION_STATE_TOPIC_NAME } from '../internal-topics.js';
import { defineHandler, type HandlerContext } from '../handler.js';
import { coordinatorOf, servesGroups } from './group-handlers.js';

const KeyType = { GROUP: 0, TRANSACTION: 1, SHARE: 2 } as const;

export default defineHandler({
  api: findCoordinator,
  available: servesGroups,
  async handle(request, context) {
    const keys = context.apiVersion < 4 ? request.coordinatorKeys.slice(0, 1) : request.coordinatorKeys;
    const { metadata, transactions } = context.services;
    if (request.keyType === KeyType.TRANSACTION && transactions !== undefined) {
      if (metadata.topic(TRANSACTION_STATE_TOPIC_NAME) === undefined && keys.some((key) => key !== ''))
        await transactions.createStateTopic();
      return answer(
        keys.map((key) =>
          key === ''
            ? failed(key, ErrorCode.INVALID_REQUEST, 'The transactional id is empty.')
            : leaderOf(key, TRANSACTION_STATE_TOPIC_NAME, transactions.txnPartitionFor(key), context),
        ),
      );
    }
    if (request.keyType !== KeyType.GROUP) {
      const message =
        request.keyType === KeyType.TRANSACTION
          ? 'This broker has no transaction coordinator.'
          : request.keyType === KeyType.SHARE
            ? 'Share groups are not supported by this cluster.'
            : `Unknown coordinator key type ${request.keyType}.`;
      return answer(keys.map((key) => failed(key, ErrorCode.INVALID_REQUEST, message)));
    }
    const groups = coordinatorOf(context);
    if (metadata.topic(GROUP_METADATA_TOPIC_NAME) === undefined) await groups.createOffsetsTopic();
    return answer(
      keys.map((key) => leaderOf(key, GROUP_METADATA_TOPIC_NAME, groups.offsetsPartitionFor(key), context)),
    );
  },
  errorResponse: (request, error) => answer(request.coordinatorKeys.map((key) => failed(key, error, null))),
});

/** The live leader of the key's partition of the coordinator's topic. */
function leaderOf(key: string, topic: string, partition: number, context: HandlerContext): Coordinator {
  const { metadata } = context.services;
  const leader = metadata.topic(topic)?.partitions.find((p) => p.partition === partition)?.leader;
  const broker = metadata.aliveBrokers().find((b) => b.id === leader);
  if (broker === undefined) return failed(key, ErrorCode.COORDINATOR_NOT_AVAILABLE, null);
  return {
    key,
    nodeId: broker.id,
    host: broker.host,
    port: broker.port,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
  };
}

function failed(key: string, errorCode: ErrorCode, errorMessage: string | null): Coordinator {
  return { key, nodeId: -1, host: '', port: -1, errorCode, errorMessage };
}

function answer(coordinators: Coordinator[]): findCoordinator.FindCoordinatorResponse {
  return { throttleTimeMs: 0, coordinators };
}
