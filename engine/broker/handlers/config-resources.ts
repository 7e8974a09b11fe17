/**
 * Config resources as the config APIs name them: Kafka's ConfigResource.Type numbers (2 topic,
 * 4 broker, 8 broker logger; 16 client metrics and 32 group are not Brokerlab resources) and the
 * broker resource's name, which must be this broker's id, or empty for the cluster-wide defaults.
 */
import { ConfigResourceType } from '../../protocol/apis/describe-configs.js';
import type { ConfigResourceType as ResourceKind } from '../services.js';

const kinds = new Map<number, ResourceKind>([
  [ConfigResourceType.TOPIC, 'topic'],
  [ConfigResourceType.BROKER, 'broker'],
  [ConfigResourceType.BROKER_LOGGER, 'broker_logger'],
]);

const typeNames = new Map<number, string>(Object.entries(ConfigResourceType).map(([name, n]) => [n, name]));

export function resourceKind(type: number): ResourceKind | undefined {
  return kinds.get(type);
}

/** Kafka's message for a resource type a broker does not describe or alter. */
export function unsupportedResourceType(type: number): string {
  return `Unsupported resource type: ${typeNames.get(type) ?? type}`;
}

/**
 * Why a broker resource name is refused by this broker, or null: DescribeConfigs of a broker is
 * answered by that broker only (the admin client routes it there).
 */
export function foreignBrokerName(name: string, brokerId: number): string | null {
  return name === '' || name === String(brokerId)
    ? null
    : `Unexpected broker id, expected ${brokerId} or empty string, but received ${name}`;
}
