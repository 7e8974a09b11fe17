/**
 * ApiVersions: the APIs and versions this broker serves, computed from the registry narrowed to
 * the APIs with a handler available here, and the features it finalizes. v3+ requests name the
 * client's software; a name or version that is not Kafka's pattern (letters, digits, '.', '-',
 * starting and ending alphanumeric) gets INVALID_REQUEST, as Kafka answers it.
 */
import * as apiVersions from '../../protocol/apis/api-versions.js';
import { ErrorCode } from '../../protocol/errors.js';
import { supportedApiVersions } from '../../protocol/registry.js';
import { FINALIZED_FEATURES_EPOCH, finalizedFeatures, supportedFeatures } from '../features.js';
import { defineHandler } from '../handler.js';
import type { ApiVersionsResponse } from '../../protocol/apis/api-versions.js';

const SOFTWARE_NAME_OR_VERSION = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;

export default defineHandler({
  api: apiVersions,
  async handle(request, context) {
    if (
      context.apiVersion >= 3 &&
      !(
        SOFTWARE_NAME_OR_VERSION.test(request.clientSoftwareName) &&
        SOFTWARE_NAME_OR_VERSION.test(request.clientSoftwareVersion)
      )
    ) {
      return errorResponse(ErrorCode.INVALID_REQUEST);
    }
    return {
      errorCode: ErrorCode.NONE,
      apiKeys: supportedApiVersions((apiKey) => context.servesApi(apiKey)),
      throttleTimeMs: 0,
      // Before v4 a feature whose minimum is 0 must be left out (KIP-1076); none is.
      supportedFeatures,
      finalizedFeaturesEpoch: FINALIZED_FEATURES_EPOCH,
      finalizedFeatures,
      zkMigrationReady: false,
    };
  },
  errorResponse: (_request, error) => errorResponse(error),
});

function errorResponse(error: number): ApiVersionsResponse {
  return {
    errorCode: error,
    apiKeys: [],
    throttleTimeMs: 0,
    supportedFeatures: [],
    finalizedFeaturesEpoch: -1n,
    finalizedFeatures: [],
    zkMigrationReady: false,
  };
}
