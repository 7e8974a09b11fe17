/**
 * DeleteTopics: the controller deletes topics by name, or by name or id from v6. An unknown name
 * gets UNKNOWN_TOPIC_OR_PARTITION, an unknown id UNKNOWN_TOPIC_ID; a topic named twice in one
 * request INVALID_REQUEST, as Kafka's ControllerApis answers it, and is not deleted.
 */
import type { DeletableTopicResult } from '../../protocol/apis/delete-topics.js';
import * as deleteTopics from '../../protocol/apis/delete-topics.js';
import { ErrorCode } from '../../protocol/errors.js';
import { ZERO_UUID } from '../../protocol/uuid.js';
import { defineHandler } from '../handler.js';
import { duplicates } from './duplicates.js';

export default defineHandler({
  api: deleteTopics,
  async handle(request, context) {
    const isById = (t: { topicId: string }) => t.topicId !== ZERO_UUID;
    const duplicateIds = duplicates(request.topics.filter(isById).map((t) => t.topicId));
    const duplicateNames = duplicates(request.topics.filter((t) => !isById(t)).map((t) => t.name ?? ''));
    const targets = request.topics
      .filter((t) => (isById(t) ? !duplicateIds.has(t.topicId) : !duplicateNames.has(t.name ?? '')))
      .map((t) => (isById(t) ? { name: null, topicId: t.topicId } : { name: t.name, topicId: null }));
    const results =
      targets.length === 0 ? [] : await context.services.admin.deleteTopics(targets, request.timeoutMs);
    return {
      throttleTimeMs: 0,
      responses: [
        ...results.map((r) => failed(r.name, r.topicId ?? ZERO_UUID, r.errorCode, r.errorMessage)),
        ...[...duplicateNames].map((name) =>
          failed(name, ZERO_UUID, ErrorCode.INVALID_REQUEST, 'Duplicate topic name.'),
        ),
        ...[...duplicateIds].map((id) => failed(null, id, ErrorCode.INVALID_REQUEST, 'Duplicate topic id.')),
      ],
    };
  },
  errorResponse: (request, error) => ({
    throttleTimeMs: 0,
    responses: request.topics.map((t) => failed(t.name, t.topicId, error, null)),
  }),
});

function failed(
  name: string | null,
  topicId: string,
  errorCode: ErrorCode,
  errorMessage: string | null,
): DeletableTopicResult {
  return { name, topicId, errorCode, errorMessage };
}
