import { describe, expect, it } from 'vitest';
import {
  inspectorQuery,
  readInspectorState,
  sameQuery,
} from '../../../../renderer/components/messages/inspector-url.js';

describe('the inspector in the URL', () => {
  it('defaults to every partition, oldest first, no filter', () => {
    expect(readInspectorState('orders', {})).toEqual({
      query: {
        topic: 'orders',
        partition: null,
        start: { from: 'oldest' },
        order: 'oldest-first',
        filter: null,
      },
      record: null,
      tail: false,
    });
  });

  it('round-trips partition, offset, order, filter and the selected record', () => {
    const state = {
      query: {
        partition: 2,
        start: { from: 'offset' as const, offset: 1200 },
        order: 'newest-first' as const,
        filter: { value: { op: 'contains' as const, text: 'x', caseSensitive: false } },
      },
      record: { partition: 2, offset: 1234 },
      tail: false,
    };
    const q = inspectorQuery(state);
    expect(q).toMatchObject({
      partition: '2',
      from: 'offset',
      offset: '1200',
      order: 'newest',
      record: '2:1234',
    });
    const back = readInspectorState('orders', q as Record<string, string>);
    expect(back).toEqual({ ...state, query: { topic: 'orders', ...state.query } });
  });

  it('reads a time as ISO 8601 or milliseconds', () => {
    const iso = readInspectorState('t', { from: 'time', time: '2026-01-02T03:04:05.000Z' });
    expect(iso.query.start).toEqual({ from: 'timestamp', timestamp: Date.UTC(2026, 0, 2, 3, 4, 5) });
    expect(readInspectorState('t', { from: 'time', time: '1700000000000' }).query.start).toEqual({
      from: 'timestamp',
      timestamp: 1_700_000_000_000,
    });
  });

  it('falls back to the defaults for anything unreadable', () => {
    const s = readInspectorState('t', {
      partition: '-1',
      from: 'offset',
      offset: 'abc',
      filter: '{not json',
      record: 'x',
    });
    expect(s.query.partition).toBeNull();
    expect(s.query.start).toEqual({ from: 'oldest' });
    expect(s.query.filter).toBeNull();
    expect(s.record).toBeNull();
    expect(readInspectorState('t', { filter: '{"value":{"op":"nope"}}' }).query.filter).toBeNull();
  });

  it('tails from the newest, newest first', () => {
    const s = readInspectorState('t', { tail: '1', from: 'offset', offset: '5' });
    expect(s.tail).toBe(true);
    expect(s.query.start).toEqual({ from: 'newest' });
    expect(s.query.order).toBe('newest-first');
  });

  it('compares queries without the selected record', () => {
    const a = readInspectorState('t', { partition: '1', record: '1:5' }).query;
    const b = readInspectorState('t', { partition: '1' }).query;
    expect(sameQuery(a, b)).toBe(true);
    expect(sameQuery(a, { ...b, partition: 2 })).toBe(false);
    expect(sameQuery(null, b)).toBe(false);
  });
});

describe('transactional browsing in the URL', () => {
  it('round-trips read_committed and the markers, and tells such queries apart', () => {
    const query = {
      partition: 0,
      start: { from: 'oldest' as const },
      order: 'oldest-first' as const,
      filter: null,
      isolation: 'read_committed' as const,
      showControl: true,
    };
    const q = inspectorQuery({ query, record: null, tail: false });
    expect(q).toMatchObject({ isolation: 'committed', markers: '1' });
    const back = readInspectorState('orders', q as Record<string, string>);
    expect(back.query).toMatchObject({ isolation: 'read_committed', showControl: true });
    const plain = readInspectorState('orders', { partition: '0' }).query;
    expect(plain.isolation).toBeUndefined();
    expect(sameQuery(plain, back.query)).toBe(false);
    expect(sameQuery(back.query, readInspectorState('orders', q as Record<string, string>).query)).toBe(true);
  });
});
