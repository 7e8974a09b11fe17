/**
 * DeleteGroups: removes groups without members, with their committed offsets (tombstones in
 * __consumer_offsets). A group with members gets NON_EMPTY_GROUP, an unknown one
 * GROUP_ID_NOT_FOUND.
 */
import * as deleteGroups from '../../protocol/apis/delete-groups.js';
import { defineHandler } from '../handler.js';
import { coordinatorOf, servesGroups } from './group-handlers.js';

export default defineHandler({
  api: deleteGroups,
  available: servesGroups,
  async handle(request, context) {
    return { throttleTimeMs: 0, results: await coordinatorOf(context).deleteGroups(request.groupsNames) };
  },
  errorResponse: (request, error) => ({
    throttleTimeMs: 0,
    results: request.groupsNames.map((groupId) => ({ groupId, errorCode: error })),
  }),
});
