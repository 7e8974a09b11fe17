import { existsSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segmentFile } from '../../../engine/storage/file-names.js';
import { asLeaderEpoch } from '../../../engine/types.js';
import type { Harness } from './helpers.js';
import { batchOf, openHarness, readAll, values } from './helpers.js';

const epoch = asLeaderEpoch(1);

/** Ten batches of two records (a0 b0 ... a9 b9), in segments of ~`segmentBytes`, left as a crash would (no close). */
async function crashedLog(segmentBytes = 1 << 30): Promise<{ h: Harness; ends: number[] }> {
  const h = openHarness({ segmentBytes });
  const ends: number[] = [];
  for (let i = 0; i < 10; i++) {
    h.log.appendAsLeader(await batchOf([`a${i}`, `b${i}`]), epoch);
    ends.push(h.log.segments().at(-1)?.sizeInBytes ?? 0);
  }
  h.log.closeWithoutFlush();
  return { h, ends };
}

describe('recovery', () => {
  it('a crash at any byte loses at most the batch being written', async () => {
    const { h, ends } = await crashedLog();
    const file = segmentFile(h.dir, 0, '.log');
    const full = readFileSync(file);
    const batchSize = ends[0] as number;
    for (let cut = full.length; cut >= 0; cut -= 7) {
      writeFileSync(file, full.subarray(0, cut));
      rmSync(segmentFile(h.dir, 0, '.index'), { force: true });
      const log = h.reopen();
      const complete = Math.floor(cut / batchSize);
      expect(log.logEndOffset, `cut at ${cut}`).toBe(complete * 2);
      expect(statSync(file).size).toBe(complete * batchSize);
      expect(values(await readAll(log))).toHaveLength(complete * 2);
      log.closeWithoutFlush();
    }
  });

  it('a flipped byte anywhere truncates the log at the damaged batch', async () => {
    const { h, ends } = await crashedLog();
    const file = segmentFile(h.dir, 0, '.log');
    const original = readFileSync(file);
    const batchSize = ends[0] as number;
    const expected = Array.from({ length: 10 }, (_, i) => [`a${i}`, `b${i}`]).flat();
    for (let position = 0; position < original.length; position += 5) {
      // The base offset and leader epoch lie outside the CRC: damage there shows as offsets
      // going backwards or is harmless, and is checked separately below.
      const inBatch = position % batchSize;
      if (inBatch < 17) continue;
      const damaged = Buffer.from(original);
      damaged.writeUInt8(damaged.readUInt8(position) ^ 0x40, position);
      writeFileSync(file, damaged);
      const log = h.reopen();
      const goodBatches = Math.floor(position / batchSize);
      expect(log.logEndOffset, `flip at ${position}`).toBe(goodBatches * 2);
      expect(values(await readAll(log))).toEqual(expected.slice(0, goodBatches * 2));
      log.closeWithoutFlush();
      writeFileSync(file, original);
    }
  });

  it('a damaged base offset (offsets going backwards) truncates there', async () => {
    const { h, ends } = await crashedLog();
    const file = segmentFile(h.dir, 0, '.log');
    const damaged = readFileSync(file);
    damaged.writeUInt32BE(0, (ends[0] as number) * 5 + 4);
    writeFileSync(file, damaged);
    expect(h.reopen().logEndOffset).toBe(10);
  });

  it('rebuilds missing and damaged indexes of trusted segments', async () => {
    const h = openHarness({ segmentBytes: 400, indexIntervalBytes: 1 });
    for (let i = 0; i < 30; i++) h.log.appendAsLeader(await batchOf([`v${i}`]), epoch);
    h.log.close();
    const bases = h.log.segments().map((s) => s.baseOffset);
    expect(bases.length).toBeGreaterThan(3);
    rmSync(segmentFile(h.dir, bases[0] as number, '.index'));
    writeFileSync(segmentFile(h.dir, bases[1] as number, '.index'), Buffer.from('garbage!garbage'));
    truncateSync(segmentFile(h.dir, bases[2] as number, '.timeindex'), 5);
    const log = h.reopen();
    expect(values(await readAll(log))).toEqual(Array.from({ length: 30 }, (_, i) => `v${i}`));
    log.close();
    expect(existsSync(segmentFile(h.dir, bases[0] as number, '.index'))).toBe(true);
    expect(statSync(segmentFile(h.dir, bases[0] as number, '.index')).size).toBeGreaterThan(0);
    expect((await h.reopen().fetchOffsetByTimestamp(0))?.offset).toBe(0);
  });

  it('drops the segments after a corrupt one', async () => {
    const { h } = await crashedLog(300);
    const bases = h.log.segments().map((s) => s.baseOffset);
    expect(bases.length).toBeGreaterThan(2);
    const file = segmentFile(h.dir, bases[1] as number, '.log');
    const damaged = readFileSync(file);
    damaged.writeUInt8(damaged.readUInt8(30) ^ 1, 30);
    writeFileSync(file, damaged);
    const log = h.reopen();
    expect(log.logEndOffset).toBe(bases[1]);
    expect(log.segments().map((s) => s.baseOffset)).toEqual([0, bases[1]]);
  });

  it('a clean close needs no recovery and keeps every offset', async () => {
    const h = openHarness({ segmentBytes: 300 });
    for (let i = 0; i < 10; i++) h.log.appendAsLeader(await batchOf([`a${i}`]), epoch);
    h.log.updateHighWatermark(h.log.logEndOffset);
    h.log.close();
    const checkpoint = readFileSync(join(h.dir, 'log-offsets.checkpoint'), 'utf8');
    expect(checkpoint).toContain('recovery-point 10');
    const log = h.reopen();
    expect([log.logEndOffset, log.highWatermark]).toEqual([10, 10]);
    log.appendAsLeader(await batchOf(['after']), epoch);
    expect(values(await readAll(log)).at(-1)).toBe('after');
  });
});
