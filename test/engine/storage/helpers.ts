import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { BatchInput } from '../../../engine/records/codec.js';
import { decodeRecordSet, encodeBatch } from '../../../engine/records/codec.js';
import type { LogRecord } from '../../../engine/records/record.js';
import type { DiskHooks } from '../../../engine/storage/disk-hooks.js';
import type { LogConfig } from '../../../engine/storage/log-config.js';
import { defaultLogConfig } from '../../../engine/storage/log-config.js';
import { PartitionLog } from '../../../engine/storage/log.js';
import { asOffset } from '../../../engine/types.js';
import { ManualClock } from '../../../engine/util/clock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'brokerlab-storage-'));
  dirs.push(dir);
  return dir;
}

export const T0 = 1_700_000_000_000;

export function testConfig(overrides: Partial<LogConfig> = {}): LogConfig {
  return { ...defaultLogConfig, ...overrides };
}

export interface Harness {
  dir: string;
  clock: ManualClock;
  config: LogConfig;
  disk?: DiskHooks;
  log: PartitionLog;
  reopen(config?: LogConfig): PartitionLog;
}

/** A log in a fresh temp dir with a manual clock at T0. */
export function openHarness(overrides: Partial<LogConfig> = {}, disk?: DiskHooks): Harness {
  const dir = join(tempDir(), 'topic-0');
  const clock = new ManualClock(T0);
  const config = testConfig(overrides);
  const open = (c: LogConfig) =>
    PartitionLog.open({
      dir,
      tp: { topic: 'topic', partition: 0 },
      config: c,
      time: clock,
      ...(disk ? { disk } : {}),
    });
  const harness: Harness = {
    dir,
    clock,
    config,
    ...(disk ? { disk } : {}),
    log: open(config),
    reopen(c = config) {
      harness.log = open(c);
      return harness.log;
    },
  };
  return harness;
}

/** A batch of records with the given values (keys `k<value>` unless given), timestamps `timestamp`. */
export function batchOf(
  values: readonly string[],
  options: Partial<BatchInput> & { keys?: (string | null)[] } = {},
): Promise<Buffer> {
  return encodeBatch({
    timestamp: T0,
    ...options,
    records: values.map((v, i) => ({
      key: options.keys
        ? options.keys[i] === null
          ? null
          : Buffer.from(options.keys[i] as string)
        : Buffer.from(`k${v}`),
      value: Buffer.from(v),
    })),
  });
}

/** Every record of the log from its start, decoded. */
export async function readAll(log: PartitionLog, maxOffset?: number): Promise<LogRecord[]> {
  const records: LogRecord[] = [];
  let offset = log.logStartOffset as number;
  const end = maxOffset ?? log.logEndOffset;
  while (offset < end) {
    const data = log.read(asOffset(offset), 1 << 20, { minOneMessage: true, maxOffset: asOffset(end) });
    if (data.sizeInBytes === 0) break;
    for (const batch of await decodeRecordSet(Buffer.concat(data.records))) {
      for (const r of batch.records) if (r.offset >= offset) records.push(r);
      offset = batch.lastOffset + 1;
    }
  }
  return records;
}

export function values(records: readonly LogRecord[]): string[] {
  return records.map((r) => r.value?.toString() ?? 'null');
}
