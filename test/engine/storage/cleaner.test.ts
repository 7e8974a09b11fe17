import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CleanerStep } from '../../../engine/storage/cleaner.js';
import type { LogRecord } from '../../../engine/records/record.js';
import { asLeaderEpoch } from '../../../engine/types.js';
import type { Harness } from './helpers.js';
import { batchOf, openHarness, readAll } from './helpers.js';

const epoch = asLeaderEpoch(1);
const compact = { delete: false, compact: true };

/** Writes `rounds` updates of keys k0..k4 (value `k<i>=<round>`), one record per batch, in small segments. */
async function compactedTopic(rounds: number): Promise<Harness> {
  const h = openHarness({ segmentBytes: 400, cleanupPolicy: compact, minCleanableDirtyRatio: 0 });
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < 5; k++) {
      h.log.appendAsLeader(await batchOf([`k${k}=${round}`], { keys: [`k${k}`] }), epoch);
    }
  }
  h.log.updateHighWatermark(h.log.logEndOffset);
  return h;
}

function pairs(records: readonly LogRecord[]): [number, string, string | null][] {
  return records.map((r) => [r.offset, r.key?.toString() ?? '', r.value?.toString() ?? null]);
}

function latestByKey(records: readonly LogRecord[]): Map<string, string | null> {
  const latest = new Map<string, string | null>();
  for (const r of records) latest.set(r.key?.toString() ?? '', r.value?.toString() ?? null);
  return latest;
}

describe('compaction', () => {
  it('keeps the latest record per key with its offset and never touches the active segment', async () => {
    const h = await compactedTopic(8);
    const before = await readAll(h.log);
    const active = h.log.segments().at(-1);
    const result = await h.log.compact();
    expect(result.recordsRemoved).toBeGreaterThan(0);
    const after = await readAll(h.log);
    expect(latestByKey(after)).toEqual(latestByKey(before));
    // Offsets are kept: every surviving record has the offset it had.
    const original = new Map(before.map((r) => [r.offset, r.value?.toString()]));
    for (const r of after) expect(original.get(r.offset)).toBe(r.value?.toString());
    // In the cleaned part, each key appears once.
    const cleaned = after.filter((r) => r.offset < (active?.baseOffset ?? 0));
    const keys = cleaned.map((r) => r.key?.toString());
    expect(new Set(keys).size).toBe(keys.length);
    // The active segment is byte for byte what it was.
    expect(h.log.segments().at(-1)).toEqual(active);
    expect(after.filter((r) => r.offset >= (active?.baseOffset ?? 0))).toEqual(
      before.filter((r) => r.offset >= (active?.baseOffset ?? 0)),
    );
    expect(h.log.logEndOffset).toBe(40);
  });

  it('does nothing unless cleanup.policy has compact, or while the dirty ratio is low', async () => {
    const h = await compactedTopic(4);
    h.log.updateConfig({ ...h.config, cleanupPolicy: { delete: true, compact: false } });
    expect((await h.log.compact()).segmentsCleaned).toBe(0);
    h.log.updateConfig({ ...h.config, minCleanableDirtyRatio: 0.5 });
    expect((await h.log.compact()).segmentsCleaned).toBeGreaterThan(0);
    expect((await h.log.compact()).segmentsCleaned).toBe(0);
    expect((await h.log.compact({ force: true })).segmentsCleaned).toBeGreaterThan(0);
  });

  it('keeps a tombstone until delete.retention.ms after its first cleaning, then drops it', async () => {
    const h = openHarness({
      segmentBytes: 300,
      cleanupPolicy: compact,
      minCleanableDirtyRatio: 0,
      deleteRetentionMs: 60_000,
    });
    h.log.appendAsLeader(await batchOf(['v1'], { keys: ['gone'] }), epoch);
    h.log.appendAsLeader(await batchOf(['v1'], { keys: ['kept'] }), epoch);
    const tombstone = await (
      await import('../../../engine/records/codec.js')
    ).encodeBatch({
      records: [{ key: Buffer.from('gone'), value: null }],
      timestamp: h.clock.now(),
    });
    h.log.appendAsLeader(tombstone, epoch);
    for (let i = 0; i < 6; i++)
      h.log.appendAsLeader(await batchOf([`filler${i}`], { keys: [`f${i}`] }), epoch);
    h.log.updateHighWatermark(h.log.logEndOffset);
    await h.log.compact();
    let records = await readAll(h.log);
    expect(pairs(records).filter(([, k]) => k === 'gone')).toEqual([[2, 'gone', null]]);
    h.clock.advance(30_000);
    await h.log.compact({ force: true });
    expect(pairs(await readAll(h.log)).filter(([, k]) => k === 'gone')).toEqual([[2, 'gone', null]]);
    h.clock.advance(30_001);
    await h.log.compact({ force: true });
    records = await readAll(h.log);
    expect(records.some((r) => r.key?.toString() === 'gone')).toBe(false);
    expect(records.some((r) => r.key?.toString() === 'kept')).toBe(true);
  });

  it('survives a restart: compacted segments reopen with their offsets', async () => {
    const h = await compactedTopic(6);
    await h.log.compact();
    const after = await readAll(h.log);
    h.log.close();
    expect(pairs(await readAll(h.reopen()))).toEqual(pairs(after));
  });

  // Each group of segments is swapped on its own: a crash mid-pass leaves the groups before it
  // cleaned, the one in flight either old or cleaned, the rest old — never a lost or doubled record.
  const steps: CleanerStep[] = ['cleaned', 'swap', 'deleted', 'renamed'];
  for (const step of steps) {
    it(`a crash after the "${step}" step of the swap loses nothing and doubles nothing`, async () => {
      const h = await compactedTopic(8);
      const original = await readAll(h.log);
      const byOffset = new Map(pairs(original).map((p) => [p[0], p]));
      await expect(
        h.log.compact({
          afterStep: (s) => {
            if (s === step) throw new Error(`crash after ${s}`);
          },
        }),
      ).rejects.toThrow(`crash after ${step}`);
      h.log.closeWithoutFlush();
      const recovered = await readAll(h.reopen());
      const offsets = recovered.map((r) => r.offset);
      expect(offsets).toEqual([...new Set(offsets)].sort((a, b) => a - b));
      for (const p of pairs(recovered)) expect(byOffset.get(p[0])).toEqual(p);
      expect(latestByKey(recovered)).toEqual(latestByKey(original));
      // The first group was in flight: kept whole before the swap was committed, cleaned after.
      expect(recovered.length < original.length).toBe(step !== 'cleaned');
      expect(readdirSync(h.dir).filter((f) => /\.(cleaned|swap|deleted|tmp)$/.test(f))).toEqual([]);
      // The log goes on: another pass finishes the job.
      await h.log.compact({ force: true });
      expect(latestByKey(await readAll(h.log))).toEqual(latestByKey(original));
    });
  }
});
