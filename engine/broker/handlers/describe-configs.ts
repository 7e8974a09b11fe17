/**
 * DescribeConfigs: each resource's configs (all, or the keys asked), with value, source
 * (DYNAMIC_TOPIC_CONFIG, STATIC_BROKER_CONFIG, DEFAULT_CONFIG, ...), read-only and sensitive
 * flags, and on request their synonyms and documentation (v3+, with types). Values of sensitive
 * configs are never returned. A topic that does not exist gets UNKNOWN_TOPIC_OR_PARTITION; a
 * broker resource naming another broker, or a resource type Brokerlab has no configs for,
 * INVALID_REQUEST with Kafka's message.
 */
import type { DescribeConfigsResult } from '../../protocol/apis/describe-configs.js';
import * as describeConfigs from '../../protocol/apis/describe-configs.js';
import { ErrorCode } from '../../protocol/errors.js';
import { defineHandler } from '../handler.js';
import { foreignBrokerName, resourceKind, unsupportedResourceType } from './config-resources.js';

export default defineHandler({
  api: describeConfigs,
  async handle(request, context) {
    const { admin, settings } = context.services;
    const results: (DescribeConfigsResult | undefined)[] = [];
    const asked: {
      at: number;
      type: 'topic' | 'broker' | 'broker_logger';
      name: string;
      keys: readonly string[] | null;
    }[] = [];
    request.resources.forEach((resource, at) => {
      const kind = resourceKind(resource.resourceType);
      const refused =
        kind === undefined
          ? unsupportedResourceType(resource.resourceType)
          : kind === 'topic'
            ? null
            : foreignBrokerName(resource.resourceName, settings.brokerId);
      if (kind === undefined || refused !== null) {
        results.push(failed(resource, ErrorCode.INVALID_REQUEST, refused));
      } else {
        results.push(undefined);
        asked.push({ at, type: kind, name: resource.resourceName, keys: resource.configurationKeys });
      }
    });
    if (asked.length > 0) {
      const described = await admin.describeConfigs(
        asked.map(({ type, name, keys }) => ({ type, name, keys })),
        { includeSynonyms: request.includeSynonyms, includeDocumentation: request.includeDocumentation },
      );
      asked.forEach(({ at }, i) => {
        const resource = request.resources[at]!;
        const d = described[i];
        results[at] =
          d === undefined
            ? failed(resource, ErrorCode.UNKNOWN_SERVER_ERROR, null)
            : {
                errorCode: d.errorCode,
                errorMessage: d.errorMessage,
                resourceType: resource.resourceType,
                resourceName: resource.resourceName,
                configs: d.configs.map((c) => ({
                  name: c.name,
                  value: c.isSensitive ? null : c.value,
                  readOnly: c.readOnly,
                  configSource: c.source,
                  isSensitive: c.isSensitive,
                  synonyms: request.includeSynonyms
                    ? c.synonyms.map((s) => ({
                        name: s.name,
                        value: c.isSensitive ? null : s.value,
                        source: s.source,
                      }))
                    : [],
                  configType: c.type,
                  documentation: request.includeDocumentation ? c.documentation : null,
                })),
              };
      });
    }
    return { throttleTimeMs: 0, results: results as DescribeConfigsResult[] };
  },
  errorResponse: (request, error) => ({
    throttleTimeMs: 0,
    results: request.resources.map((r) => failed(r, error, null)),
  }),
});

function failed(
  resource: { resourceType: number; resourceName: string },
  errorCode: ErrorCode,
  errorMessage: string | null,
): DescribeConfigsResult {
  return {
    errorCode,
    errorMessage,
    resourceType: resource.resourceType,
    resourceName: resource.resourceName,
    configs: [],
  };
}
