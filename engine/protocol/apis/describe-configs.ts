/**
 * DescribeConfigs (key 32): the configs of topics, brokers and broker loggers, with where each
 * value comes from (ConfigSource) and, on request, synonyms and documentation.
 * Versions 1–4 (Kafka 4 dropped v0), flexible from 4.
 *
 * Resource types are Kafka's ConfigResource.Type numbers: 2 topic, 4 broker, 8 broker logger,
 * 16 client metrics, 32 group.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.DescribeConfigs;
export const minVersion = 1;
export const maxVersion = 4;
export const firstFlexibleVersion = 4;

/** Kafka's ConfigResource.Type numbers, shared by the config APIs. */
export const ConfigResourceType = {
  UNKNOWN: 0,
  TOPIC: 2,
  BROKER: 4,
  BROKER_LOGGER: 8,
  CLIENT_METRICS: 16,
  GROUP: 32,
} as const;

export interface DescribeConfigsResource {
  readonly resourceType: number;
  readonly resourceName: string;
  /** The config names to describe, or null for all. */
  readonly configurationKeys: readonly string[] | null;
}

export interface DescribeConfigsRequest {
  readonly resources: readonly DescribeConfigsResource[];
  readonly includeSynonyms: boolean;
  /** v3+. */
  readonly includeDocumentation: boolean;
}

export interface DescribeConfigsSynonym {
  readonly name: string;
  readonly value: string | null;
  readonly source: number;
}

export interface DescribeConfigsResourceResult {
  readonly name: string;
  readonly value: string | null;
  readonly readOnly: boolean;
  /** A ConfigSource number. */
  readonly configSource: number;
  readonly isSensitive: boolean;
  readonly synonyms: readonly DescribeConfigsSynonym[];
  /** A ConfigType number (v3+), 0 when unknown. */
  readonly configType: number;
  /** v3+; null when not requested. */
  readonly documentation: string | null;
}

export interface DescribeConfigsResult {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly resourceType: number;
  readonly resourceName: string;
  readonly configs: readonly DescribeConfigsResourceResult[];
}

export interface DescribeConfigsResponse {
  readonly throttleTimeMs: number;
  readonly results: readonly DescribeConfigsResult[];
}

export function decodeRequest(r: Reader, version: number): DescribeConfigsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const resources = r.readArray((r): DescribeConfigsResource => {
    const resourceType = r.readInt8();
    const resourceName = r.readString();
    const configurationKeys = r.readNullableArray((r) => r.readString());
    r.readTaggedFields();
    return { resourceType, resourceName, configurationKeys };
  });
  const includeSynonyms = r.readBoolean();
  // v3 adds the documentation of each config (KIP-569).
  const includeDocumentation = version >= 3 ? r.readBoolean() : false;
  r.readTaggedFields();
  return { resources, includeSynonyms, includeDocumentation };
}

export function encodeRequest(w: Writer, request: DescribeConfigsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeArray(request.resources, (w, res) => {
    w.writeInt8(res.resourceType).writeString(res.resourceName);
    w.writeNullableArray(res.configurationKeys, (w, key) => w.writeString(key));
    w.writeTaggedFields();
  });
  w.writeBoolean(request.includeSynonyms);
  if (version >= 3) w.writeBoolean(request.includeDocumentation);
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): DescribeConfigsResponse {
  r.flexible = version >= firstFlexibleVersion;
  const throttleTimeMs = r.readInt32();
  const results = r.readArray((r): DescribeConfigsResult => {
    const errorCode = r.readInt16();
    const errorMessage = r.readNullableString();
    const resourceType = r.readInt8();
    const resourceName = r.readString();
    const configs = r.readArray((r): DescribeConfigsResourceResult => {
      const name = r.readString();
      const value = r.readNullableString();
      const readOnly = r.readBoolean();
      const configSource = r.readInt8();
      const isSensitive = r.readBoolean();
      const synonyms = r.readArray((r): DescribeConfigsSynonym => {
        const synonym = { name: r.readString(), value: r.readNullableString(), source: r.readInt8() };
        r.readTaggedFields();
        return synonym;
      });
      // v3 adds the config's type and documentation.
      const configType = version >= 3 ? r.readInt8() : 0;
      const documentation = version >= 3 ? r.readNullableString() : null;
      r.readTaggedFields();
      return { name, value, readOnly, configSource, isSensitive, synonyms, configType, documentation };
    });
    r.readTaggedFields();
    return { errorCode, errorMessage, resourceType, resourceName, configs };
  });
  r.readTaggedFields();
  return { throttleTimeMs, results };
}

export function encodeResponse(w: Writer, response: DescribeConfigsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt32(response.throttleTimeMs);
  w.writeArray(response.results, (w, res) => {
    w.writeInt16(res.errorCode).writeNullableString(res.errorMessage);
    w.writeInt8(res.resourceType).writeString(res.resourceName);
    w.writeArray(res.configs, (w, c) => {
      w.writeString(c.name).writeNullableString(c.value).writeBoolean(c.readOnly);
      w.writeInt8(c.configSource).writeBoolean(c.isSensitive);
      w.writeArray(c.synonyms, (w, s) => {
        w.writeString(s.name).writeNullableString(s.value).writeInt8(s.source).writeTaggedFields();
      });
      if (version >= 3) w.writeInt8(c.configType).writeNullableString(c.documentation);
      w.writeTaggedFields();
    });
    w.writeTaggedFields();
  });
  w.writeTaggedFields();
}
