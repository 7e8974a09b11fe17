/**
 * "Is this group falling behind?" A group is flagged when its total lag has not gone down once
 * over the last `window` samples and has grown by more than `minGrowth` records overall: a
 * consumer that keeps up shows lag going up and down around a level; a stuck or slow one shows
 * a staircase that only climbs.
 */
export interface LagTrendOptions {
  /** How many recent samples to look at (one a second for the lag stream). */
  readonly window: number;
  /** Growth in records over the window below which nothing is flagged (noise). */
  readonly minGrowth: number;
}

export const defaultLagTrend: LagTrendOptions = { window: 10, minGrowth: 1 };

export function isLagGrowing(samples: readonly (number | null)[], options = defaultLagTrend): boolean {
  const recent = samples.slice(-options.window).filter((s): s is number => s !== null);
  if (recent.length < Math.min(options.window, 3)) return false;
  for (let i = 1; i < recent.length; i++) if (recent[i]! < recent[i - 1]!) return false;
  return recent[recent.length - 1]! - recent[0]! >= options.minGrowth;
}
