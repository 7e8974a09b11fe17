/**
 * What AlterConfigs and IncrementalAlterConfigs share: resources are checked here (a resource
 * named twice, or of a type Brokerlab cannot alter: INVALID_REQUEST), the controller validates
 * and applies the changes (INVALID_CONFIG naming the key, UNKNOWN_TOPIC_OR_PARTITION), and the
 * answers come back per resource in request order.
 */
import type {
  AlterConfigsResourceResponse,
  AlterConfigsResponse,
} from '../../protocol/apis/alter-configs-response.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { HandlerContext } from '../handler.js';
import type { AlterConfigsSpec } from '../services.js';
import { resourceKind, unsupportedResourceType } from './config-resources.js';
import { duplicates } from './duplicates.js';

export interface AlterableResource {
  readonly resourceType: number;
  readonly resourceName: string;
}

export async function alterConfigs<R extends AlterableResource>(
  resources: readonly R[],
  validateOnly: boolean,
  context: HandlerContext,
  /** The resource's changes, or a reason to refuse it with INVALID_REQUEST. */
  changesOf: (resource: R) => AlterConfigsSpec['changes'] | string,
  incremental: boolean,
): Promise<AlterConfigsResponse> {
  const twice = duplicates(resources.map((r) => `${r.resourceType}:${r.resourceName}`));
  const responses: (AlterConfigsResourceResponse | undefined)[] = [];
  const specs: { at: number; spec: AlterConfigsSpec }[] = [];
  resources.forEach((resource, at) => {
    const kind = resourceKind(resource.resourceType);
    if (kind === undefined) {
      responses.push(
        failed(resource, ErrorCode.INVALID_REQUEST, unsupportedResourceType(resource.resourceType)),
      );
      return;
    }
    if (twice.has(`${resource.resourceType}:${resource.resourceName}`)) {
      responses.push(failed(resource, ErrorCode.INVALID_REQUEST, 'Duplicate resource.'));
      return;
    }
    const changes = changesOf(resource);
    if (typeof changes === 'string') {
      responses.push(failed(resource, ErrorCode.INVALID_REQUEST, changes));
      return;
    }
    responses.push(undefined);
    specs.push({ at, spec: { type: kind, name: resource.resourceName, changes, incremental } });
  });
  if (specs.length > 0) {
    const results = await context.services.admin.alterConfigs(
      specs.map((s) => s.spec),
      { validateOnly },
    );
    specs.forEach(({ at }, i) => {
      const resource = resources[at]!;
      const r = results[i];
      responses[at] =
        r === undefined
          ? failed(resource, ErrorCode.UNKNOWN_SERVER_ERROR, null)
          : failed(resource, r.errorCode, r.errorMessage);
    });
  }
  return { throttleTimeMs: 0, responses: responses as AlterConfigsResourceResponse[] };
}

export function alterConfigsError(
  resources: readonly AlterableResource[],
  error: ErrorCode,
): AlterConfigsResponse {
  return { throttleTimeMs: 0, responses: resources.map((r) => failed(r, error, null)) };
}

function failed(
  resource: AlterableResource,
  errorCode: ErrorCode,
  errorMessage: string | null,
): AlterConfigsResourceResponse {
  return {
    errorCode,
    errorMessage,
    resourceType: resource.resourceType,
    resourceName: resource.resourceName,
  };
}
