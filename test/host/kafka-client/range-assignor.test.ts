import { describe, expect, it } from 'vitest';
import { rangeAssign } from '../../../host/kafka-client/range-assignor.js';

const plain = (m: Map<string, Map<string, number[]>>) =>
  Object.fromEntries([...m].map(([k, v]) => [k, Object.fromEntries(v)]));

describe('the range assignor', () => {
  it('gives consecutive ranges in member order, the first members one extra', () => {
    const plan = rangeAssign(
      [
        { memberId: 'c', topics: ['t'] },
        { memberId: 'a', topics: ['t'] },
        { memberId: 'b', topics: ['t'] },
      ],
      new Map([['t', 7]]),
    );
    expect(plain(plan)).toEqual({ a: { t: [0, 1, 2] }, b: { t: [3, 4] }, c: { t: [5, 6] } });
  });

  it('splits each topic among its own subscribers, and leaves spare members empty', () => {
    const plan = rangeAssign(
      [
        { memberId: 'm1', topics: ['x', 'y'] },
        { memberId: 'm2', topics: ['x'] },
        { memberId: 'm3', topics: ['x'] },
      ],
      new Map([
        ['x', 2],
        ['y', 3],
      ]),
    );
    expect(plain(plan)).toEqual({ m1: { x: [0], y: [0, 1, 2] }, m2: { x: [1] }, m3: {} });
  });
});
