import { describe, expect, it } from 'vitest';
import { isLagGrowing } from '../../../renderer/util/lag-trend.js';

describe('growing lag', () => {
  it('flags lag that only climbs over the window', () => {
    expect(isLagGrowing([0, 10, 20, 20, 35, 40, 52, 60, 61, 70])).toBe(true);
  });

  it('does not flag lag that goes up and down, or stays flat', () => {
    expect(isLagGrowing([10, 20, 15, 25, 30, 35, 40, 45, 50, 55])).toBe(false);
    expect(isLagGrowing([5, 5, 5, 5, 5, 5, 5, 5, 5, 5])).toBe(false);
  });

  it('looks only at the recent window and needs enough samples', () => {
    expect(isLagGrowing([100, 0, 1, 2, 3], { window: 4, minGrowth: 1 })).toBe(true);
    expect(isLagGrowing([1, 2])).toBe(false);
    expect(isLagGrowing([null, null, 1, 2, 3], { window: 5, minGrowth: 1 })).toBe(true);
  });
});
