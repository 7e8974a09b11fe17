/**
 * AlterConfigs (key 33): replace a resource's config overrides with the given set (every
 * override not listed is removed; IncrementalAlterConfigs is the finer tool).
 * Versions 0–2, flexible from 2.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';
import {
  readAlterConfigsResponse,
  writeAlterConfigsResponse,
  type AlterConfigsResponse,
} from './alter-configs-response.js';

export const apiKey = ApiKey.AlterConfigs;
export const minVersion = 0;
export const maxVersion = 2;
export const firstFlexibleVersion = 2;

export type { AlterConfigsResponse, AlterConfigsResourceResponse } from './alter-configs-response.js';

export interface AlterableConfig {
  readonly name: string;
  readonly value: string | null;
}

export interface AlterConfigsResource {
  /** A ConfigResourceType number (describe-configs.ts). */
  readonly resourceType: number;
  readonly resourceName: string;
  readonly configs: readonly AlterableConfig[];
}

export interface AlterConfigsRequest {
  readonly resources: readonly AlterConfigsResource[];
  readonly validateOnly: boolean;
}

export function decodeRequest(r: Reader, version: number): AlterConfigsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const resources = r.readArray((r): AlterConfigsResource => {
    const resourceType = r.readInt8();
    const resourceName = r.readString();
    const configs = r.readArray((r): AlterableConfig => {
      const config = { name: r.readString(), value: r.readNullableString() };
      r.readTaggedFields();
      return config;
    });
    r.readTaggedFields();
    return { resourceType, resourceName, configs };
  });
  const validateOnly = r.readBoolean();
  r.readTaggedFields();
  return { resources, validateOnly };
}

export function encodeRequest(w: Writer, request: AlterConfigsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeArray(request.resources, (w, res) => {
    w.writeInt8(res.resourceType).writeString(res.resourceName);
    w.writeArray(res.configs, (w, c) =>
      w.writeString(c.name).writeNullableString(c.value).writeTaggedFields(),
    );
    w.writeTaggedFields();
  });
  w.writeBoolean(request.validateOnly).writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): AlterConfigsResponse {
  r.flexible = version >= firstFlexibleVersion;
  return readAlterConfigsResponse(r);
}

export function encodeResponse(w: Writer, response: AlterConfigsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  writeAlterConfigsResponse(w, response);
}
