import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import BrokerCards from '../../../../renderer/components/cluster/BrokerCards.vue';
import { broker, partition } from '../../samples.js';

describe('BrokerCards', () => {
  const brokers = [broker(2), broker(1, { state: 'isolated', isolatedFrom: 'clients' })];
  const partitions = [partition('orders', 0, { leader: 1 }), partition('orders', 1, { leader: 2 })];

  it('shows each broker’s state, leaders and replicas, in broker order', () => {
    const w = mount(BrokerCards, { props: { brokers, partitions } });
    const cards = w.findAll('li');
    expect(cards.map((c) => c.attributes('aria-label'))).toEqual([
      'Broker 1: isolated from clients, controller',
      'Broker 2: up',
    ]);
    expect(cards[0]!.text()).toContain('1 leader');
    expect(cards[0]!.text()).toContain('2 replicas');
    expect(w.find('[data-testid="broker-traffic"]').exists()).toBe(false);
  });

  it('shows the bytes in and out per second of the brokers that report them', () => {
    const rates = new Map([[2, { bytesInPerSecond: 1_500_000, bytesOutPerSecond: 640 }]]);
    const w = mount(BrokerCards, { props: { brokers, partitions, rates } });
    const traffic = w.findAll('[data-testid="broker-traffic"]');
    expect(traffic).toHaveLength(1);
    const parts = w.get('[data-broker="2"] [data-testid="broker-traffic"]').findAll('span');
    expect(parts.map((p) => p.text())).toEqual(['in 1.5 MB/s', 'out 640 B/s']);
    expect(parts[0]!.attributes('title')).toBe('1,500,000 bytes per second from clients');
  });
});
