/** Heartbeat: a member keeps its session and learns of a rebalance (REBALANCE_IN_PROGRESS). */
import * as heartbeat from '../../protocol/apis/heartbeat.js';
import { defineHandler } from '../handler.js';
import { coordinatorOf, servesGroups } from './group-handlers.js';

export default defineHandler({
  api: heartbeat,
  available: servesGroups,
  async handle(request, context) {
    const errorCode = await coordinatorOf(context).heartbeat({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
    });
    return { throttleTimeMs: 0, errorCode };
  },
  errorResponse: (_request, error) => ({ throttleTimeMs: 0, errorCode: error }),
});
