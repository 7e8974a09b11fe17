import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { healthyDisk } from '../../../engine/storage/disk-hooks.js';
import { LeaderEpochCache } from '../../../engine/storage/leader-epoch-cache.js';
import { asOffset } from '../../../engine/types.js';
import { tempDir } from './helpers.js';

function cacheWith(entries: [number, number][]): LeaderEpochCache {
  const cache = LeaderEpochCache.load(join(tempDir(), 'leader-epoch-checkpoint'), healthyDisk);
  for (const [epoch, offset] of entries) cache.assign(epoch, offset);
  return cache;
}

describe('leader epoch cache', () => {
  it('answers OffsetForLeaderEpoch as in the worked example', () => {
    const cache = cacheWith([
      [0, 0],
      [2, 150],
      [5, 400],
    ]);
    const leo = asOffset(620);
    expect(cache.endOffsetFor(2, leo)).toEqual({ epoch: 2, endOffset: 400 });
    expect(cache.endOffsetFor(3, leo)).toEqual({ epoch: 2, endOffset: 400 });
    expect(cache.endOffsetFor(5, leo)).toEqual({ epoch: 5, endOffset: 620 });
    expect(cache.endOffsetFor(6, leo)).toEqual({ epoch: -1, endOffset: -1 });
    expect(cache.endOffsetFor(-1, leo)).toEqual({ epoch: -1, endOffset: -1 });
  });

  it('answers an epoch older than the first with the first start offset', () => {
    const cache = cacheWith([[3, 100]]);
    expect(cache.endOffsetFor(1, asOffset(200))).toEqual({ epoch: 1, endOffset: 100 });
  });

  it('ignores epochs that are not newer, and drops entries a newer epoch contradicts', () => {
    const cache = cacheWith([
      [1, 0],
      [3, 50],
      [2, 80],
      [3, 90],
    ]);
    expect(cache.all).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 3, startOffset: 50 },
    ]);
    cache.assign(4, 40);
    expect(cache.all).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 4, startOffset: 40 },
    ]);
  });

  it('truncates from the end and from the start', () => {
    const cache = cacheWith([
      [0, 0],
      [2, 150],
      [5, 400],
    ]);
    cache.truncateFromStart(200);
    expect(cache.all).toEqual([
      { epoch: 2, startOffset: 200 },
      { epoch: 5, startOffset: 400 },
    ]);
    cache.truncateFromStart(400);
    expect(cache.all).toEqual([{ epoch: 5, startOffset: 400 }]);
    cache.truncateFromEnd(400);
    expect(cache.all).toEqual([]);
  });

  it('persists in Kafka’s checkpoint layout and loads it back', () => {
    const cache = cacheWith([
      [0, 0],
      [2, 150],
    ]);
    expect(readFileSync(cache.file, 'utf8')).toBe('0\n2\n0 0\n2 150\n');
    expect(LeaderEpochCache.load(cache.file, healthyDisk).all).toEqual(cache.all);
    expect(cache.epochForOffset(149)).toBe(0);
    expect(cache.epochForOffset(150)).toBe(2);
  });
});
