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
