import { describe, expect, it } from 'vitest';
import { asLeaderEpoch, asOffset } from '../../../engine/types.js';
import { batchOf, openHarness, readAll, T0 } from './helpers.js';

const epoch = asLeaderEpoch(1);

describe('retention', () => {
  it('deletes closed segments older than retention.ms and advances the log start', async () => {
    const h = openHarness({ segmentBytes: 300, retentionMs: 60_000 });
    for (let i = 0; i < 12; i++) {
      h.log.appendAsLeader(await batchOf([`v${i}`], { timestamp: T0 + i * 10_000 }), epoch);
      h.clock.advance(10_000);
    }
    h.log.updateHighWatermark(h.log.logEndOffset);
    const before = h.log.segments();
    const now = h.clock.now();
    const expected = before.slice(0, -1).filter((s, i, all) => {
      return all.slice(0, i + 1).every((x) => now - x.maxTimestamp > 60_000);
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(h.log.applyRetention()).toBe(expected.length);
    const after = h.log.segments();
    expect(after[0]?.baseOffset).toBe(before[expected.length]?.baseOffset);
    expect(h.log.logStartOffset).toBe(after[0]?.baseOffset);
    for (const s of after.slice(0, -1)) expect(now - s.maxTimestamp).toBeLessThanOrEqual(60_000);
    expect((await readAll(h.log))[0]?.offset).toBe(h.log.logStartOffset);
  });

  it('deletes the oldest closed segments while the log exceeds retention.bytes', async () => {
    const h = openHarness({ segmentBytes: 300 });
    for (let i = 0; i < 20; i++) h.log.appendAsLeader(await batchOf([`v${i}`.padEnd(50, '.')]), epoch);
    h.log.updateHighWatermark(h.log.logEndOffset);
    const limit = Math.floor(h.log.size / 2);
    h.log.updateConfig({ ...h.config, retentionBytes: limit });
    const deleted = h.log.applyRetention();
    expect(deleted).toBeGreaterThan(0);
    expect(h.log.size).toBeGreaterThanOrEqual(limit);
    const first = h.log.segments()[0];
    expect(h.log.size - (first?.sizeInBytes ?? 0)).toBeLessThan(limit);
  });

  it('never deletes the active segment, nor data above the high watermark, nor under cleanup.policy=compact', async () => {
    const h = openHarness({ segmentBytes: 300, retentionMs: 1 });
    for (let i = 0; i < 10; i++) h.log.appendAsLeader(await batchOf([`v${i}`.padEnd(50, '.')]), epoch);
    h.clock.advance(1000);
    expect(h.log.applyRetention()).toBe(0);
    h.log.updateHighWatermark(asOffset(h.log.logEndOffset));
    h.log.updateConfig({ ...h.config, cleanupPolicy: { delete: false, compact: true } });
    expect(h.log.applyRetention()).toBe(0);
    h.log.updateConfig(h.config);
    const segments = h.log.segments().length;
    expect(h.log.applyRetention()).toBe(segments - 1);
    expect(h.log.segments()).toHaveLength(1);
    expect(h.log.logStartOffset).toBe(h.log.segments()[0]?.baseOffset);
  });

  it('keeps the advanced log start across a restart', async () => {
    const h = openHarness({ segmentBytes: 300, retentionMs: 1 });
    for (let i = 0; i < 10; i++) h.log.appendAsLeader(await batchOf([`v${i}`.padEnd(50, '.')]), epoch);
    h.log.updateHighWatermark(h.log.logEndOffset);
    h.clock.advance(1000);
    h.log.applyRetention();
    const start = h.log.logStartOffset;
    expect(start).toBeGreaterThan(0);
    h.log.close();
    expect(h.reopen().logStartOffset).toBe(start);
  });
});
