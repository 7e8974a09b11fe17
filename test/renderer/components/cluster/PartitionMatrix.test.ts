import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import PartitionMatrix from '../../../../renderer/components/cluster/PartitionMatrix.vue';
import { broker, partition } from '../../samples.js';

const router = createRouter({
  history: createMemoryHistory(),
  routes: [{ path: '/:p(.*)*', name: 'topic-partitions', component: { template: '<div/>' } }],
});

function cell(w: ReturnType<typeof mount>, key: string, brokerId: number) {
  return w.get(`tr[data-partition="${key}"] td[data-broker="${brokerId}"]`);
}

describe('PartitionMatrix', () => {
  const brokers = [broker(1), broker(2), broker(3, { state: 'down' })];
  const partitions = [
    partition('orders', 0, { leader: 1, isr: [1, 2], offlineReplicas: [3] }),
    partition('orders', 1, { leader: 2, replicas: [2, 1], isr: [2] }),
    partition('payments', 0, { leader: -1, replicas: [3], isr: [] }),
  ];

  it('draws each replica with its own shape and label, and leaves brokers without a replica empty', () => {
    const w = mount(PartitionMatrix, { props: { brokers, partitions }, global: { plugins: [router] } });
    expect(cell(w, 'orders/0', 1).attributes('data-state')).toBe('leader');
    expect(cell(w, 'orders/0', 1).find('svg rect').exists()).toBe(true);
    expect(cell(w, 'orders/0', 2).attributes('data-state')).toBe('in-sync');
    expect(cell(w, 'orders/0', 2).find('svg circle').exists()).toBe(true);
    expect(cell(w, 'orders/0', 3).attributes('data-state')).toBe('offline');
    expect(cell(w, 'orders/0', 3).find('svg line').exists()).toBe(true);
    expect(cell(w, 'orders/1', 1).attributes('data-state')).toBe('out-of-sync');
    expect(cell(w, 'orders/1', 1).find('svg .hollow').exists()).toBe(true);
    expect(cell(w, 'orders/1', 3).attributes('data-state')).toBe('none');
    expect(cell(w, 'orders/1', 3).find('svg').exists()).toBe(false);
    expect(cell(w, 'orders/0', 2).find('svg').attributes('aria-label')).toBe('in-sync follower');
  });

  it('groups rows by topic and marks under-replicated and offline partitions', () => {
    const w = mount(PartitionMatrix, { props: { brokers, partitions }, global: { plugins: [router] } });
    expect(w.findAll('.topic-row').map((r) => r.text())).toEqual(['orders', 'payments']);
    expect(w.get('tr[data-partition="orders/1"]').classes()).toContain('urp');
    expect(w.get('tr[data-partition="payments/0"]').classes()).toContain('offline');
    expect(w.get('tr[data-partition="payments/0"] [data-column="leader"]').text()).toBe('none');
  });

  it('highlights the cells whose state changed since the last snapshot', async () => {
    const w = mount(PartitionMatrix, { props: { brokers, partitions }, global: { plugins: [router] } });
    expect(w.findAll('.cell.changed')).toHaveLength(0);
    await w.setProps({
      partitions: [
        partition('orders', 0, { leader: 2, isr: [1, 2], offlineReplicas: [3] }),
        ...partitions.slice(1),
      ],
    });
    expect(cell(w, 'orders/0', 1).classes()).toContain('changed');
    expect(cell(w, 'orders/0', 2).classes()).toContain('changed');
    expect(w.findAll('.cell.changed')).toHaveLength(2);
  });
});
