import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { ClusterEvent } from '../../../../host/api/index.js';
import EventTimeline from '../../../../renderer/components/faults/EventTimeline.vue';

const router = createRouter({
  history: createMemoryHistory(),
  routes: [
    { path: '/topics/:topic/partitions', name: 'topic-partitions', component: { template: '<div/>' } },
    { path: '/groups/:group', name: 'group', component: { template: '<div/>' } },
  ],
});

const at = (seq: number) => ({ seq, timestamp: Date.UTC(2026, 0, 15, 9, 0, seq) });
const events: ClusterEvent[] = [
  {
    ...at(1),
    type: 'fault-injected',
    fault: { id: 'f1', kind: 'kill', brokerId: 2, peerId: null, summary: 'kill broker 2' },
  },
  { ...at(2), type: 'broker-down', brokerId: 2, graceful: false },
  {
    ...at(3),
    type: 'leader-changed',
    topic: 'orders',
    partition: 1,
    oldLeader: 2,
    newLeader: 3,
    leaderEpoch: 4,
    unclean: false,
  },
  { ...at(4), type: 'isr-shrunk', topic: 'orders', partition: 0, isr: [1, 3], changed: [2] },
  { ...at(5), type: 'under-replicated-changed', count: 1, previous: 0 },
  { ...at(6), type: 'broker-up', brokerId: 3 },
];

function mountTimeline(list: readonly ClusterEvent[] = events) {
  return mount(EventTimeline, {
    props: { events: list, brokers: [1, 2, 3] },
    global: { plugins: [router] },
  });
}

const lines = (w: ReturnType<typeof mount>) => w.findAll('[aria-label="Cluster events"] li');

async function choose(w: ReturnType<typeof mount>, label: string, option: string): Promise<void> {
  const select = w.get(`select[aria-label="${label}"]`);
  const wanted = select.findAll('option').find((o) => o.text() === option);
  if (!wanted) throw new Error(`no option ${option} in ${label}`);
  await select.setValue((wanted.element as HTMLOptionElement).value);
}

describe('EventTimeline', () => {
  it('lists events newest first with their time of day and type', () => {
    const w = mountTimeline();
    expect(lines(w).map((l) => l.attributes('data-type'))).toEqual([
      'broker-up',
      'under-replicated-changed',
      'isr-shrunk',
      'leader-changed',
      'broker-down',
      'fault-injected',
    ]);
    expect(lines(w)[0]!.get('time').text()).toBe('09:00:06.000');
    expect(lines(w)[0]!.get('time').attributes('datetime')).toBe('2026-01-15T09:00:06.000Z');
  });

  it('links a partition’s consequences to that partition', () => {
    const w = mountTimeline();
    const leaderLine = lines(w).find((l) => l.attributes('data-type') === 'leader-changed')!;
    expect(leaderLine.get('a').attributes('href')).toBe('/topics/orders/partitions?partition=1');
    expect(leaderLine.text()).toContain('orders-1');
  });

  it('filters by broker and hides plain information on request', async () => {
    const w = mountTimeline();
    await choose(w, 'Timeline broker', 'Broker 2');
    // Broker 2's fault, its going down, and the ISR it left.
    expect(lines(w).map((l) => l.attributes('data-type'))).toEqual([
      'isr-shrunk',
      'broker-down',
      'fault-injected',
    ]);
    await choose(w, 'Timeline broker', 'All brokers');
    await w.get('[role="checkbox"]').trigger('click');
    expect(lines(w).map((l) => l.attributes('data-type'))).not.toContain('leader-changed');
    expect(lines(w).map((l) => l.attributes('data-type'))).toContain('isr-shrunk');
  });

  it('says what to do while nothing has happened', () => {
    const w = mountTimeline([]);
    expect(w.find('[aria-label="Cluster events"]').exists()).toBe(false);
    expect(w.text()).toContain('Nothing has happened yet');
  });
});
