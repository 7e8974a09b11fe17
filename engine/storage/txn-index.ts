/**
 * A segment's aborted-transactions index (Kafka's TransactionIndex, `.txnindex`): one 34-byte
 * entry per transaction whose ABORT marker landed in the segment,
 *
 *   version           int16  0
 *   producerId        int64
 *   firstOffset       int64  first offset the transaction wrote in this partition
 *   lastOffset        int64  offset of the ABORT marker
 *   lastStableOffset  int64  the log's LSO right after the marker
 *
 * in marker order. read_committed fetches ask which aborted transactions overlap the range they
 * return, so the consumer can drop those records. Entries are few (one per abort): they are
 * kept in memory and the file is rewritten on flush; recovery rebuilds it for recovered segments.
 */
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { readInt53, writeInt53 } from '../records/batch.js';
import { asOffset } from '../types.js';
import type { DiskHooks } from './disk-hooks.js';
import { writeFileAtomically } from './checkpoint-file.js';
import type { Offset } from '../types.js';

const ENTRY_SIZE = 34;

/** An entry of the aborted-transactions index, as read_committed fetches need it. */
export interface AbortedTxn {
  readonly producerId: bigint;
  readonly firstOffset: Offset;
  readonly lastOffset: Offset;
  /** The last stable offset when the abort marker was written. */
  readonly lastStableOffset: Offset;
}

export class TxnIndex {
  private entries: AbortedTxn[] = [];
  private dirty = false;

  constructor(public file: string) {}

  /** Loads the file; a missing file is an empty index, a damaged one undefined (rebuild it). */
  static load(file: string): TxnIndex | undefined {
    const index = new TxnIndex(file);
    if (!existsSync(file)) return index;
    const bytes = readFileSync(file);
    if (bytes.length % ENTRY_SIZE !== 0) return undefined;
    for (let p = 0; p < bytes.length; p += ENTRY_SIZE) {
      if (bytes.readInt16BE(p) !== 0) return undefined;
      index.entries.push({
        producerId: bytes.readBigInt64BE(p + 2),
        firstOffset: asOffset(readInt53(bytes, p + 10)),
        lastOffset: asOffset(readInt53(bytes, p + 18)),
        lastStableOffset: asOffset(readInt53(bytes, p + 26)),
      });
    }
    return index;
  }

  get all(): readonly AbortedTxn[] {
    return this.entries;
  }

  append(txn: AbortedTxn): void {
    this.entries.push(txn);
    this.dirty = true;
  }

  /** Entries that overlap [fetchOffset, upperBoundOffset). */
  collect(fetchOffset: number, upperBoundOffset: number): AbortedTxn[] {
    return this.entries.filter((t) => t.lastOffset >= fetchOffset && t.firstOffset < upperBoundOffset);
  }

  /** Drops entries whose marker is at or past `offset`. */
  truncateTo(offset: number): void {
    const kept = this.entries.filter((t) => t.lastOffset < offset);
    if (kept.length !== this.entries.length) {
      this.entries = kept;
      this.dirty = true;
    }
  }

  reset(): void {
    this.entries = [];
    this.dirty = true;
  }

  flush(disk: DiskHooks, sync: boolean): void {
    if (!this.dirty) return;
    if (this.entries.length === 0) {
      rmSync(this.file, { force: true });
    } else {
      const bytes = Buffer.alloc(this.entries.length * ENTRY_SIZE);
      this.entries.forEach((t, i) => {
        const p = i * ENTRY_SIZE;
        bytes.writeInt16BE(0, p);
        bytes.writeBigInt64BE(t.producerId, p + 2);
        writeInt53(bytes, t.firstOffset, p + 10);
        writeInt53(bytes, t.lastOffset, p + 18);
        writeInt53(bytes, t.lastStableOffset, p + 26);
      });
      writeFileAtomically(this.file, bytes, disk, sync);
    }
    this.dirty = false;
  }

  renameTo(file: string): void {
    if (existsSync(this.file)) renameSync(this.file, file);
    this.file = file;
  }
  deleteFile(): void {
    rmSync(this.file, { force: true });
  }
}
