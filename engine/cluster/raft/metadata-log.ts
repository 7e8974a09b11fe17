/**
 * The quorum's log on disk: `__cluster_metadata-0`, a real partition log (engine/storage) whose
 * batches are uncompressed RecordBatches stamped with the raft epoch, each record's value one
 * metadata entry (key null). Snapshots sit beside the segments, named as KRaft names them:
 *
 *   <dir>/00000000000000000000.log ...               the log (PartitionLog's files)
 *   <dir>/00000000000000000123-0000000002.checkpoint  snapshot of every entry before offset 123,
 *                                                     whose last entry has epoch 2
 *
 * A snapshot file holds uncompressed RecordBatches of entries (the same encoding as the log);
 * it is written to `.checkpoint.part`, fsynced and renamed. Only the newest snapshot is kept, and
 * once it is durable the log's prefix before its end offset is deleted, so the log start offset
 * is 0 or the newest snapshot's end offset, and a restart replays the snapshot plus the tail.
 *
 * The metadata log is its own disk (Kafka's `metadata.log.dir`): data-disk faults do not touch it.
 */
import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { batchesOf } from '../../records/batch.js';
import { decodeUncompressedBatchRecords, encodeUncompressedBatch } from '../../records/codec.js';
import { parseLogConfig } from '../../storage/log-config.js';
import { PartitionLog } from '../../storage/log.js';
import { asLeaderEpoch, asOffset } from '../../types.js';
import type { Clock } from '../../util/clock.js';
import type { OffsetAndEpoch, SnapshotId } from './messages.js';
import type { RaftBatch, RaftLog } from './raft-log.js';

export const METADATA_TOPIC = '__cluster_metadata';
export const METADATA_LOG_DIR = `${METADATA_TOPIC}-0`;

const SNAPSHOT_SUFFIX = '.checkpoint';
const SNAPSHOT_NAME = /^(\d{20})-(\d{10})\.checkpoint$/;

function snapshotName(id: SnapshotId): string {
  return `${String(id.endOffset).padStart(20, '0')}-${String(id.epoch).padStart(10, '0')}${SNAPSHOT_SUFFIX}`;
}

/** Encodes entries as the batches a snapshot file holds (one batch per `perBatch` entries). */
export function encodeSnapshot(values: readonly Buffer[], perBatch = 500): Buffer {
  const batches: Buffer[] = [];
  for (let i = 0; i < values.length; i += perBatch) {
    const slice = values.slice(i, i + perBatch);
    batches.push(
      encodeUncompressedBatch({ baseOffset: i, records: slice.map((value) => ({ key: null, value })) }),
    );
  }
  return Buffer.concat(batches);
}

export function decodeSnapshot(payload: Buffer): Buffer[] {
  const values: Buffer[] = [];
  for (const header of batchesOf(payload)) {
    for (const record of decodeUncompressedBatchRecords(header)) if (record.value) values.push(record.value);
  }
  return values;
}

export class MetadataLog implements RaftLog {
  private snapshot: SnapshotId | null;

  private constructor(
    private readonly dir: string,
    private readonly log: PartitionLog,
  ) {
    this.snapshot = this.findSnapshots().at(-1) ?? null;
    const snapshot = this.snapshot;
    if (!snapshot) return;
    // A crash can come between writing a snapshot and trimming the log: finish the trim.
    if (log.logEndOffset < snapshot.endOffset) {
      log.truncateFullyAndStartAt(asOffset(snapshot.endOffset));
    } else if (log.logStartOffset < snapshot.endOffset) {
      log.updateHighWatermark(asOffset(snapshot.endOffset));
      log.deleteRecordsBefore(asOffset(snapshot.endOffset));
    }
  }

  /** Opens `<brokerDir>/__cluster_metadata-0`, recovering the log and finding the newest snapshot. */
  static open(brokerDir: string, options: { segmentBytes: number; time?: Clock }): MetadataLog {
    const dir = join(brokerDir, METADATA_LOG_DIR);
    const log = PartitionLog.open({
      dir,
      tp: { topic: METADATA_TOPIC, partition: 0 },
      config: parseLogConfig({
        'segment.bytes': String(options.segmentBytes),
        'retention.ms': '-1',
        'retention.bytes': '-1',
      }),
      ...(options.time ? { time: options.time } : {}),
    });
    return new MetadataLog(dir, log);
  }

  get startOffset(): number {
    return this.log.logStartOffset;
  }

  get endOffset(): number {
    return this.log.logEndOffset;
  }

  /** Bytes of the log's segments (snapshots not counted). */
  get sizeInBytes(): number {
    return this.log.size;
  }

  lastFetchedEpoch(): number {
    if (this.log.logEndOffset > this.log.logStartOffset) {
      const epoch = this.log.latestEpoch();
      if (epoch !== -1) return epoch;
    }
    return this.snapshot?.epoch ?? 0;
  }

  endOffsetForEpoch(epoch: number): OffsetAndEpoch {
    if (this.log.logEndOffset === this.log.logStartOffset && this.snapshot && epoch >= this.snapshot.epoch) {
      return { epoch: this.snapshot.epoch, offset: this.snapshot.endOffset };
    }
    const end = this.log.endOffsetForEpoch(asLeaderEpoch(epoch));
    return { epoch: end.epoch, offset: end.endOffset };
  }

  appendAsLeader(values: readonly Buffer[], epoch: number): { firstOffset: number; lastOffset: number } {
    const batch = encodeUncompressedBatch({ records: values.map((value) => ({ key: null, value })) });
    const info = this.log.appendAsLeader(batch, asLeaderEpoch(epoch));
    return { firstOffset: info.firstOffset, lastOffset: info.lastOffset };
  }

  appendAsFollower(batches: readonly Buffer[]): void {
    for (const batch of batches) this.log.appendAsFollower(batch);
  }

  read(offset: number, maxBytes: number): Buffer[] {
    if (offset >= this.log.logEndOffset) return [];
    return [...this.log.read(asOffset(offset), maxBytes, { minOneMessage: true }).records];
  }

  readBatches(from: number, to: number): RaftBatch[] {
    const result: RaftBatch[] = [];
    let offset = Math.max(from, this.log.logStartOffset);
    const end = Math.min(to, this.log.logEndOffset);
    while (offset < end) {
      const chunk = this.log.read(asOffset(offset), 1 << 20, {
        minOneMessage: true,
        maxOffset: asOffset(end),
      });
      if (chunk.records.length === 0) break;
      for (const buffer of chunk.records) {
        for (const header of batchesOf(buffer)) {
          if (header.baseOffset >= end) break;
          if (header.nextOffset <= offset) continue;
          const values = decodeUncompressedBatchRecords(header).map((r) => r.value ?? Buffer.alloc(0));
          result.push({
            baseOffset: header.baseOffset,
            lastOffset: header.lastOffset,
            epoch: header.partitionLeaderEpoch,
            values,
          });
          offset = header.nextOffset;
        }
      }
    }
    return result;
  }

  truncateTo(offset: number): void {
    this.log.truncateTo(asOffset(offset));
  }

  updateHighWatermark(offset: number): void {
    this.log.updateHighWatermark(asOffset(offset));
  }

  flush(): void {
    this.log.flush();
  }

  latestSnapshot(): SnapshotId | null {
    return this.snapshot;
  }

  readSnapshot(id: SnapshotId): Buffer | null {
    if (!this.snapshot || this.snapshot.endOffset !== id.endOffset || this.snapshot.epoch !== id.epoch)
      return null;
    return readFileSync(join(this.dir, snapshotName(id)));
  }

  createSnapshot(id: SnapshotId, payload: Buffer): void {
    if (this.snapshot && id.endOffset <= this.snapshot.endOffset) return;
    this.writeSnapshotFile(id, payload);
    this.log.updateHighWatermark(asOffset(Math.max(this.log.highWatermark, id.endOffset)));
    this.log.deleteRecordsBefore(asOffset(id.endOffset));
  }

  installSnapshot(id: SnapshotId, payload: Buffer): void {
    this.writeSnapshotFile(id, payload);
    this.log.truncateFullyAndStartAt(asOffset(id.endOffset));
  }

  close(): void {
    this.log.close();
  }

  private writeSnapshotFile(id: SnapshotId, payload: Buffer): void {
    const file = join(this.dir, snapshotName(id));
    const part = `${file}.part`;
    writeFileSync(part, payload);
    const fd = openSync(part, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(part, file);
    const previous = this.findSnapshots().filter((s) => s.endOffset !== id.endOffset || s.epoch !== id.epoch);
    this.snapshot = id;
    for (const old of previous) rmSync(join(this.dir, snapshotName(old)), { force: true });
  }

  private findSnapshots(): SnapshotId[] {
    const ids: SnapshotId[] = [];
    for (const name of readdirSync(this.dir)) {
      const match = SNAPSHOT_NAME.exec(name);
      if (match) ids.push({ endOffset: Number(match[1]), epoch: Number(match[2]) });
      else if (name.endsWith(`${SNAPSHOT_SUFFIX}.part`)) rmSync(join(this.dir, name), { force: true });
    }
    return ids.sort((a, b) => a.endOffset - b.endOffset);
  }
}
