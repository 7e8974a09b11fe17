import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import MessageTable from '../../../../renderer/components/messages/MessageTable.vue';
import { record } from '../../samples.js';

const rows = Array.from({ length: 100_000 }, (_, i) => record(i % 3, i));

describe('MessageTable', () => {
  it('renders only the rows on screen, however many there are', () => {
    const w = mount(MessageTable, {
      props: { rows, selected: null, loading: false, canLoadMore: false, prepended: 0 },
    });
    const rendered = w.findAll('.body [role=row]');
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(80);
    expect(w.get('[role=grid]').attributes('aria-rowcount')).toBe('100001');
    const first = rendered[0]!;
    expect(first.attributes('data-offset')).toBe('0');
    expect(first.findAll('[role=gridcell]').map((c) => c.text())).toEqual([
      '0',
      '0',
      '2023-11-14\u00a022:13:20.000',
      'k0',
      '{"n":0}',
      '',
      '10 B',
    ]);
  });

  it('moves the selection with the keyboard and marks the selected row', async () => {
    const w = mount(MessageTable, {
      props: {
        rows,
        selected: { partition: 1, offset: 1 },
        loading: false,
        canLoadMore: false,
        prepended: 0,
      },
    });
    expect(w.get('[aria-selected=true]').attributes('data-offset')).toBe('1');
    await w.get('[role=grid]').trigger('keydown', { key: 'ArrowDown' });
    await w.get('[role=grid]').trigger('keydown', { key: 'Home' });
    await w.get('[role=grid]').trigger('keydown', { key: 'Escape' });
    expect(w.emitted('select')).toEqual([
      [{ partition: 2, offset: 2 }],
      [{ partition: 0, offset: 0 }],
      [null],
    ]);
  });

  it('asks for the next page when the end is near', async () => {
    const few = rows.slice(0, 30);
    const w = mount(MessageTable, {
      props: { rows: few, selected: null, loading: false, canLoadMore: false, prepended: 0 },
    });
    await w.setProps({ canLoadMore: true });
    expect(w.emitted('load-more')).toHaveLength(1);
  });
});

describe('MessageTable with transactions', () => {
  it('adds a Txn column that says how each record’s transaction ended and what a marker is', () => {
    const txnRows = [
      { ...record(0, 0), transactional: true, transaction: { producerId: 7, state: 'aborted' as const } },
      {
        ...record(0, 1),
        transactional: true,
        control: { type: 'abort' as const, producerId: 7, coordinatorEpoch: 3 },
      },
      { ...record(0, 2), transactional: true, transaction: { producerId: 8, state: 'open' as const } },
      record(0, 3),
    ];
    const w = mount(MessageTable, {
      props: { rows: txnRows, selected: null, loading: false, canLoadMore: false, prepended: 0 },
    });
    expect(w.findAll('[role=columnheader]').map((c) => c.text())).toContain('Txn');
    const cells = w.findAll('.body [role=row]').map((r) => r.findAll('[role=gridcell]').map((c) => c.text()));
    expect(cells.map((c) => c[2])).toEqual(['aborted', 'ABORT', 'open', '']);
    // A marker's key and value are what the control record holds, in words.
    expect(cells[1]!.slice(4, 6)).toEqual(['producer 7', 'coordinator epoch 3']);
  });

  it('has no Txn column for a topic without transactions', () => {
    const w = mount(MessageTable, {
      props: { rows: rows.slice(0, 5), selected: null, loading: false, canLoadMore: false, prepended: 0 },
    });
    expect(w.findAll('[role=columnheader]').map((c) => c.text())).not.toContain('Txn');
  });
});
