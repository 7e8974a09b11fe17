import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from '../../../renderer/util/fuzzy.js';

describe('command palette matching', () => {
  it('needs every query character in order', () => {
    expect(fuzzyScore('ord', 'orders')).not.toBeNull();
    expect(fuzzyScore('odr', 'orders')).not.toBeNull();
    expect(fuzzyScore('xyz', 'orders')).toBeNull();
  });

  it('ranks prefix, then word start, then substring, then scattered', () => {
    const labels = ['payment-records', 'big-orders', 'orders', 'o-r-d'];
    expect(fuzzyFilter('ord', labels, (l) => l)).toEqual([
      'orders',
      'big-orders',
      'payment-records',
      'o-r-d',
    ]);
  });

  it('is case-insensitive and keeps everything for an empty query', () => {
    expect(fuzzyFilter('KILL', ['Kill broker 2'], (l) => l)).toHaveLength(1);
    expect(fuzzyFilter('  ', ['a', 'b'], (l) => l)).toEqual(['a', 'b']);
  });
});
