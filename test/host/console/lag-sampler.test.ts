import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../host/console/lag-sampler.js';

describe('the lag ring buffer', () => {
  it('keeps the most recent items, oldest first', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.toArray()).toEqual([]);
    ring.push(1);
    ring.push(2);
    expect(ring.toArray()).toEqual([1, 2]);
    for (const n of [3, 4, 5]) ring.push(n);
    expect(ring.toArray()).toEqual([3, 4, 5]);
  });
});
