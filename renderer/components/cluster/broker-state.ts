import type { BrokerInfo } from '../../../host/api/index.js';

/** A broker's state in words; an isolated broker also says from whom. */
export function brokerStateText(broker: BrokerInfo): string {
  return broker.state === 'isolated' && broker.isolatedFrom
    ? `isolated from ${broker.isolatedFrom}`
    : broker.state;
}
