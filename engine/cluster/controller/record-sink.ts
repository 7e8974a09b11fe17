/**
 * Where a controller operation writes its records. Each record is applied to the active
 * controller's working image as it is added, so the operation's later decisions see its earlier
 * records (fence the broker, then elect leaders without it). The records of one operation are
 * appended to the metadata log as one batch: all or nothing.
 *
 * Convention: an operation validates first and adds records after; if it throws after adding,
 * the controller discards its working image and rebuilds it from the log.
 */
import type { MetadataChange, MetadataImage } from '../metadata/image.js';
import type { MetadataRecord } from '../metadata/records.js';

export class RecordSink {
  readonly records: MetadataRecord[] = [];

  constructor(
    readonly image: MetadataImage,
    /** Offset the first added record will have in the metadata log. */
    readonly startOffset: number,
  ) {}

  /** Offset the next added record will have (the broker epoch of a RegisterBroker, for one). */
  get nextOffset(): number {
    return this.startOffset + this.records.length;
  }

  add(record: MetadataRecord): MetadataChange {
    const change = this.image.apply(record, this.nextOffset);
    this.records.push(record);
    return change;
  }
}
