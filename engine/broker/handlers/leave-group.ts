/**
 * LeaveGroup: members leave at once instead of timing out (a rebalance starts). Before v3 the
 * request names one member and the answer has only the top-level error, which then carries that
 * member's error; from v3 (KIP-345) a batch, answered member by member.
 */
import * as leaveGroup from '../../protocol/apis/leave-group.js';
import { ErrorCode } from '../../protocol/errors.js';
import { defineHandler } from '../handler.js';
import { coordinatorOf, servesGroups } from './group-handlers.js';

export default defineHandler({
  api: leaveGroup,
  available: servesGroups,
  async handle(request, context) {
    const result = await coordinatorOf(context).leaveGroup(request.groupId, request.members);
    const members = result.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      errorCode: m.errorCode,
    }));
    if (context.apiVersion < 3) {
      const memberError = members[0]?.errorCode ?? ErrorCode.NONE;
      return {
        throttleTimeMs: 0,
        errorCode: result.errorCode !== ErrorCode.NONE ? result.errorCode : memberError,
        members: [],
      };
    }
    return { throttleTimeMs: 0, errorCode: result.errorCode, members };
  },
  errorResponse: (_request, error) => ({ throttleTimeMs: 0, errorCode: error, members: [] }),
});
