/**
 * The ordered list of a log's segments (Kafka's LogSegments), found by offset.
 *
 * Invariants: sorted by base offset, base offsets distinct; the last segment is the active
 * one. Lookups are binary searches over the array: logs hold tens of segments, rarely thousands.
 */
import type { LogSegment } from './segment.js';

export class LogSegments {
  private list: LogSegment[] = [];

  get all(): readonly LogSegment[] {
    return this.list;
  }
  get count(): number {
    return this.list.length;
  }
  get active(): LogSegment | undefined {
    return this.list[this.list.length - 1];
  }
  get first(): LogSegment | undefined {
    return this.list[0];
  }

  add(segment: LogSegment): void {
    const i = this.indexAfter(segment.baseOffset);
    const before = this.list[i - 1];
    if (before && before.baseOffset === segment.baseOffset) this.list[i - 1] = segment;
    else this.list.splice(i, 0, segment);
  }

  remove(segment: LogSegment): void {
    const i = this.list.indexOf(segment);
    if (i >= 0) this.list.splice(i, 1);
  }

  /** Index of the first segment whose base offset is > `offset`. */
  private indexAfter(offset: number): number {
    let low = 0;
    let high = this.list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.list[mid] as LogSegment).baseOffset <= offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The segment that would hold `offset`: the last with base offset ≤ it. */
  floor(offset: number): LogSegment | undefined {
    return this.list[this.indexAfter(offset) - 1];
  }

  /** Segments from the one holding `offset` to the end. */
  from(offset: number): LogSegment[] {
    return this.list.slice(Math.max(0, this.indexAfter(offset) - 1));
  }

  /** The segment after `segment`, if any. */
  next(segment: LogSegment): LogSegment | undefined {
    return this.list[this.list.indexOf(segment) + 1];
  }

  get sizeInBytes(): number {
    return this.list.reduce((sum, s) => sum + s.size, 0);
  }
}
