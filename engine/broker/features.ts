/**
 * The feature flags (KIP-584) a broker reports in ApiVersions v3+. Brokerlab reports the KRaft
 * metadata version it behaves as (4.0-IV3, level 25; the lowest KRaft level Kafka 4 accepts is
 * 3.3-IV3, level 7) and nothing else: in particular no `transaction.version` 2 (KIP-890's
 * server-side transaction protocol) and no `group.version` 1 (KIP-848's consumer protocol), so
 * clients use the classic protocols the broker speaks.
 */
import type { FinalizedFeature, SupportedFeature } from '../protocol/apis/api-versions.js';

export const METADATA_VERSION_FEATURE = 'metadata.version';
export const METADATA_VERSION_MIN = 7;
export const METADATA_VERSION_LEVEL = 25;

export const supportedFeatures: readonly SupportedFeature[] = [
  { name: METADATA_VERSION_FEATURE, minVersion: METADATA_VERSION_MIN, maxVersion: METADATA_VERSION_LEVEL },
];

export const finalizedFeatures: readonly FinalizedFeature[] = [
  {
    name: METADATA_VERSION_FEATURE,
    minVersionLevel: METADATA_VERSION_LEVEL,
    maxVersionLevel: METADATA_VERSION_LEVEL,
  },
];

/** Epoch of the finalized features: they never change while a Brokerlab cluster runs. */
export const FINALIZED_FEATURES_EPOCH = 0n;
