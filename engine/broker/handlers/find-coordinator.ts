/**
 * FindCoordinator: the broker that coordinates a group is the leader of the group's partition of
 * __consumer_offsets. The first lookup in a new cluster creates that topic (as Kafka does) and,
 * like every lookup before its partition has a leader, answers COORDINATOR_NOT_AVAILABLE: the
 * client asks again. Before v4 a request names one key; from v4 any number.
 *
 * Only group keys (type 0) are served: transaction coordinators (type 1) and share groups
 * (type 2) are not part of Brokerlab yet, and are answered INVALID_REQUEST with a message saying
 * so, which clients take as final (a retriable code would keep a transactional producer waiting
 * for a coordinator that never comes).
 */
import * as findCoordinator from '../../protocol/apis/find-coordinator.js';
import type { Coordinator } from '../../protocol/apis/find-coordinator.js';
import { ErrorCode } from '../../protocol/errors.js';
import { GROUP_METADATA_TOPIC_NAME } from '../internal-topics.js';
import { defineHandler, type HandlerContext } from '../handler.js';
import { coordinatorOf, servesGroups } from './group-handlers.js';

const KeyType = { GROUP: 0, TRANSACTION: 1, SHARE: 2 } as const;

export default defineHandler({
  api: findCoordinator,
  available: servesGroups,
  async handle(request, context) {
    const keys = context.apiVersion < 4 ? request.coordinatorKeys.slice(0, 1) : request.coordinatorKeys;
    if (request.keyType !== KeyType.GROUP) {
      const message =
        request.keyType === KeyType.TRANSACTION
          ? 'Transactions are not supported by this cluster yet.'
          : request.keyType === KeyType.SHARE
            ? 'Share groups are not supported by this cluster.'
            : `Unknown coordinator key type ${request.keyType}.`;
      return answer(keys.map((key) => failed(key, ErrorCode.INVALID_REQUEST, message)));
    }
    const groups = coordinatorOf(context);
    if (context.services.metadata.topic(GROUP_METADATA_TOPIC_NAME) === undefined)
      await groups.createOffsetsTopic();
    return answer(keys.map((key) => coordinatorFor(key, context)));
  },
  errorResponse: (request, error) => answer(request.coordinatorKeys.map((key) => failed(key, error, null))),
});

function coordinatorFor(key: string, context: HandlerContext): Coordinator {
  const { metadata } = context.services;
  const partition = coordinatorOf(context).offsetsPartitionFor(key);
  const leader = metadata
    .topic(GROUP_METADATA_TOPIC_NAME)
    ?.partitions.find((p) => p.partition === partition)?.leader;
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
