/**
 * DescribeGroups: state, protocol and members of each group this broker coordinates; a group it
 * does not know is described as Dead (Kafka's answer), one it does not coordinate gets
 * NOT_COORDINATOR.
 */
import * as describeGroups from '../../protocol/apis/describe-groups.js';
import type { DescribedGroup } from '../../protocol/apis/describe-groups.js';
import { ErrorCode } from '../../protocol/errors.js';
import { defineHandler } from '../handler.js';
import { coordinatorOf, servesGroups } from './group-handlers.js';

/** Kafka's "not requested" value for authorizedOperations. */
const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

export default defineHandler({
  api: describeGroups,
  available: servesGroups,
  async handle(request, context) {
    const coordinator = coordinatorOf(context);
    const groups = await Promise.all(
      request.groups.map(async (groupId): Promise<DescribedGroup> => {
        const d = await coordinator.describeGroup(groupId);
        if (d.errorCode !== ErrorCode.NONE) return failed(groupId, d.errorCode);
        return {
          errorCode: ErrorCode.NONE,
          errorMessage: null,
          groupId,
          groupState: d.state,
          protocolType: d.protocolType,
          protocolData: d.protocol,
          members: d.members.map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            clientId: m.clientId,
            clientHost: m.clientHost,
            memberMetadata: m.metadata,
            memberAssignment: m.assignment,
          })),
          authorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
        };
      }),
    );
    return { throttleTimeMs: 0, groups };
  },
  errorResponse: (request, error) => ({
    throttleTimeMs: 0,
    groups: request.groups.map((groupId) => failed(groupId, error)),
  }),
});

function failed(groupId: string, errorCode: ErrorCode): DescribedGroup {
  return {
    errorCode,
    errorMessage: null,
    groupId,
    groupState: '',
    protocolType: '',
    protocolData: '',
    members: [],
    authorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  };
}
