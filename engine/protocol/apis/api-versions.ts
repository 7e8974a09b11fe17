/**
 * ApiVersions (key 18): which API versions the broker speaks; the first request of every client.
 * Versions 0–4, flexible from 3. Its response always uses response header v0 (see frame.ts), and
 * a broker answers a request of a version it does not know with a v0 body carrying
 * UNSUPPORTED_VERSION and its ApiVersions range (KIP-511), so the client can retry lower.
 */
import { ApiKey } from '../api-keys.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export const apiKey = ApiKey.ApiVersions;
export const minVersion = 0;
export const maxVersion = 4;
export const firstFlexibleVersion = 3;

export interface ApiVersionsRequest {
  /** Empty before v3. */
  readonly clientSoftwareName: string;
  readonly clientSoftwareVersion: string;
}

export interface ApiVersionRange {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

export interface SupportedFeature {
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
}

export interface FinalizedFeature {
  readonly name: string;
  readonly maxVersionLevel: number;
  readonly minVersionLevel: number;
}

export interface ApiVersionsResponse {
  readonly errorCode: number;
  readonly apiKeys: readonly ApiVersionRange[];
  readonly throttleTimeMs: number;
  /** Features the broker supports (v3+ tag 0). Before v4, features whose minVersion is 0 must be left out. */
  readonly supportedFeatures: readonly SupportedFeature[];
  /** Epoch of the finalized features, -1 when unknown (v3+ tag 1). */
  readonly finalizedFeaturesEpoch: bigint;
  /** Cluster-wide finalized feature levels (v3+ tag 2). */
  readonly finalizedFeatures: readonly FinalizedFeature[];
  /** Set by a KRaft controller ready for a ZooKeeper migration (v3+ tag 3); always false here. */
  readonly zkMigrationReady: boolean;
}

export function decodeRequest(r: Reader, version: number): ApiVersionsRequest {
  r.flexible = version >= firstFlexibleVersion;
  if (version < 3) return { clientSoftwareName: '', clientSoftwareVersion: '' };
  // v3 adds the client's software name and version (KIP-511).
  const clientSoftwareName = r.readString();
  const clientSoftwareVersion = r.readString();
  r.readTaggedFields();
  return { clientSoftwareName, clientSoftwareVersion };
}

export function encodeRequest(w: Writer, request: ApiVersionsRequest, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  if (version < 3) return;
  w.writeString(request.clientSoftwareName).writeString(request.clientSoftwareVersion);
  w.writeTaggedFields();
}

export function decodeResponse(r: Reader, version: number): ApiVersionsResponse {
  r.flexible = version >= firstFlexibleVersion;
  const errorCode = r.readInt16();
  const apiKeys = r.readArray((r) => {
    const range = { apiKey: r.readInt16(), minVersion: r.readInt16(), maxVersion: r.readInt16() };
    r.readTaggedFields();
    return range;
  });
  // v1 adds the throttle time.
  const throttleTimeMs = version >= 1 ? r.readInt32() : 0;
  let supportedFeatures: SupportedFeature[] = [];
  let finalizedFeaturesEpoch = -1n;
  let finalizedFeatures: FinalizedFeature[] = [];
  let zkMigrationReady = false;
  // v3 adds the features as tagged fields (KIP-584).
  r.readTaggedFields((tag, r) => {
    if (tag === 0) {
      supportedFeatures = r.readArray((r) => {
        const feature = { name: r.readString(), minVersion: r.readInt16(), maxVersion: r.readInt16() };
        r.readTaggedFields();
        return feature;
      });
    } else if (tag === 1) {
      finalizedFeaturesEpoch = r.readInt64();
    } else if (tag === 2) {
      finalizedFeatures = r.readArray((r) => {
        const feature = {
          name: r.readString(),
          maxVersionLevel: r.readInt16(),
          minVersionLevel: r.readInt16(),
        };
        r.readTaggedFields();
        return feature;
      });
    } else if (tag === 3) {
      zkMigrationReady = r.readBoolean();
    }
  });
  return {
    errorCode,
    apiKeys,
    throttleTimeMs,
    supportedFeatures,
    finalizedFeaturesEpoch,
    finalizedFeatures,
    zkMigrationReady,
  };
}

export function encodeResponse(w: Writer, response: ApiVersionsResponse, version: number): void {
  w.flexible = version >= firstFlexibleVersion;
  w.writeInt16(response.errorCode);
  w.writeArray(response.apiKeys, (w, range) => {
    w.writeInt16(range.apiKey).writeInt16(range.minVersion).writeInt16(range.maxVersion);
    w.writeTaggedFields();
  });
  if (version >= 1) w.writeInt32(response.throttleTimeMs);
  w.writeTaggedFields([
    response.supportedFeatures.length > 0 && [
      0,
      (w) =>
        w.writeArray(response.supportedFeatures, (w, feature) => {
          w.writeString(feature.name).writeInt16(feature.minVersion).writeInt16(feature.maxVersion);
          w.writeTaggedFields();
        }),
    ],
    response.finalizedFeaturesEpoch !== -1n && [1, (w) => w.writeInt64(response.finalizedFeaturesEpoch)],
    response.finalizedFeatures.length > 0 && [
      2,
      (w) =>
        w.writeArray(response.finalizedFeatures, (w, feature) => {
          w.writeString(feature.name).writeInt16(feature.maxVersionLevel).writeInt16(feature.minVersionLevel);
          w.writeTaggedFields();
        }),
    ],
    response.zkMigrationReady && [3, (w) => w.writeBoolean(true)],
  ]);
}
