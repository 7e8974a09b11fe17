/**
 * `log-offsets.checkpoint` in a partition directory: the offsets a restart must find again,
 * in Kafka's checkpoint layout (version, count, then `<name> <offset>` lines):
 *
 *   0
 *   4
 *   log-start-offset 120
 *   high-watermark 4711
 *   recovery-point 4700     everything below was fsynced; recovery re-validates from here
 *   cleaner-offset 3000     compaction has cleaned everything below
 *
 * Written whole and atomically (checkpoint-file.ts); a missing or damaged file reads as zeros,
 * which makes recovery re-validate the whole log.
 */
import { join } from 'node:path';
import { readCheckpoint, writeCheckpoint } from './checkpoint-file.js';
import type { DiskHooks } from './disk-hooks.js';

const FILE = 'log-offsets.checkpoint';

export interface OffsetsCheckpoint {
  readonly logStartOffset: number;
  readonly highWatermark: number;
  readonly recoveryPoint: number;
  readonly cleanerOffset: number;
}

export function readOffsetsCheckpoint(dir: string): OffsetsCheckpoint {
  const entries = new Map(
    (readCheckpoint(join(dir, FILE)) ?? []).map(([key, value]) => [key, Number(value)]),
  );
  const get = (key: string) => {
    const value = entries.get(key);
    return value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : 0;
  };
  return {
    logStartOffset: get('log-start-offset'),
    highWatermark: get('high-watermark'),
    recoveryPoint: get('recovery-point'),
    cleanerOffset: get('cleaner-offset'),
  };
}

export function writeOffsetsCheckpoint(dir: string, offsets: OffsetsCheckpoint, disk: DiskHooks): void {
  writeCheckpoint(
    join(dir, FILE),
    [
      `log-start-offset ${offsets.logStartOffset}`,
      `high-watermark ${offsets.highWatermark}`,
      `recovery-point ${offsets.recoveryPoint}`,
      `cleaner-offset ${offsets.cleanerOffset}`,
    ],
    disk,
    false,
  );
}
