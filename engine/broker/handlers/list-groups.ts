/**
 * ListGroups: the groups this broker coordinates (a client asks every broker), filtered by state
 * (v4+). Every group here is a classic group: a types filter (v5+) without `classic` lists none.
 */
import * as listGroups from '../../protocol/apis/list-groups.js';
import { defineHandler } from '../handler.js';
import { coordinatorOf, servesGroups } from './group-handlers.js';

export default defineHandler({
  api: listGroups,
  available: servesGroups,
  async handle(request, context) {
    const result = await coordinatorOf(context).listGroups(request.statesFilter);
    const types = request.typesFilter.map((t) => t.toLowerCase());
    const groups = types.length > 0 && !types.includes('classic') ? [] : result.groups;
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      groups: groups.map((g) => ({
        groupId: g.groupId,
        protocolType: g.protocolType,
        groupState: g.state,
        groupType: 'classic',
      })),
    };
  },
  errorResponse: (_request, error) => ({ throttleTimeMs: 0, errorCode: error, groups: [] }),
});
