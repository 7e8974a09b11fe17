import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { healthyDisk } from '../../../engine/storage/disk-hooks.js';
import { OffsetIndex } from '../../../engine/storage/offset-index.js';
import { TimeIndex } from '../../../engine/storage/time-index.js';
import { tempDir } from './helpers.js';

describe('offset index', () => {
  it('finds the last entry at or before an offset, as in the worked example', () => {
    const index = OffsetIndex.create(join(tempDir(), 'x.index'), 100, 1 << 20);
    index.append(109, 0);
    index.append(127, 4210);
    index.append(150, 8390);
    expect(index.lookup(130)).toEqual({ offset: 127, position: 4210 });
    expect(index.lookup(127)).toEqual({ offset: 127, position: 4210 });
    expect(index.lookup(105)).toEqual({ offset: 100, position: 0 });
    expect(index.lookup(1000)).toEqual({ offset: 150, position: 8390 });
    expect(index.lookupRange(130)).toEqual({ offset: 127, position: 4210, nextPosition: 8390 });
    expect(index.lookupRange(105)).toEqual({ offset: 100, position: 0, nextPosition: 0 });
    expect(index.lookupRange(1000)).toEqual({ offset: 150, position: 8390, nextPosition: undefined });
  });

  it('writes 8-byte entries and refuses a damaged file on load', () => {
    const file = join(tempDir(), 'x.index');
    const index = OffsetIndex.create(file, 100, 1 << 20);
    index.append(109, 0);
    index.append(127, 4210);
    index.flush(healthyDisk, false);
    expect(OffsetIndex.load(file, 100, 1 << 20, 10_000)?.lookup(200)).toEqual({
      offset: 127,
      position: 4210,
    });
    expect(OffsetIndex.load(file, 100, 1 << 20, 4000)).toBeUndefined();
    writeFileSync(file, Buffer.from('0000000500000010000000030000002000', 'hex'));
    expect(OffsetIndex.load(file, 100, 1 << 20, 10_000)).toBeUndefined();
  });

  it('rewrites the file after a truncation', () => {
    const file = join(tempDir(), 'x.index');
    const index = OffsetIndex.create(file, 0, 1 << 20);
    for (let i = 1; i <= 10; i++) index.append(i * 10, i * 100);
    index.flush(healthyDisk, false);
    index.truncateToPosition(500);
    index.append(45, 450);
    index.flush(healthyDisk, false);
    const loaded = OffsetIndex.load(file, 0, 1 << 20, 10_000);
    expect(loaded?.entries).toBe(5);
    expect(loaded?.lastEntry()).toEqual({ offset: 45, position: 450 });
  });

  it('reports full at segment.index.bytes / 8 entries', () => {
    const index = OffsetIndex.create(join(tempDir(), 'x.index'), 0, 16);
    index.append(1, 1);
    expect(index.isFull()).toBe(false);
    index.append(2, 2);
    expect(index.isFull()).toBe(true);
  });

  it('finds the last entry at or before any offset among a quarter of a million entries', () => {
    const index = OffsetIndex.create(join(tempDir(), 'x.index'), 0, 10 << 20);
    for (let i = 1; i <= 250_000; i++) index.append(i * 40, i * 4096);
    // Entries sit at offsets 40, 80, ...: the answer for a target is its floor to a multiple of 40.
    for (let i = 0; i < 10_000; i++) {
      const target = (i * 7919) % 10_000_040;
      const entry = Math.min(Math.floor(target / 40), 250_000);
      expect(index.lookup(target).position, `target ${target}`).toBe(entry * 4096);
    }
  });
});

describe('time index', () => {
  it('finds the last entry strictly before a timestamp, as in the worked example', () => {
    const index = TimeIndex.create(join(tempDir(), 'x.timeindex'), 0, 1 << 20);
    index.maybeAppend(1000, 9);
    index.maybeAppend(1000, 12);
    index.maybeAppend(1500, 27);
    expect(index.entries).toBe(2);
    expect(index.lookupBefore(1200)).toEqual({ timestamp: 1000, offset: 9 });
    expect(index.lookupBefore(1000)).toBeUndefined();
    expect(index.lookupBefore(900)).toBeUndefined();
    expect(index.lookupBefore(2000)).toEqual({ timestamp: 1500, offset: 27 });
  });

  it('loads what it wrote and refuses decreasing timestamps', () => {
    const file = join(tempDir(), 'x.timeindex');
    const index = TimeIndex.create(file, 0, 1 << 20);
    index.maybeAppend(1000, 9);
    index.maybeAppend(1500, 27);
    index.flush(healthyDisk, false);
    expect(TimeIndex.load(file, 0, 1 << 20, 30)?.lastEntry()).toEqual({ timestamp: 1500, offset: 27 });
    expect(TimeIndex.load(file, 0, 1 << 20, 20)).toBeUndefined();
  });
});
