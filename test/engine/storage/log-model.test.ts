/**
 * Model-based test of the partition log: random sequences of append, roll (small segments),
 * truncate, delete-records, retention, compaction, clean restart and crash-and-recover run
 * against the real log, checked after every step against a trivial in-memory model (an array of
 * records). The seed is fixed, so a failure reproduces; fast-check then prints the shrunk
 * sequence and its replay path, to be kept here as a regression case with `examples`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../engine/records/record.js';
import { asLeaderEpoch, asOffset } from '../../../engine/types.js';
import type { Harness } from './helpers.js';
import { batchOf, openHarness, readAll } from './helpers.js';

interface Model {
  /** Records from the log start, in offset order. */
  records: { offset: number; key: string; value: string }[];
  /** Base offsets of the batches still in the model (truncation points). */
  batchStarts: number[];
  logStart: number;
  logEnd: number;
  /** Compaction may remove superseded records: the model then only bounds what is left. */
  compacted: boolean;
}

interface Real {
  h: Harness;
  counter: number;
}

const epoch = asLeaderEpoch(1);

async function check(model: Model, real: Real): Promise<void> {
  const log = real.h.log;
  expect(log.logEndOffset).toBe(model.logEnd);
  expect(log.logStartOffset).toBe(model.logStart);
  expect(log.highWatermark).toBeLessThanOrEqual(log.logEndOffset);
  const actual = (await readAll(log)).map((r: LogRecord) => ({
    offset: r.offset,
    key: r.key?.toString() ?? '',
    value: r.value?.toString() ?? '',
  }));
  const expected = model.records.filter((r) => r.offset >= model.logStart);
  if (!model.compacted) {
    expect(actual).toEqual(expected);
    return;
  }
  // After compaction: a subset of the model, in order, keeping the latest value of every key.
  const byOffset = new Map(expected.map((r) => [r.offset, r]));
  for (const r of actual) expect(byOffset.get(r.offset)).toEqual(r);
  const latest = (rs: typeof expected) => new Map(rs.map((r) => [r.key, r.value]));
  expect(latest(actual)).toEqual(latest(expected));
}

class Append implements fc.AsyncCommand<Model, Real> {
  constructor(readonly keys: number[]) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const values = this.keys.map(() => `v${real.counter++}`.padEnd(30, '.'));
    const keys = this.keys.map((k) => `key${k}`);
    const info = real.h.log.appendAsLeader(await batchOf(values, { keys }), epoch);
    model.batchStarts.push(model.logEnd);
    values.forEach((value, i) =>
      model.records.push({ offset: model.logEnd + i, key: keys[i] as string, value }),
    );
    model.logEnd += values.length;
    expect(info.lastOffset).toBe(model.logEnd - 1);
    await check(model, real);
  }
  toString = () => `append(${this.keys.join(',')})`;
}

class Truncate implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.batchStarts.some((b) => b >= model.logStart);
  async run(model: Model, real: Real): Promise<void> {
    const candidates = model.batchStarts.filter((b) => b >= model.logStart);
    const target = candidates[this.pick % candidates.length] as number;
    real.h.log.truncateTo(asOffset(target));
    model.records = model.records.filter((r) => r.offset < target);
    model.batchStarts = model.batchStarts.filter((b) => b < target);
    model.logEnd = target;
    await check(model, real);
  }
  toString = () => `truncate(${this.pick})`;
}

class DeleteRecords implements fc.AsyncCommand<Model, Real> {
  constructor(readonly fraction: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    real.h.log.updateHighWatermark(asOffset(model.logEnd));
    const target = model.logStart + Math.floor((model.logEnd - model.logStart) * this.fraction);
    real.h.log.deleteRecordsBefore(asOffset(target));
    model.logStart = Math.max(model.logStart, target);
    await check(model, real);
  }
  toString = () => `deleteRecords(${this.fraction.toFixed(2)})`;
}

class Retention implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const log = real.h.log;
    log.updateHighWatermark(asOffset(model.logEnd));
    log.updateConfig({ ...log.config, retentionBytes: Math.floor(log.size / 2) });
    log.applyRetention();
    log.updateConfig({ ...log.config, retentionBytes: -1 });
    // Retention deletes whole segments: the new start is a segment base the model knew.
    expect(log.logStartOffset).toBeGreaterThanOrEqual(model.logStart);
    model.logStart = log.logStartOffset;
    await check(model, real);
  }
  toString = () => 'retention';
}

class Compact implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const log = real.h.log;
    log.updateHighWatermark(asOffset(model.logEnd));
    log.updateConfig({ ...log.config, cleanupPolicy: { delete: true, compact: true } });
    await log.compact({ force: true });
    model.compacted = true;
    await check(model, real);
  }
  toString = () => 'compact';
}

class Restart implements fc.AsyncCommand<Model, Real> {
  constructor(readonly crash: boolean) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const config = real.h.log.config;
    if (this.crash) real.h.log.closeWithoutFlush();
    else real.h.log.close();
    real.h.reopen(config);
    await check(model, real);
  }
  toString = () => (this.crash ? 'crash' : 'restart');
}

const commands = [
  fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 6 }).map((keys) => new Append(keys)),
  fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 6 }).map((keys) => new Append(keys)),
  fc.nat().map((pick) => new Truncate(pick)),
  fc.double({ min: 0, max: 1, noNaN: true }).map((f) => new DeleteRecords(f)),
  fc.constant(new Retention()),
  fc.constant(new Compact()),
  fc.boolean().map((crash) => new Restart(crash)),
];

function freshModel(): Model {
  return { records: [], batchStarts: [], logStart: 0, logEnd: 0, compacted: false };
}

describe('partition log against an in-memory model', () => {
  it('agrees with the model over random operation sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), async (cmds) => {
        const h = openHarness({ segmentBytes: 600, indexIntervalBytes: 100 });
        try {
          await fc.asyncModelRun(() => ({ model: freshModel(), real: { h, counter: 0 } }), cmds);
        } finally {
          h.log.closeWithoutFlush();
        }
      }),
      { seed: 20261123, numRuns: 100 },
    );
  }, 60_000);
});
