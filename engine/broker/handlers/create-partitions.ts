/**
 * CreatePartitions: the controller raises topics' partition counts (or, with validateOnly,
 * checks that it could): INVALID_PARTITIONS when the count does not grow, UNKNOWN_TOPIC_OR_PARTITION
 * for a missing topic, INVALID_REPLICA_ASSIGNMENT for a bad placement. A topic named twice in one
 * request gets INVALID_REQUEST, as in Kafka, and is not changed.
 */
import * as createPartitions from '../../protocol/apis/create-partitions.js';
import { ErrorCode } from '../../protocol/errors.js';
import { asBrokerId } from '../../types.js';
import { defineHandler } from '../handler.js';
import { duplicates } from './duplicates.js';

export default defineHandler({
  api: createPartitions,
  async handle(request, context) {
    const duplicated = duplicates(request.topics.map((t) => t.name));
    const specs = request.topics
      .filter((t) => !duplicated.has(t.name))
      .map((t) => ({
        topic: t.name,
        count: t.count,
        assignments: (t.assignments ?? []).map((a) => a.brokerIds.map(asBrokerId)),
      }));
    const results =
      specs.length === 0
        ? []
        : await context.services.admin.createPartitions(specs, {
            validateOnly: request.validateOnly,
            timeoutMs: request.timeoutMs,
          });
    return {
      throttleTimeMs: 0,
      results: [
        ...results.map((r) => ({ name: r.name, errorCode: r.errorCode, errorMessage: r.errorMessage })),
        ...[...duplicated].map((name) => ({
          name,
          errorCode: ErrorCode.INVALID_REQUEST,
          errorMessage: 'Duplicate topic name.',
        })),
      ],
    };
  },
  errorResponse: (request, error) => ({
    throttleTimeMs: 0,
    results: request.topics.map((t) => ({ name: t.name, errorCode: error, errorMessage: null })),
  }),
});
