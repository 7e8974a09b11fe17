/**
 * Kafka's leader-epoch cache and its `leader-epoch-checkpoint` file: for each leader epoch, the
 * first offset that leader appended. Followers ask a new leader where their last epoch ended
 * (OffsetForLeaderEpoch) and truncate there instead of trusting their high watermark (KIP-101).
 *
 * File (Kafka's checkpoint layout): `0`, the entry count, then `<epoch> <startOffset>` lines.
 *
 * Invariants: epochs and start offsets both strictly increase. Assigning an epoch that is not
 * newer than the latest is ignored; assigning a newer one drops any entry it contradicts.
 *
 * Worked example: entries (0, 0) (2, 150) (5, 400), log end 620.
 *   endOffsetFor(2) → (2, 400)   epoch 2 ended where epoch 5 started
 *   endOffsetFor(3) → (2, 400)   epoch 3 never led: the largest epoch below it is 2
 *   endOffsetFor(5) → (5, 620)   the latest epoch runs to the log end
 *   endOffsetFor(6) → (-1, -1)   unknown epoch
 *   truncateFromEnd(300) → (0, 0) (2, 150);  truncateFromStart(200) → (2, 200) (5, 400)
 */
import type { LeaderEpoch, Offset } from '../types.js';
import { asLeaderEpoch, asOffset } from '../types.js';
import { invariant } from '../util/invariant.js';
import type { DiskHooks } from './disk-hooks.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint-file.js';
import type { EpochEndOffset } from './log-types.js';

export interface EpochEntry {
  readonly epoch: LeaderEpoch;
  readonly startOffset: Offset;
}

export class LeaderEpochCache {
  private entries: EpochEntry[] = [];

  private constructor(
    readonly file: string,
    private readonly disk: DiskHooks,
  ) {}

  /** Loads the checkpoint (a missing or malformed one starts empty: recovery re-assigns epochs). */
  static load(file: string, disk: DiskHooks): LeaderEpochCache {
    const cache = new LeaderEpochCache(file, disk);
    const lines = readCheckpoint(file) ?? [];
    for (const [epoch, offset] of lines) {
      const e = Number(epoch);
      const o = Number(offset);
      if (!Number.isInteger(e) || !Number.isInteger(o)) return new LeaderEpochCache(file, disk);
      cache.entries.push({ epoch: asLeaderEpoch(e), startOffset: asOffset(o) });
    }
    return cache;
  }

  get all(): readonly EpochEntry[] {
    return this.entries;
  }

  latestEpoch(): LeaderEpoch | -1 {
    return this.entries[this.entries.length - 1]?.epoch ?? -1;
  }

  /** Records that `epoch` started at `startOffset` when it is newer than every known epoch. */
  assign(epoch: number, startOffset: number): void {
    if (epoch < 0) return;
    const latest = this.entries[this.entries.length - 1];
    if (latest && latest.epoch >= epoch) return;
    const next = [
      ...this.entries.filter((e) => e.startOffset < startOffset),
      { epoch: asLeaderEpoch(epoch), startOffset: asOffset(startOffset) },
    ];
    // Written before it is believed: a refused write (a full disk) leaves the history as it was.
    this.persist(next);
    this.entries = next;
  }

  /** OffsetForLeaderEpoch: the largest known epoch ≤ `epoch` and where it ended. */
  endOffsetFor(epoch: number, logEndOffset: Offset): EpochEndOffset {
    if (epoch < 0) return { epoch: -1, endOffset: -1 };
    const latest = this.entries[this.entries.length - 1];
    if (latest && latest.epoch === epoch) return { epoch: latest.epoch, endOffset: logEndOffset };
    const higher = this.entries.findIndex((e) => e.epoch > epoch);
    if (higher < 0) return { epoch: -1, endOffset: -1 };
    const higherEntry = this.entries[higher] as EpochEntry;
    const floor = this.entries[higher - 1];
    return { epoch: floor ? floor.epoch : asLeaderEpoch(epoch), endOffset: higherEntry.startOffset };
  }

  /** The epoch of the leader that wrote `offset`, -1 when unknown. */
  epochForOffset(offset: number): LeaderEpoch | -1 {
    let found: LeaderEpoch | -1 = -1;
    for (const e of this.entries) {
      if (e.startOffset > offset) break;
      found = e.epoch;
    }
    return found;
  }

  /** Drops epochs that start at or after `endOffset` (the log was truncated there). */
  truncateFromEnd(endOffset: number): void {
    const kept = this.entries.filter((e) => e.startOffset < endOffset);
    if (kept.length === this.entries.length) return;
    this.entries = kept;
    this.persist();
  }

  /**
   * Drops epochs wholly before `startOffset` (the log start moved); the epoch in force at
   * `startOffset` is kept, starting there.
   */
  truncateFromStart(startOffset: number): void {
    const firstKept = this.entries.findIndex((e) => e.startOffset >= startOffset);
    if (firstKept === 0) return;
    if (firstKept > 0 && (this.entries[firstKept] as EpochEntry).startOffset === startOffset) {
      this.entries = this.entries.slice(firstKept);
      this.persist();
      return;
    }
    const cut = firstKept < 0 ? this.entries.length - 1 : firstKept - 1;
    if (cut < 0) return;
    const inForce = this.entries[cut] as EpochEntry;
    this.entries = [
      { epoch: inForce.epoch, startOffset: asOffset(startOffset) },
      ...this.entries.slice(cut + 1),
    ];
    invariant(
      this.entries.every(
        (e, i) => i === 0 || e.startOffset > (this.entries[i - 1] as EpochEntry).startOffset,
      ),
      'leader epoch start offsets must increase',
    );
    this.persist();
  }

  clear(): void {
    this.entries = [];
    this.persist();
  }

  private persist(entries: readonly EpochEntry[] = this.entries): void {
    writeCheckpoint(
      this.file,
      entries.map((e) => `${e.epoch} ${e.startOffset}`),
      this.disk,
      false,
    );
  }
}
