import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { FaultyDisk } from '../../../engine/storage/disk-hooks.js';
import { KafkaStorageError } from '../../../engine/storage/errors.js';
import { asLeaderEpoch } from '../../../engine/types.js';
import { batchOf, openHarness, readAll, values } from './helpers.js';

const epoch = asLeaderEpoch(1);

describe('a full disk', () => {
  it('fails the append with KAFKA_STORAGE_ERROR, writes nothing, and leaves the log readable', async () => {
    const disk = new FaultyDisk();
    const h = openHarness({ segmentBytes: 300 }, disk);
    for (let i = 0; i < 6; i++) h.log.appendAsLeader(await batchOf([`v${i}`.padEnd(40)]), epoch);
    const sizes = readdirSync(h.dir).map((f) => [f, statSync(join(h.dir, f)).size]);
    const end = h.log.logEndOffset;
    disk.full = true;
    for (let i = 0; i < 5; i++) {
      const attempt = await batchOf([`w${i}`.padEnd(40)]);
      let error: unknown;
      try {
        h.log.appendAsLeader(attempt, epoch);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(KafkaStorageError);
      expect((error as KafkaStorageError).code).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
      expect((error as Error).message).toMatch(/No space left on device/);
    }
    expect(h.log.logEndOffset).toBe(end);
    expect(readdirSync(h.dir).map((f) => [f, statSync(join(h.dir, f)).size])).toEqual(sizes);
    expect(values(await readAll(h.log))).toHaveLength(6);

    disk.full = false;
    h.log.appendAsLeader(await batchOf(['after']), epoch);
    expect(values(await readAll(h.log)).at(-1)).toBe('after');
    h.log.close();
    expect(values(await readAll(h.reopen()))).toHaveLength(7);
  });

  it('refuses a new leader epoch and a follower append without recording the epoch', async () => {
    const disk = new FaultyDisk();
    const h = openHarness({}, disk);
    h.log.appendAsLeader(await batchOf(['first']), epoch);
    const led = await batchOf(['by-a-new-leader']);
    disk.full = true;
    expect(() => h.log.appendAsLeader(led, asLeaderEpoch(4))).toThrow(KafkaStorageError);
    const fetched = await batchOf(['fetched'], { baseOffset: 1, partitionLeaderEpoch: 7 });
    expect(() => h.log.appendAsFollower(fetched)).toThrow(KafkaStorageError);
    expect(h.log.epochEntries()).toEqual([{ epoch: 1, startOffset: 0 }]);
    expect(h.log.latestEpoch()).toBe(1);

    disk.full = false;
    h.log.appendAsFollower(fetched);
    expect(h.log.epochEntries()).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 7, startOffset: 1 },
    ]);
    h.log.close();
    expect(h.reopen().epochEntries()).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 7, startOffset: 1 },
    ]);
  });

  it('tells the caller how slow the disk is', () => {
    const disk = new FaultyDisk();
    disk.slowMs = 250;
    expect(disk.latencyMs()).toBe(250);
  });
});
