/**
 * Every node's replay of the committed metadata log into its metadata image (Kafka's
 * MetadataLoader): on start the newest snapshot, then each batch below the quorum's high
 * watermark as it commits, whole batches at a time. Publishers hear of every change with the
 * offset of the record that made it, or of a whole new image (after a snapshot was loaded).
 *
 * Snapshots: once `metadata.log.max.record.bytes.between.snapshots` bytes of records have been
 * applied since the last one, the node writes a snapshot of its image at the applied offset and
 * the log's prefix goes, so a restart replays at most that many bytes after the snapshot.
 */
import type { ClusterSettings } from '../config.js';
import type { RaftNode } from '../raft/raft-node.js';
import { decodeSnapshot, encodeSnapshot } from '../raft/metadata-log.js';
import { MetadataImage, type MetadataChange } from './image.js';
import { decodeMetadataRecord, encodeMetadataRecord } from './records.js';

export interface OffsetChange {
  /** Offset of the metadata record that made the change. */
  readonly offset: number;
  readonly change: MetadataChange;
}

/** Receives the image after each step: with the changes of that step, or null for a whole new image. */
export type MetadataPublisher = (image: MetadataImage, changes: readonly OffsetChange[] | null) => void;

export class MetadataLoader {
  private current = new MetadataImage();
  private lastEpoch = 0;
  private bytesSinceSnapshot = 0;
  private readonly publishers = new Set<MetadataPublisher>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly raft: RaftNode,
    private readonly settings: ClusterSettings,
  ) {}

  get image(): MetadataImage {
    return this.current;
  }

  /** Offset of the next record to apply: every committed record before it is in the image. */
  get offset(): number {
    return this.current.offset;
  }

  subscribe(publisher: MetadataPublisher): () => void {
    this.publishers.add(publisher);
    return () => this.publishers.delete(publisher);
  }

  /** Loads the newest snapshot and starts following commits. */
  start(): void {
    this.loadSnapshot();
    this.unsubscribe.push(
      this.raft.onCommit((hw) => this.catchUp(hw)),
      this.raft.onSnapshotInstalled(() => {
        this.loadSnapshot();
        this.publish(null);
      }),
    );
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe.length = 0;
  }

  private loadSnapshot(): void {
    const log = this.raft.raftLog;
    const id = log.latestSnapshot();
    const payload = id ? log.readSnapshot(id) : null;
    if (!id || !payload) return;
    this.current = MetadataImage.fromSnapshot(
      decodeSnapshot(payload).map(decodeMetadataRecord),
      id.endOffset,
    );
    this.lastEpoch = id.epoch;
    this.bytesSinceSnapshot = 0;
  }

  private catchUp(highWatermark: number): void {
    const log = this.raft.raftLog;
    if (this.current.offset < log.startOffset) return;
    const changes: OffsetChange[] = [];
    for (const batch of log.readBatches(this.current.offset, highWatermark)) {
      if (batch.lastOffset >= highWatermark) break;
      batch.values.forEach((value, i) => {
        const offset = batch.baseOffset + i;
        changes.push({ offset, change: this.current.apply(decodeMetadataRecord(value), offset) });
        this.bytesSinceSnapshot += value.length;
      });
      this.current.advanceTo(batch.lastOffset + 1);
      this.lastEpoch = batch.epoch;
    }
    if (changes.length === 0) return;
    this.publish(changes);
    if (this.bytesSinceSnapshot >= this.settings.metadataMaxBytesBetweenSnapshots) this.snapshot();
  }

  private snapshot(): void {
    const payload = encodeSnapshot(this.current.toRecords().map(encodeMetadataRecord));
    this.raft.raftLog.createSnapshot({ endOffset: this.current.offset, epoch: this.lastEpoch }, payload);
    this.bytesSinceSnapshot = 0;
  }

  private publish(changes: readonly OffsetChange[] | null): void {
    for (const publisher of [...this.publishers]) publisher(this.current, changes);
  }
}
