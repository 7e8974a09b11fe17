/**
 * CreateTopics: the controller creates the topics (or, with validateOnly, only checks them) and
 * answers per topic with Kafka's codes and messages: TOPIC_ALREADY_EXISTS,
 * INVALID_TOPIC_EXCEPTION for an illegal or colliding name, INVALID_PARTITIONS,
 * INVALID_REPLICATION_FACTOR (more than the brokers, or not positive), INVALID_REPLICA_ASSIGNMENT,
 * INVALID_CONFIG naming the key. A name given twice in one request is refused here, as Kafka's
 * ControllerApis refuses it: one INVALID_REQUEST result for that name and no creation.
 * From v5 a created topic's partitions, replication factor and effective configs come back.
 */
import type { CreatableTopicResult } from '../../protocol/apis/create-topics.js';
import * as createTopics from '../../protocol/apis/create-topics.js';
import { ErrorCode } from '../../protocol/errors.js';
import { ZERO_UUID } from '../../protocol/uuid.js';
import { asBrokerId } from '../../types.js';
import { defineHandler } from '../handler.js';
import type { CreateTopicResult } from '../services.js';
import { duplicates } from './duplicates.js';

export default defineHandler({
  api: createTopics,
  async handle(request, context) {
    const duplicated = duplicates(request.topics.map((t) => t.name));
    const specs = request.topics
      .filter((t) => !duplicated.has(t.name))
      .map((t) => ({
        name: t.name,
        numPartitions: t.numPartitions,
        replicationFactor: t.replicationFactor,
        assignments: t.assignments.map((a) => ({
          partition: a.partitionIndex,
          brokerIds: a.brokerIds.map(asBrokerId),
        })),
        configs: Object.fromEntries(t.configs.map((c) => [c.name, c.value])),
      }));
    const results =
      specs.length === 0
        ? []
        : await context.services.admin.createTopics(specs, {
            validateOnly: request.validateOnly,
            timeoutMs: request.timeoutMs,
          });
    return {
      throttleTimeMs: 0,
      topics: [
        ...results.map(toResult),
        ...[...duplicated].map((name) => failed(name, ErrorCode.INVALID_REQUEST, 'Duplicate topic name.')),
      ],
    };
  },
  errorResponse: (request, error) => ({
    throttleTimeMs: 0,
    topics: request.topics.map((t) => failed(t.name, error, null)),
  }),
});

function toResult(r: CreateTopicResult): CreatableTopicResult {
  if (r.errorCode !== ErrorCode.NONE) return failed(r.name, r.errorCode, r.errorMessage);
  return {
    name: r.name,
    topicId: r.topicId ?? ZERO_UUID,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    topicConfigErrorCode: ErrorCode.NONE,
    numPartitions: r.numPartitions,
    replicationFactor: r.replicationFactor,
    configs: (r.configs ?? []).map((c) => ({
      name: c.name,
      value: c.isSensitive ? null : c.value,
      readOnly: c.readOnly,
      configSource: c.source,
      isSensitive: c.isSensitive,
    })),
  };
}

function failed(name: string, errorCode: ErrorCode, errorMessage: string | null): CreatableTopicResult {
  return {
    name,
    topicId: ZERO_UUID,
    errorCode,
    errorMessage,
    topicConfigErrorCode: ErrorCode.NONE,
    numPartitions: -1,
    replicationFactor: -1,
    configs: [],
  };
}
