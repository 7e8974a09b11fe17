/**
 * SyncGroup: after the join, the leader sends every member's assignment and each member waits
 * for its own part (engine/groups/membership.ts).
 */
import * as syncGroup from '../../protocol/apis/sync-group.js';
import type { SyncResult } from '../../groups/api.js';
import { EMPTY_BYTES } from '../../groups/member.js';
import { defineHandler } from '../handler.js';
import { coordinatorOf, servesGroups } from './group-handlers.js';

export default defineHandler({
  api: syncGroup,
  available: servesGroups,
  async handle(request, context) {
    return response(
      await coordinatorOf(context).syncGroup({
        groupId: request.groupId,
        generationId: request.generationId,
        memberId: request.memberId,
        groupInstanceId: request.groupInstanceId,
        protocolType: request.protocolType,
        protocolName: request.protocolName,
        assignments: request.assignments,
      }),
    );
  },
  errorResponse: (_request, error) =>
    response({ errorCode: error, protocolType: null, protocolName: null, assignment: EMPTY_BYTES }),
});

function response(result: SyncResult): syncGroup.SyncGroupResponse {
  return { throttleTimeMs: 0, ...result };
}
