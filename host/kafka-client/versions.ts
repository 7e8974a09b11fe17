/**
 * API version negotiation, the first exchange on every connection (KIP-35, KIP-511): the client
 * sends ApiVersions at the highest version it speaks; a broker that does not know that version
 * answers a v0 body with UNSUPPORTED_VERSION and its own ApiVersions range, and the client asks
 * again at the highest version both know. Each request then uses, per API, the highest version
 * both sides speak.
 */
import type { ApiModule } from '../../engine/protocol/api.js';
import { apiName } from '../../engine/protocol/api-keys.js';
import * as apiVersions from '../../engine/protocol/apis/api-versions.js';
import type { ApiVersionRange } from '../../engine/protocol/apis/api-versions.js';
import { ErrorCode, KafkaError, errorName } from '../../engine/protocol/errors.js';
import type { BrokerConnection } from './connection.js';

export type BrokerVersions = ReadonlyMap<number, ApiVersionRange>;

/** What this client tells brokers about itself (KIP-511). */
export const CLIENT_SOFTWARE_NAME = 'brokerlab';
export const CLIENT_SOFTWARE_VERSION = '0.1.0';

export async function negotiateVersions(
  connection: BrokerConnection,
  options: { readonly timeoutMs: number; readonly signal?: AbortSignal },
): Promise<BrokerVersions> {
  const request = {
    clientSoftwareName: CLIENT_SOFTWARE_NAME,
    clientSoftwareVersion: CLIENT_SOFTWARE_VERSION,
  };
  let version = apiVersions.maxVersion;
  for (let attempt = 0; attempt < 2; attempt++) {
    const response = await connection.send(apiVersions, request, { ...options, version });
    if (response.errorCode === ErrorCode.NONE) {
      return new Map(response.apiKeys.map((range) => [range.apiKey, range]));
    }
    const own = response.apiKeys.find((range) => range.apiKey === apiVersions.apiKey);
    if (response.errorCode !== ErrorCode.UNSUPPORTED_VERSION || !own || own.maxVersion >= version) {
      throw new KafkaError(
        response.errorCode as ErrorCode,
        `${connection.label} refused ApiVersions v${version}: ${errorName(response.errorCode)}`,
      );
    }
    version = Math.min(own.maxVersion, apiVersions.maxVersion);
  }
  throw new KafkaError(
    ErrorCode.UNSUPPORTED_VERSION,
    `${connection.label} would not agree on an ApiVersions version`,
  );
}

/** The highest version of `api` both sides speak, or null. */
export function commonVersion(api: ApiModule, versions: BrokerVersions): number | null {
  const range = versions.get(api.apiKey);
  if (!range) return null;
  const high = Math.min(range.maxVersion, api.maxVersion);
  const low = Math.max(range.minVersion, api.minVersion);
  return high >= low ? high : null;
}

/** The error for an API the broker and this client share no version of, in words. */
export function noCommonVersion(api: ApiModule, versions: BrokerVersions, label: string): KafkaError {
  const range = versions.get(api.apiKey);
  const theirs = range ? `v${range.minVersion}–v${range.maxVersion}` : 'no version of it';
  return new KafkaError(
    ErrorCode.UNSUPPORTED_VERSION,
    `${label} speaks ${apiName(api.apiKey)} ${theirs}; this client speaks v${api.minVersion}–v${api.maxVersion}`,
  );
}
