/**
 * JoinGroup: a member joins (or rejoins) a classic group and waits for the rebalance to reach
 * the join barrier (engine/groups/membership.ts). From v4 a new member first gets its id with
 * MEMBER_ID_REQUIRED (KIP-394); from v9 a static leader may be told to skip its assignor.
 */
import * as joinGroup from '../../protocol/apis/join-group.js';
import type { JoinGroupResponse } from '../../protocol/apis/join-group.js';
import type { JoinResult } from '../../groups/api.js';
import { defineHandler } from '../handler.js';
import { clientHostOf, coordinatorOf, servesGroups } from './group-handlers.js';

export default defineHandler({
  api: joinGroup,
  available: servesGroups,
  async handle(request, context) {
    const result = await coordinatorOf(context).joinGroup({
      groupId: request.groupId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      clientId: context.clientId ?? '',
      clientHost: clientHostOf(context),
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: request.rebalanceTimeoutMs,
      protocolType: request.protocolType,
      protocols: request.protocols,
      reason: request.reason,
      requireKnownMemberId: context.apiVersion >= 4,
      supportSkippingAssignment: context.apiVersion >= 9,
    });
    return response(result);
  },
  errorResponse: (request, error) =>
    response({
      errorCode: error,
      memberId: request.memberId,
      generationId: -1,
      protocolType: null,
      protocolName: null,
      leaderId: '',
      skipAssignment: false,
      members: [],
    }),
});

function response(result: JoinResult): JoinGroupResponse {
  return {
    throttleTimeMs: 0,
    errorCode: result.errorCode,
    generationId: result.generationId,
    protocolType: result.protocolType,
    protocolName: result.protocolName,
    leader: result.leaderId,
    skipAssignment: result.skipAssignment,
    memberId: result.memberId,
    members: result.members,
  };
}
