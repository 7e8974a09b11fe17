/**
 * A segment's sparse time index (Kafka's TimeIndex, `.timeindex`): 12-byte entries
 *
 *   timestamp       int64   largest batch timestamp seen so far in the segment
 *   relativeOffset  int32   last offset of the batch that carried it - segment base offset
 *
 * An entry is added beside each offset-index entry when the largest timestamp grew, and once
 * more when the segment is closed, so timestamps strictly increase. To find the first record at
 * or after time T, start at the last entry whose timestamp is < T: no record at or before the
 * batch it names reaches T, so the answer lies after that batch.
 *
 * Worked example: entries (1000, 9) (1500, 27). lookup(1200) → offset 9 (start scanning after
 * the batch ending at 9); lookup(900) → none (start at the segment's beginning).
 */
import type { DiskHooks } from './disk-hooks.js';
import { readInt53, writeInt53 } from '../records/batch.js';
import { IndexFile } from './index-file.js';

const ENTRY_SIZE = 12;

export interface TimestampOffset {
  readonly timestamp: number;
  readonly offset: number;
}

const timestampAt = (b: Buffer, p: number) => readInt53(b, p);

export class TimeIndex {
  private readonly index: IndexFile;

  private constructor(
    file: string,
    readonly baseOffset: number,
    maxIndexBytes: number,
    initial?: Buffer,
  ) {
    this.index = new IndexFile(
      file,
      ENTRY_SIZE,
      Math.max(1, Math.floor(maxIndexBytes / ENTRY_SIZE)),
      initial,
    );
  }

  static create(file: string, baseOffset: number, maxIndexBytes: number): TimeIndex {
    return new TimeIndex(file, baseOffset, maxIndexBytes);
  }

  /** Loads the file, or undefined when missing or not strictly increasing within `nextOffset`. */
  static load(
    file: string,
    baseOffset: number,
    maxIndexBytes: number,
    nextOffset: number,
  ): TimeIndex | undefined {
    const bytes = IndexFile.readEntries(file, ENTRY_SIZE);
    if (!bytes) return undefined;
    let lastTimestamp = -Infinity;
    let lastOffset = -1;
    for (let p = 0; p < bytes.length; p += ENTRY_SIZE) {
      const timestamp = readInt53(bytes, p);
      const offset = bytes.readInt32BE(p + 8);
      if (timestamp <= lastTimestamp || offset < lastOffset || baseOffset + offset >= nextOffset)
        return undefined;
      lastTimestamp = timestamp;
      lastOffset = offset;
    }
    return new TimeIndex(file, baseOffset, maxIndexBytes, bytes);
  }

  get file(): string {
    return this.index.file;
  }
  isFull(): boolean {
    return this.index.isFull();
  }
  get entries(): number {
    return this.index.entries;
  }

  lastEntry(): TimestampOffset | undefined {
    return this.entryAt(this.index.entries - 1);
  }

  private entryAt(i: number): TimestampOffset | undefined {
    if (i < 0 || i >= this.index.entries) return undefined;
    const b = this.index.buffer;
    return {
      timestamp: readInt53(b, i * ENTRY_SIZE),
      offset: this.baseOffset + b.readInt32BE(i * ENTRY_SIZE + 8),
    };
  }

  /** Adds (timestamp, offset) when the timestamp is larger than the last entry's. */
  maybeAppend(timestamp: number, offset: number): void {
    const last = this.lastEntry();
    if (last && timestamp <= last.timestamp) return;
    this.index.append((b, p) => {
      writeInt53(b, timestamp, p);
      b.writeInt32BE(offset - this.baseOffset, p + 8);
    });
  }

  /** The last entry whose timestamp is < `timestamp`, or undefined. */
  lookupBefore(timestamp: number): TimestampOffset | undefined {
    return this.entryAt(this.index.search(timestamp, timestampAt, true));
  }

  /** Drops entries naming offsets ≥ `offset`. */
  truncateTo(offset: number): void {
    const b = this.index.buffer;
    let keep = this.index.entries;
    while (keep > 0 && this.baseOffset + b.readInt32BE((keep - 1) * ENTRY_SIZE + 8) >= offset) keep--;
    this.index.truncateToEntries(keep);
  }

  reset(): void {
    this.index.truncateToEntries(0);
  }

  flush(disk: DiskHooks, sync: boolean): void {
    this.index.flush(disk, sync);
  }
  renameTo(file: string): void {
    this.index.renameTo(file);
  }
  deleteFile(): void {
    this.index.deleteFile();
  }
}
