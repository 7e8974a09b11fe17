/**
 * Producer state of one partition (Kafka's ProducerStateManager): for each idempotent or
 * transactional producer id, its epoch, the sequence ranges of its last 5 batches (the
 * producer's max.in.flight), its coordinator epoch and the first offset of its ongoing
 * transaction. It lets the leader drop retried batches (answering with the first append's
 * offsets), refuse sequence gaps and fenced epochs, and compute the last stable offset.
 *
 * Rules (as Kafka 4.x applies them to client appends):
 * - A batch from an older epoch than the producer's current one: INVALID_PRODUCER_EPOCH.
 * - Same epoch, same sequence range as one of the last 5 batches: a duplicate.
 * - Same epoch, first sequence ≠ last sequence + 1 (with wrap-around at 2^31-1):
 *   OUT_OF_ORDER_SEQUENCE_NUMBER.
 * - A newer epoch must start at sequence 0 (unless the producer was unknown).
 * - An unknown producer id is accepted at any sequence: since KIP-360 Kafka no longer answers
 *   UNKNOWN_PRODUCER_ID from the log, because retention may have removed a live producer's batches.
 * - A transaction marker (control batch, coordinator origin) with a coordinator epoch older than
 *   the producer's last is fenced (TRANSACTION_COORDINATOR_FENCED).
 * - Coordinator-origin data batches (transactional offset commits) are checked for their epoch
 *   only: they carry no sequence numbers (Kafka checks sequences for client appends only).
 *
 * Snapshot file `<offset>.snapshot` (state as of that offset), big-endian:
 *
 *   version int16 (1) | crc uint32 (CRC-32C of the rest) | producerCount int32 |
 *   producers: producerId int64, epoch int16, coordinatorEpoch int32,
 *              currentTxnFirstOffset int64 (-1: none), lastTimestamp int64, batchCount int8,
 *              batches: firstSeq int32, lastSeq int32, firstOffset int64, lastOffset int64, timestamp int64
 *
 * Snapshots are written at segment roll and on close; on open the latest one at or below the
 * log end is loaded and the log after it replayed (headers only).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { BatchHeader } from '../records/batch.js';
import {
  CompressionType,
  NO_PRODUCER_EPOCH,
  NO_SEQUENCE,
  readInt53,
  RECORDS_OFFSET,
  writeInt53,
} from '../records/batch.js';
import type { EndTxnMarker } from '../records/control.js';
import { decodeEndTxnMarker } from '../records/control.js';
import { CorruptRecordError } from '../records/errors.js';
import { decodeRecord } from '../records/record.js';
import { ByteReader } from '../records/varint.js';
import { crc32c } from '../records/crc.js';
import type { DiskHooks } from './disk-hooks.js';
import {
  InvalidProducerEpochError,
  InvalidTxnStateError,
  OutOfOrderSequenceError,
  TransactionCoordinatorFencedError,
} from './errors.js';
import { writeFileAtomically } from './checkpoint-file.js';
import { parseOffsetFileName, SNAPSHOT_SUFFIX, snapshotFile } from './file-names.js';

/** Kafka keeps the last 5 batches per producer, matching max.in.flight.requests.per.connection. */
export const NUM_BATCHES_TO_RETAIN = 5;
const SNAPSHOT_VERSION = 1;

export interface BatchMetadata {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
  readonly timestamp: number;
}

export interface ProducerStateEntry {
  readonly producerId: bigint;
  producerEpoch: number;
  coordinatorEpoch: number;
  /** First offset of the producer's ongoing transaction in this partition, -1 when none. */
  currentTxnFirstOffset: number;
  lastTimestamp: number;
  batches: BatchMetadata[];
}

/** A transaction a marker just ended. */
export interface CompletedTxn {
  readonly producerId: bigint;
  readonly firstOffset: number;
  readonly lastOffset: number;
  readonly isAborted: boolean;
}

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === 0x7fff_ffff);
}

/** Reads the ABORT/COMMIT marker of a control batch (uncompressed, one record). */
export function readEndTxnMarker(header: BatchHeader): EndTxnMarker {
  if (header.compression !== CompressionType.NONE)
    throw new CorruptRecordError('control batch is compressed');
  const end = header.position + header.sizeInBytes;
  const reader = new ByteReader(header.buffer, header.position + RECORDS_OFFSET, end);
  const record = decodeRecord(reader, header.baseOffset, header.baseTimestamp);
  return decodeEndTxnMarker(record.key, record.value);
}

export class ProducerStateManager {
  private producers = new Map<bigint, ProducerStateEntry>();

  constructor(
    readonly dir: string,
    private readonly disk: DiskHooks,
  ) {}

  get activeProducers(): ReadonlyMap<bigint, ProducerStateEntry> {
    return this.producers;
  }

  /**
   * Checks the idempotent/transactional batches of a leader append against the state (and
   * against each other, in order). Returns the metadata of the original batch when the (single)
   * batch is a retry already in the log. Throws for a fenced epoch or a sequence gap.
   */
  checkAppend(headers: readonly BatchHeader[], fromCoordinator: boolean): BatchMetadata | undefined {
    const pending = new Map<bigint, { epoch: number; lastSeq: number; txn: boolean }>();
    for (const header of headers) {
      if (!header.hasProducerId) continue;
      const producerId = header.producerId;
      const epoch = header.producerEpoch;
      const entry = this.producers.get(producerId);
      const seen = pending.get(producerId);
      const currentEpoch = seen?.epoch ?? entry?.producerEpoch ?? NO_PRODUCER_EPOCH;
      if (header.isControl) {
        if (!fromCoordinator) continue;
        const marker = readEndTxnMarker(header);
        if (entry && marker.coordinatorEpoch < entry.coordinatorEpoch) {
          throw new TransactionCoordinatorFencedError(
            `transaction marker for producer ${producerId} has coordinator epoch ${marker.coordinatorEpoch}, older than ${entry.coordinatorEpoch}`,
          );
        }
        if (epoch < currentEpoch) {
          throw new InvalidProducerEpochError(
            `marker epoch ${epoch} of producer ${producerId} is older than ${currentEpoch}`,
          );
        }
        pending.set(producerId, { epoch, lastSeq: seen?.lastSeq ?? NO_SEQUENCE, txn: false });
        continue;
      }
      if (!seen && entry && epoch === entry.producerEpoch && headers.length === 1) {
        const duplicate = entry.batches.find(
          (b) => b.firstSeq === header.baseSequence && b.lastSeq === header.lastSequence,
        );
        if (duplicate) return duplicate;
      }
      if (epoch < currentEpoch) {
        throw new InvalidProducerEpochError(
          `epoch ${epoch} of producer ${producerId} is older than its current epoch ${currentEpoch}`,
        );
      }
      if (fromCoordinator) {
        // A coordinator's own transactional writes (offsets) carry no sequence numbers.
        pending.set(producerId, { epoch, lastSeq: NO_SEQUENCE, txn: header.isTransactional });
        continue;
      }
      const firstSeq = header.baseSequence;
      if (epoch !== currentEpoch) {
        if (firstSeq !== 0 && currentEpoch !== NO_PRODUCER_EPOCH) {
          throw new OutOfOrderSequenceError(
            `producer ${producerId} starts new epoch ${epoch} at sequence ${firstSeq}, expected 0`,
          );
        }
      } else {
        const lastSeq = seen?.lastSeq ?? entry?.batches[entry.batches.length - 1]?.lastSeq ?? NO_SEQUENCE;
        if (lastSeq !== NO_SEQUENCE && !inSequence(lastSeq, firstSeq)) {
          throw new OutOfOrderSequenceError(
            `out of order sequence for producer ${producerId} epoch ${epoch}: got ${firstSeq}, expected ${lastSeq + 1}`,
          );
        }
      }
      const inTxn = seen?.txn ?? (entry !== undefined && entry.currentTxnFirstOffset >= 0);
      if (!header.isTransactional && inTxn && epoch === currentEpoch) {
        throw new InvalidTxnStateError(
          `producer ${producerId} sent a non-transactional batch inside its ongoing transaction`,
        );
      }
      pending.set(producerId, { epoch, lastSeq: header.lastSequence, txn: header.isTransactional || inTxn });
    }
    return undefined;
  }

  /**
   * Applies an appended batch (offsets assigned). Returns the transaction it ended when the
   * batch is a transaction marker.
   */
  update(header: BatchHeader): CompletedTxn | undefined {
    if (!header.hasProducerId) return undefined;
    const producerId = header.producerId;
    const epoch = header.producerEpoch;
    let entry = this.producers.get(producerId);
    if (!entry) {
      entry = {
        producerId,
        producerEpoch: epoch,
        coordinatorEpoch: -1,
        currentTxnFirstOffset: -1,
        lastTimestamp: -1,
        batches: [],
      };
      this.producers.set(producerId, entry);
    }
    if (epoch > entry.producerEpoch) {
      entry.producerEpoch = epoch;
      entry.batches = [];
    }
    entry.lastTimestamp = header.maxTimestamp;
    if (header.isControl) {
      const marker = readEndTxnMarker(header);
      const completed: CompletedTxn = {
        producerId,
        firstOffset: entry.currentTxnFirstOffset >= 0 ? entry.currentTxnFirstOffset : header.baseOffset,
        lastOffset: header.baseOffset,
        isAborted: marker.type === 0,
      };
      entry.currentTxnFirstOffset = -1;
      entry.coordinatorEpoch = marker.coordinatorEpoch;
      return completed;
    }
    if (header.baseSequence !== NO_SEQUENCE) {
      entry.batches.push({
        firstSeq: header.baseSequence,
        lastSeq: header.lastSequence,
        firstOffset: header.baseOffset,
        lastOffset: header.lastOffset,
        timestamp: header.maxTimestamp,
      });
      if (entry.batches.length > NUM_BATCHES_TO_RETAIN) entry.batches.shift();
    }
    if (header.isTransactional && entry.currentTxnFirstOffset < 0)
      entry.currentTxnFirstOffset = header.baseOffset;
    return undefined;
  }

  /** First offset of the oldest ongoing transaction, or undefined when none is ongoing. */
  firstUnstableOffset(): number | undefined {
    let first: number | undefined;
    for (const entry of this.producers.values()) {
      if (entry.currentTxnFirstOffset >= 0 && (first === undefined || entry.currentTxnFirstOffset < first)) {
        first = entry.currentTxnFirstOffset;
      }
    }
    return first;
  }

  /** The LSO right after `completed` ended (recorded with an aborted transaction). */
  lastStableOffsetAfter(completed: CompletedTxn): number {
    return this.firstUnstableOffset() ?? completed.lastOffset + 1;
  }

  clear(): void {
    this.producers.clear();
  }

  /**
   * Forgets producers idle for longer than `expirationMs` (Kafka's producer.id.expiration.ms,
   * one day by default) that have no ongoing transaction. Returns how many were removed.
   */
  removeExpiredProducers(now: number, expirationMs: number): number {
    let removed = 0;
    for (const [producerId, entry] of this.producers) {
      if (entry.currentTxnFirstOffset < 0 && now - entry.lastTimestamp > expirationMs) {
        this.producers.delete(producerId);
        removed++;
      }
    }
    return removed;
  }

  // --- snapshots -------------------------------------------------------------------------

  /** Offsets of the snapshot files in the directory, ascending. */
  snapshotOffsets(): number[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .map((name) => parseOffsetFileName(name))
      .filter((p) => p !== undefined && p.suffix === SNAPSHOT_SUFFIX && p.transit === undefined)
      .map((p) => (p as { offset: number }).offset)
      .sort((a, b) => a - b);
  }

  /** Writes the state as of `offset`. */
  takeSnapshot(offset: number): void {
    const entries = [...this.producers.values()];
    const size = 10 + entries.reduce((sum, e) => sum + 35 + e.batches.length * 32, 0);
    const buf = Buffer.alloc(size);
    buf.writeInt16BE(SNAPSHOT_VERSION, 0);
    buf.writeInt32BE(entries.length, 6);
    let p = 10;
    for (const e of entries) {
      buf.writeBigInt64BE(e.producerId, p);
      buf.writeInt16BE(e.producerEpoch, p + 8);
      buf.writeInt32BE(e.coordinatorEpoch, p + 10);
      writeInt53(buf, e.currentTxnFirstOffset, p + 14);
      writeInt53(buf, e.lastTimestamp, p + 22);
      buf.writeInt8(e.batches.length, p + 30);
      p += 31;
      for (const b of e.batches) {
        buf.writeInt32BE(b.firstSeq, p);
        buf.writeInt32BE(b.lastSeq, p + 4);
        writeInt53(buf, b.firstOffset, p + 8);
        writeInt53(buf, b.lastOffset, p + 16);
        writeInt53(buf, b.timestamp, p + 24);
        p += 32;
      }
    }
    const used = buf.subarray(0, p);
    used.writeUInt32BE(crc32c(used.subarray(6)), 2);
    writeFileAtomically(snapshotFile(this.dir, offset), used, this.disk, false);
  }

  /**
   * Replaces the state with the latest valid snapshot at or below `maxOffset` and returns its
   * offset; damaged snapshots are deleted. Returns undefined (state empty) when there is none.
   */
  loadLatestSnapshot(maxOffset: number): number | undefined {
    const offsets = this.snapshotOffsets().filter((o) => o <= maxOffset);
    for (let i = offsets.length - 1; i >= 0; i--) {
      const offset = offsets[i] as number;
      const file = snapshotFile(this.dir, offset);
      const producers = parseSnapshot(readFileSync(file));
      if (producers) {
        this.producers = producers;
        return offset;
      }
      rmSync(file, { force: true });
    }
    this.producers.clear();
    return undefined;
  }

  /** Removes snapshots above `offset` (the log was truncated below them). */
  deleteSnapshotsAfter(offset: number): void {
    for (const o of this.snapshotOffsets())
      if (o > offset) rmSync(snapshotFile(this.dir, o), { force: true });
  }

  /** Removes snapshots below `offset` except the latest of them (the log start moved). */
  deleteSnapshotsBefore(offset: number): void {
    const below = this.snapshotOffsets().filter((o) => o < offset);
    for (const o of below.slice(0, -1)) rmSync(snapshotFile(this.dir, o), { force: true });
  }
}

function parseSnapshot(buf: Buffer): Map<bigint, ProducerStateEntry> | undefined {
  if (buf.length < 10 || buf.readInt16BE(0) !== SNAPSHOT_VERSION) return undefined;
  if (buf.readUInt32BE(2) !== crc32c(buf.subarray(6))) return undefined;
  const count = buf.readInt32BE(6);
  const producers = new Map<bigint, ProducerStateEntry>();
  let p = 10;
  try {
    for (let i = 0; i < count; i++) {
      const producerId = buf.readBigInt64BE(p);
      const entry: ProducerStateEntry = {
        producerId,
        producerEpoch: buf.readInt16BE(p + 8),
        coordinatorEpoch: buf.readInt32BE(p + 10),
        currentTxnFirstOffset: readInt53(buf, p + 14),
        lastTimestamp: readInt53(buf, p + 22),
        batches: [],
      };
      const batches = buf.readInt8(p + 30);
      p += 31;
      for (let j = 0; j < batches; j++) {
        entry.batches.push({
          firstSeq: buf.readInt32BE(p),
          lastSeq: buf.readInt32BE(p + 4),
          firstOffset: readInt53(buf, p + 8),
          lastOffset: readInt53(buf, p + 16),
          timestamp: readInt53(buf, p + 24),
        });
        p += 32;
      }
      producers.set(producerId, entry);
    }
  } catch {
    return undefined;
  }
  return p === buf.length ? producers : undefined;
}
