/**
 * A topic's effective log config from the metadata image: the topic's own overrides, else the
 * dynamic broker default (set for one broker, then for all brokers with the resource name ''),
 * else the static broker config the cluster was started with, else Kafka's default.
 */
import { type LogConfig, parseLogConfig } from '../../storage/log-config.js';
import type { BrokerId } from '../../types.js';
import type { ClusterSettings } from '../config.js';
import type { MetadataImage } from './image.js';

/** The broker-level values topic configs fall back to, as seen by `brokerId` (or cluster-wide). */
export function brokerTopicDefaults(
  image: MetadataImage,
  settings: ClusterSettings,
  brokerId: BrokerId | null = null,
): Record<string, string> {
  return {
    ...settings.topicDefaults,
    ...Object.fromEntries(image.configs('broker', '')),
    ...(brokerId === null ? {} : Object.fromEntries(image.configs('broker', String(brokerId)))),
  };
}

export function effectiveTopicConfig(
  image: MetadataImage,
  settings: ClusterSettings,
  topic: string,
  brokerId: BrokerId | null = null,
): LogConfig {
  const overrides = Object.fromEntries(image.configs('topic', topic));
  try {
    return parseLogConfig(overrides, brokerTopicDefaults(image, settings, brokerId));
  } catch {
    // Values were validated before they were written; an override that a newer validation
    // refuses falls back to the broker's defaults rather than taking the partition down.
    return parseLogConfig({}, brokerTopicDefaults(image, settings, brokerId));
  }
}
