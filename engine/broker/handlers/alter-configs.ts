/**
 * AlterConfigs (the legacy call): the given set of configs replaces all of a resource's
 * overrides; any override not listed is removed. See alter-configs-common.ts.
 */
import * as alterConfigsApi from '../../protocol/apis/alter-configs.js';
import { defineHandler } from '../handler.js';
import { alterConfigs, alterConfigsError } from './alter-configs-common.js';

export default defineHandler({
  api: alterConfigsApi,
  handle: (request, context) =>
    alterConfigs(
      request.resources,
      request.validateOnly,
      context,
      (resource) => resource.configs.map((c) => ({ name: c.name, value: c.value, op: 'set' as const })),
      false,
    ),
  errorResponse: (request, error) => alterConfigsError(request.resources, error),
});
