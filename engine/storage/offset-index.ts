/**
 * A segment's sparse offset index (Kafka's OffsetIndex, `.index`): 8-byte entries
 *
 *   relativeOffset int32   last offset of a batch - segment base offset
 *   position       int32   byte position of that batch in the .log file
 *
 * One entry per `index.interval.bytes` of log written, strictly increasing in both fields. A
 * lookup finds the last entry at or before the target offset: reading starts there and scans
 * batch headers forward, so at most about `index.interval.bytes` are scanned.
 *
 * Worked example (base 100): entries (9, 0) (27, 4210) (50, 8390). lookup(130) → entry (27,
 * 4210): the batch ending at offset 127 starts at byte 4210, and the batch holding 130 starts at
 * or after it. lookup(105) → (base 100, position 0).
 */
import type { DiskHooks } from './disk-hooks.js';
import { IndexFile } from './index-file.js';

const ENTRY_SIZE = 8;

export interface OffsetPosition {
  readonly offset: number;
  readonly position: number;
}

const relativeOffsetAt = (b: Buffer, p: number) => b.readInt32BE(p);

export class OffsetIndex {
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

  static create(file: string, baseOffset: number, maxIndexBytes: number): OffsetIndex {
    return new OffsetIndex(file, baseOffset, maxIndexBytes);
  }

  /**
   * Loads the index file, or returns undefined when it is missing or fails the sanity check
   * (entries increasing, positions inside the segment's `logSize`), so the caller rebuilds it.
   */
  static load(
    file: string,
    baseOffset: number,
    maxIndexBytes: number,
    logSize: number,
  ): OffsetIndex | undefined {
    const bytes = IndexFile.readEntries(file, ENTRY_SIZE);
    if (!bytes) return undefined;
    let lastOffset = -1;
    let lastPosition = -1;
    for (let p = 0; p < bytes.length; p += ENTRY_SIZE) {
      const offset = bytes.readInt32BE(p);
      const position = bytes.readInt32BE(p + 4);
      if (offset <= lastOffset || position <= lastPosition || position >= logSize) return undefined;
      lastOffset = offset;
      lastPosition = position;
    }
    return new OffsetIndex(file, baseOffset, maxIndexBytes, bytes);
  }

  get file(): string {
    return this.index.file;
  }
  get entries(): number {
    return this.index.entries;
  }
  isFull(): boolean {
    return this.index.isFull();
  }
  get sizeInBytes(): number {
    return this.index.sizeInBytes;
  }

  /** Indexes the batch ending at `lastOffset` that starts at `position`. */
  append(lastOffset: number, position: number): void {
    this.index.append((b, p) => {
      b.writeInt32BE(lastOffset - this.baseOffset, p);
      b.writeInt32BE(position, p + 4);
    });
  }

  lastEntry(): OffsetPosition | undefined {
    return this.entryAt(this.index.entries - 1);
  }

  private entryAt(i: number): OffsetPosition | undefined {
    if (i < 0 || i >= this.index.entries) return undefined;
    const b = this.index.buffer;
    return {
      offset: this.baseOffset + b.readInt32BE(i * ENTRY_SIZE),
      position: b.readInt32BE(i * ENTRY_SIZE + 4),
    };
  }

  /** The last entry with offset ≤ `target`, or (baseOffset, 0) when there is none. */
  lookup(target: number): OffsetPosition {
    const i = this.index.search(target - this.baseOffset, relativeOffsetAt);
    return this.entryAt(i) ?? { offset: this.baseOffset, position: 0 };
  }

  /**
   * The last entry at or before `target` and the position of the entry after it: the batch
   * holding `target` starts in [position, nextPosition], so one read of that range finds it.
   */
  lookupRange(target: number): OffsetPosition & { nextPosition: number | undefined } {
    const i = this.index.search(target - this.baseOffset, relativeOffsetAt);
    const entry = this.entryAt(i) ?? { offset: this.baseOffset, position: 0 };
    return { ...entry, nextPosition: this.entryAt(i + 1)?.position };
  }

  /** Drops entries for batches at or past byte `position` (the log was truncated there). */
  truncateToPosition(position: number): void {
    const b = this.index.buffer;
    let keep = this.index.entries;
    while (keep > 0 && b.readInt32BE((keep - 1) * ENTRY_SIZE + 4) >= position) keep--;
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
