/**
 * IncrementalAlterConfigs: single configs of a resource set, deleted, appended to or subtracted
 * from (list configs), the others left alone (KIP-339). An unknown operation, or the same key
 * twice in one resource, refuses that resource with INVALID_REQUEST, as Kafka does. See
 * alter-configs-common.ts.
 */
import * as incrementalAlterConfigs from '../../protocol/apis/incremental-alter-configs.js';
import { ConfigOperation } from '../../protocol/apis/incremental-alter-configs.js';
import { defineHandler } from '../handler.js';
import type { AlterConfigOp } from '../services.js';
import { alterConfigs, alterConfigsError } from './alter-configs-common.js';
import { duplicates } from './duplicates.js';

const operations = new Map<number, AlterConfigOp>([
  [ConfigOperation.SET, 'set'],
  [ConfigOperation.DELETE, 'delete'],
  [ConfigOperation.APPEND, 'append'],
  [ConfigOperation.SUBTRACT, 'subtract'],
]);

export default defineHandler({
  api: incrementalAlterConfigs,
  handle: (request, context) =>
    alterConfigs(
      request.resources,
      request.validateOnly,
      context,
      (resource) => {
        const twice = duplicates(resource.configs.map((c) => c.name));
        if (twice.size > 0) return `Error due to duplicate config keys: ${[...twice].join(', ')}`;
        const changes = [];
        for (const c of resource.configs) {
          const op = operations.get(c.configOperation);
          if (op === undefined) return `Unknown alter config operation type ${c.configOperation}`;
          changes.push({ name: c.name, value: c.value, op });
        }
        return changes;
      },
      true,
    ),
  errorResponse: (request, error) => alterConfigsError(request.resources, error),
});
