/**
 * One segment of a partition log (Kafka's LogSegment): the `.log` file of RecordBatch v2 bytes,
 * batch after batch with nothing in between, plus its offset, time and transaction indexes.
 *
 * Invariants: batches are in offset order, all within [baseOffset, next segment's base);
 * `size` is the file's length and ends on a batch boundary (recovery truncates a torn tail);
 * the in-memory indexes cover every batch, their files may lag (see index-file.ts).
 *
 * Concurrency: single-threaded, synchronous file calls. A write that fails half-way (ENOSPC,
 * EIO) is truncated back to where it started before the error is reported, so the segment
 * never holds a partial batch it knows of.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import type { BatchHeader } from '../records/batch.js';
import {
  BatchHeader as HeaderView,
  BATCH_LENGTH_OFFSET,
  LOG_OVERHEAD,
  RECORD_BATCH_OVERHEAD,
} from '../records/batch.js';
import type { Offset } from '../types.js';
import { asOffset } from '../types.js';
import type { DiskHooks } from './disk-hooks.js';
import { KafkaStorageError } from './errors.js';
import { INDEX_SUFFIX, LOG_SUFFIX, segmentFile, TIME_INDEX_SUFFIX, TXN_INDEX_SUFFIX } from './file-names.js';
import { OffsetIndex } from './offset-index.js';
import { ScratchBuffer } from './scratch-buffer.js';
import { TimeIndex } from './time-index.js';
import { TxnIndex } from './txn-index.js';

/** Chunk read when scanning headers from an index entry: covers the default index interval. */
const HEADER_SCAN_CHUNK = 8 * 1024;
/** Cap of the one read a lookup makes between two index entries (a large index.interval.bytes). */
const MAX_FIRST_CHUNK = 256 * 1024;

const headerScratch = new ScratchBuffer();
/** Kafka's relative offsets are int32: a batch more than this past the base needs a new segment. */
export const MAX_RELATIVE_OFFSET = 0x7fff_ffff;

export interface SegmentSettings {
  readonly indexIntervalBytes: number;
  readonly segmentIndexBytes: number;
}

/** Where a batch lies in a segment, read from its header. */
export interface BatchLocation {
  readonly position: number;
  readonly size: number;
  readonly baseOffset: Offset;
  readonly lastOffset: Offset;
  readonly maxTimestamp: number;
  /** The batch's header fields, valid only during the visit (a view of a reused chunk). */
  readonly header: BatchHeader;
}

export class LogSegment {
  private fd: number;
  private bytes: number;
  private bytesSinceLastIndexEntry = 0;
  private maxTimestamp = -1;
  private offsetOfMaxTimestamp = -1;
  private next: Offset;
  private firstBatchTimestamp = -1;

  private constructor(
    readonly dir: string,
    readonly baseOffset: Offset,
    private logFile: string,
    private settings: SegmentSettings,
    readonly offsetIndex: OffsetIndex,
    readonly timeIndex: TimeIndex,
    readonly txnIndex: TxnIndex,
    /** When the segment was created or loaded: the segment.ms clock of an empty segment. */
    readonly createdMs: number,
  ) {
    this.fd = openSync(logFile, existsSync(logFile) ? 'r+' : 'w+');
    this.bytes = fstatSync(this.fd).size;
    this.next = baseOffset;
  }

  /** A new, empty segment starting at `baseOffset`. */
  static create(
    dir: string,
    baseOffset: Offset,
    settings: SegmentSettings,
    now: number,
    suffix = '',
  ): LogSegment {
    const file = (kind: string) => segmentFile(dir, baseOffset, kind) + suffix;
    rmSync(file(LOG_SUFFIX), { force: true });
    return new LogSegment(
      dir,
      baseOffset,
      file(LOG_SUFFIX),
      settings,
      OffsetIndex.create(file(INDEX_SUFFIX), baseOffset, settings.segmentIndexBytes),
      TimeIndex.create(file(TIME_INDEX_SUFFIX), baseOffset, settings.segmentIndexBytes),
      new TxnIndex(file(TXN_INDEX_SUFFIX)),
      now,
    );
  }

  /**
   * Opens an existing segment. With `trusted`, its indexes are loaded and only the bytes after
   * the last offset-index entry are scanned; a missing or damaged index (or `trusted` false)
   * means the caller must `recover()` it, which `needsRecovery` reports.
   */
  static open(
    dir: string,
    baseOffset: Offset,
    settings: SegmentSettings,
    now: number,
    trusted: boolean,
    suffix = '',
  ): { segment: LogSegment; needsRecovery: boolean } {
    const log = segmentFile(dir, baseOffset, LOG_SUFFIX) + suffix;
    const indexFile = segmentFile(dir, baseOffset, INDEX_SUFFIX) + suffix;
    const timeFile = segmentFile(dir, baseOffset, TIME_INDEX_SUFFIX) + suffix;
    const txnFile = segmentFile(dir, baseOffset, TXN_INDEX_SUFFIX) + suffix;
    const logSize = existsSync(log) ? fstatSafe(log) : 0;
    const offsetIndex = trusted
      ? OffsetIndex.load(indexFile, baseOffset, settings.segmentIndexBytes, Math.max(1, logSize))
      : undefined;
    const txnIndex = trusted ? TxnIndex.load(txnFile) : undefined;
    const fresh = !offsetIndex || !txnIndex;
    const segment = new LogSegment(
      dir,
      baseOffset,
      log,
      settings,
      offsetIndex ?? OffsetIndex.create(indexFile, baseOffset, settings.segmentIndexBytes),
      TimeIndex.create(timeFile, baseOffset, settings.segmentIndexBytes),
      txnIndex ?? new TxnIndex(txnFile),
      now,
    );
    if (fresh) return { segment, needsRecovery: true };
    // The first batch's timestamp (segment.ms), then offsets and timestamps after the last
    // index entry: a short header scan.
    segment.scanHeaders(0, (first) => {
      segment.firstBatchTimestamp = first.maxTimestamp;
      return false;
    });
    const last = segment.offsetIndex.lastEntry();
    let ok = true;
    segment.scanHeaders(
      last?.position ?? 0,
      (location) => {
        segment.noteBatch(location.lastOffset, location.maxTimestamp);
        segment.next = asOffset(location.lastOffset + 1);
        return true;
      },
      () => {
        ok = false;
      },
    );
    segment.bytesSinceLastIndexEntry = segment.bytes - (last?.position ?? 0);
    const timeIndex = TimeIndex.load(timeFile, baseOffset, settings.segmentIndexBytes, segment.next);
    if (!ok || !timeIndex) return { segment, needsRecovery: true };
    segment.adoptTimeIndex(timeIndex);
    return { segment, needsRecovery: false };
  }

  private adoptTimeIndex(loaded: TimeIndex): void {
    (this as { timeIndex: TimeIndex }).timeIndex = loaded;
    const last = loaded.lastEntry();
    if (last && last.timestamp > this.maxTimestamp) {
      this.maxTimestamp = last.timestamp;
      this.offsetOfMaxTimestamp = last.offset;
    }
  }

  get file(): string {
    return this.logFile;
  }
  /** Bytes in the .log file. */
  get size(): number {
    return this.bytes;
  }
  /** Offset after the last batch; the base offset while empty. */
  get nextOffset(): Offset {
    return this.next;
  }
  /** Largest batch timestamp in the segment, -1 when none. */
  get largestTimestamp(): number {
    return this.maxTimestamp;
  }
  /** The time segment.ms counts from: the first batch's timestamp, else the creation time. */
  get rollingBasedTimestamp(): number {
    return this.firstBatchTimestamp >= 0 ? this.firstBatchTimestamp : this.createdMs;
  }
  isEmpty(): boolean {
    return this.bytes === 0;
  }
  updateSettings(settings: SegmentSettings): void {
    this.settings = settings;
  }

  private noteBatch(lastOffset: number, maxTimestamp: number): void {
    if (this.firstBatchTimestamp < 0) this.firstBatchTimestamp = maxTimestamp;
    if (maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = maxTimestamp;
      this.offsetOfMaxTimestamp = lastOffset;
    }
  }

  /**
   * Appends batches (already validated, offsets assigned) as one write. `headers` are views into
   * `records`, whose positions are relative to the start of `records`.
   */
  append(records: Buffer, headers: readonly BatchHeader[], disk: DiskHooks): void {
    const start = this.bytes;
    disk.beforeWrite(this.logFile, records.length);
    try {
      let written = 0;
      while (written < records.length) {
        written += writeSync(this.fd, records, written, records.length - written, start + written);
      }
    } catch (error) {
      this.truncateFileTo(start);
      throw new KafkaStorageError(`cannot append to ${this.logFile}: ${(error as Error).message}`, error);
    }
    for (const header of headers) {
      const lastOffset = header.lastOffset;
      this.noteBatch(lastOffset, header.maxTimestamp);
      if (this.bytesSinceLastIndexEntry > this.settings.indexIntervalBytes) {
        this.offsetIndex.append(lastOffset, start + header.position);
        this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
        this.bytesSinceLastIndexEntry = 0;
      }
      this.bytesSinceLastIndexEntry += header.sizeInBytes;
    }
    this.bytes = start + records.length;
    const last = headers[headers.length - 1];
    if (last) this.next = last.nextOffset;
  }

  private truncateFileTo(size: number): void {
    try {
      ftruncateSync(this.fd, size);
    } catch {
      // The file stays longer than `bytes`; recovery truncates it on the next open.
    }
  }

  /** Reads `length` bytes at `position` (fewer at the end of the file) into a new buffer. */
  readAt(position: number, length: number): Buffer {
    return this.readInto(Buffer.allocUnsafe(Math.max(0, Math.min(length, this.bytes - position))), position);
  }

  /** Fills `buffer` (or its first `length` bytes) from `position`; returns the filled part. */
  readInto(buffer: Buffer, position: number, length = buffer.length): Buffer {
    const wanted = Math.max(0, Math.min(length, buffer.length, this.bytes - position));
    let read = 0;
    while (read < wanted) {
      const n = readSync(this.fd, buffer, read, wanted - read, position + read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  }

  /**
   * Visits batch headers from `position` to the end (or until `visit` returns false), reading
   * the file in chunks, the first `firstChunk` bytes long. `onTornTail` is told when the bytes
   * left cannot hold the next batch.
   */
  scanHeaders(
    position: number,
    visit: (location: BatchLocation) => boolean,
    onTornTail?: () => void,
    firstChunk = HEADER_SCAN_CHUNK,
  ): void {
    headerScratch.use(Math.max(HEADER_SCAN_CHUNK, firstChunk), (scratch) => {
      let chunkLength = firstChunk;
      let chunk: Buffer = scratch.subarray(0, 0);
      let chunkStart = position;
      while (position < this.bytes) {
        if (position + RECORD_BATCH_OVERHEAD > chunkStart + chunk.length) {
          chunk = this.readInto(scratch, position, chunkLength);
          chunkLength = HEADER_SCAN_CHUNK;
          chunkStart = position;
          if (chunk.length < RECORD_BATCH_OVERHEAD) {
            onTornTail?.();
            return;
          }
        }
        const header = new HeaderView(chunk, position - chunkStart);
        const size = header.sizeInBytes;
        if (size < RECORD_BATCH_OVERHEAD || position + size > this.bytes) {
          onTornTail?.();
          return;
        }
        const location = {
          position,
          size,
          baseOffset: header.baseOffset,
          lastOffset: header.lastOffset,
          maxTimestamp: header.maxTimestamp,
          header,
        };
        if (!visit(location)) return;
        position += size;
      }
    });
  }

  /**
   * The batch holding `offset`, or the first batch after it; undefined when none is. One read
   * usually suffices: the index brackets the batch's header between two entries.
   */
  locate(offset: number): BatchLocation | undefined {
    const range = this.offsetIndex.lookupRange(offset);
    const firstChunk =
      range.nextPosition === undefined
        ? HEADER_SCAN_CHUNK
        : Math.min(MAX_FIRST_CHUNK, range.nextPosition + RECORD_BATCH_OVERHEAD - range.position);
    let found: BatchLocation | undefined;
    this.scanHeaders(
      range.position,
      (location) => {
        if (location.lastOffset < offset) return true;
        found = location;
        return false;
      },
      undefined,
      firstChunk,
    );
    return found;
  }

  /**
   * Whole batches from the one holding `startOffset`, at most `maxBytes` (but the first batch
   * whatever its size when `minOneMessage`), none whose last offset is ≥ `maxOffset`. Undefined
   * when the segment has no batch at or after `startOffset`.
   */
  read(startOffset: number, maxBytes: number, maxOffset: number, minOneMessage: boolean): Buffer | undefined {
    const first = this.locate(startOffset);
    if (!first) return undefined;
    if (first.lastOffset >= maxOffset) return Buffer.alloc(0);
    if (first.size > maxBytes)
      return minOneMessage ? this.readAt(first.position, first.size) : Buffer.alloc(0);
    const bytes = this.readAt(first.position, Math.min(maxBytes, this.bytes - first.position));
    let end = 0;
    while (end + LOG_OVERHEAD <= bytes.length) {
      const size = bytes.readInt32BE(end + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
      if (end + size > bytes.length) break;
      if (new HeaderView(bytes, end).lastOffset >= maxOffset) break;
      end += size;
    }
    return bytes.subarray(0, end);
  }

  /** Forgets indexes and tail state before a full rebuild (recovery). */
  beginRebuild(): void {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.txnIndex.reset();
    this.bytesSinceLastIndexEntry = 0;
    this.maxTimestamp = -1;
    this.offsetOfMaxTimestamp = -1;
    this.firstBatchTimestamp = -1;
    this.next = this.baseOffset;
  }

  /** Indexes a batch found valid at `position` during a rebuild, as an append would have. */
  indexRecoveredBatch(header: BatchHeader, position: number): void {
    this.noteBatch(header.lastOffset, header.maxTimestamp);
    if (this.bytesSinceLastIndexEntry > this.settings.indexIntervalBytes) {
      this.offsetIndex.append(header.lastOffset, position);
      this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
      this.bytesSinceLastIndexEntry = 0;
    }
    this.bytesSinceLastIndexEntry += header.sizeInBytes;
    this.next = header.nextOffset;
  }

  /** Cuts the file at `position` (the end of the valid batches) after a rebuild. */
  truncateTail(position: number): void {
    if (position >= this.bytes) return;
    this.truncateFileTo(position);
    this.bytes = position;
  }

  /**
   * Removes the batch holding `offset` and everything after it. Returns the bytes removed.
   * Example: batches [10..14][15..19][20..24]; truncateTo(15) keeps [10..14], nextOffset 15;
   * truncateTo(17) also keeps only [10..14] (a batch is never split).
   */
  truncateTo(offset: number): number {
    const location = this.locate(offset);
    if (!location) return 0;
    const removed = this.bytes - location.position;
    this.truncateFileTo(location.position);
    this.bytes = location.position;
    this.offsetIndex.truncateToPosition(location.position);
    this.timeIndex.truncateTo(location.baseOffset);
    this.txnIndex.truncateTo(location.baseOffset);
    // Rebuild the tail state from the last index entry: next offset, largest timestamp, bytes
    // since the last entry.
    const last = this.offsetIndex.lastEntry();
    const timeEntry = this.timeIndex.lastEntry();
    this.maxTimestamp = timeEntry?.timestamp ?? -1;
    this.offsetOfMaxTimestamp = timeEntry?.offset ?? -1;
    this.next = this.baseOffset;
    this.bytesSinceLastIndexEntry = this.bytes - (last?.position ?? 0);
    if (this.bytes === 0) this.firstBatchTimestamp = -1;
    this.scanHeaders(last?.position ?? 0, (l) => {
      this.noteBatch(l.lastOffset, l.maxTimestamp);
      this.next = asOffset(l.lastOffset + 1);
      return true;
    });
    return removed;
  }

  /** Writes the indexes, and when `sync` fsyncs the log and index files. */
  flush(disk: DiskHooks, sync: boolean): void {
    this.offsetIndex.flush(disk, sync);
    this.timeIndex.flush(disk, sync);
    this.txnIndex.flush(disk, sync);
    if (sync) {
      try {
        fsyncSync(this.fd);
      } catch (error) {
        throw new KafkaStorageError(`cannot fsync ${this.logFile}: ${(error as Error).message}`, error);
      }
    }
  }

  /** Adds the final time index entry of a segment that stops being active (Kafka does the same on roll). */
  onBecomeInactive(): void {
    if (this.maxTimestamp >= 0) this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
  }

  /** Renames all files by adding (or, with '', removing) a transit suffix such as `.deleted`. */
  changeSuffix(from: string, to: string): void {
    const rename = (file: string) => file.slice(0, file.length - from.length) + to;
    const log = rename(this.logFile);
    if (existsSync(this.logFile)) renameSync(this.logFile, log);
    this.logFile = log;
    this.offsetIndex.renameTo(rename(this.offsetIndex.file));
    this.timeIndex.renameTo(rename(this.timeIndex.file));
    this.txnIndex.renameTo(rename(this.txnIndex.file));
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  deleteFiles(): void {
    this.close();
    rmSync(this.logFile, { force: true });
    this.offsetIndex.deleteFile();
    this.timeIndex.deleteFile();
    this.txnIndex.deleteFile();
  }
}

function fstatSafe(file: string): number {
  const fd = openSync(file, 'r');
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}
