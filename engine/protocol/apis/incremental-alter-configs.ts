/**
 * IncrementalAlterConfigs (key 44): change single configs of a resource — set, delete, append to
 * or subtract from a list — leaving the others alone (KIP-339). Versions 0–1, flexible from 1.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';
import {
  readAlterConfigsResponse,
  writeAlterConfigsResponse,
  type AlterConfigsResponse,
} from './alter-configs-response.js';

export const apiKey = ApiKey.IncrementalAlterConfigs;
export const minVersion = 0;
export const maxVersion = 1;
export const firstFlexibleVersion = 1;

export type { AlterConfigsResponse, AlterConfigsResourceResponse } from './alter-configs-response.js';

/** Kafka's AlterConfigOp.OpType numbers. */
export const ConfigOperation = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

export interface IncrementalAlterableConfig {
  readonly name: string;
  /** A ConfigOperation number. */
  readonly configOperation: number;
  readonly value: string | null;
}

export interface IncrementalAlterConfigsResource {
  /** A ConfigResourceType number (describe-configs.ts). */
  readonly resourceType: number;
  readonly resourceName: string;
  readonly configs: readonly IncrementalAlterableConfig[];
}

export interface IncrementalAlterConfigsRequest {
  readonly resources: readonly IncrementalAlterConfigsResource[];
  readonly validateOnly: boolean;
}

export function decodeRequest(r: Reader, version: number): IncrementalAlterConfigsRequest {
  r.flexible = version >= firstFlexibleVersion;
  const resources = r.readArray((r): IncrementalAlterConfigsResource => {
    const resourceType = r.readInt8();
    const resourceName = r.readString();
    const configs = r.readArray((r): IncrementalAlterableConfig => {
      const config = { name: r.readString(), configOperation: r.readInt8(), value: r.readNullableString() };
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

export function encodeRequest(w: Writer, request: IncrementalAlterConfigsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeArray(request.resources, (w, res) => {
    w.writeInt8(res.resourceType).writeString(res.resourceName);
    w.writeArray(res.configs, (w, c) => {
      w.writeString(c.name).writeInt8(c.configOperation).writeNullableString(c.value).writeTaggedFields();
    });
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
