/**
 * The matches of one scan job, kept in the host so the console can page through them
 * (`messages.scanResults`). Bounded by the job's maxMatches and by a byte budget, so a scan for
 * large values cannot exhaust the host's memory: past the budget the scan stops early.
 */
import type { RecordInput } from '../worker/implementation.js';

const DEFAULT_BUDGET_BYTES = 256 * 1024 * 1024;

export class ScanStore {
  private readonly records: RecordInput[] = [];
  private bytes = 0;

  constructor(private readonly budgetBytes = DEFAULT_BUDGET_BYTES) {}

  /** Keeps the records; false once the byte budget is spent (the scan should stop). */
  add(records: readonly RecordInput[]): boolean {
    for (const record of records) {
      this.records.push(record);
      this.bytes += approximateSize(record);
    }
    return this.bytes < this.budgetBytes;
  }

  get size(): number {
    return this.records.length;
  }

  slice(from: number, to: number): RecordInput[] {
    return this.records.slice(from, to);
  }
}

function approximateSize(record: RecordInput): number {
  let size = 128 + (record.key?.data.length ?? 0) + (record.value?.data.length ?? 0);
  for (const header of record.headers) size += 32 + header.key.length + (header.value?.data.length ?? 0);
  return size * 2;
}
