/**
 * Parquet through hyparquet-writer, row group by row group: records collect in columns until a
 * row group is full (ROW_GROUP_RECORDS records, or ROW_GROUP_BYTES of keys and values), which is
 * then encoded (snappy pages) and handed out as bytes; the footer follows the last group.
 *
 * Schema (Parquet holds bytes as they are, so no text/base64 distinction is needed):
 *   topic      string      required
 *   partition  int32       required
 *   offset     int64       required
 *   timestamp  int64 (TIMESTAMP_MILLIS)  required
 *   key        binary      optional (null key)
 *   value      binary      optional (null value)
 *   headers    list<struct<key: string, value: binary optional>>  required (possibly empty)
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { RecordHeader } from '../../../engine/records/record.js';
import type { ExportEncoder, RecordChunk } from './encoder.js';

const ROW_GROUP_RECORDS = 50_000;
const ROW_GROUP_BYTES = 32 * 1024 * 1024;

export const parquetSchema = [
  { name: 'root', num_children: 7 },
  { name: 'topic', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  { name: 'partition', type: 'INT32', repetition_type: 'REQUIRED' },
  { name: 'offset', type: 'INT64', repetition_type: 'REQUIRED' },
  { name: 'timestamp', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'REQUIRED' },
  { name: 'key', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
  { name: 'value', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
  { name: 'headers', converted_type: 'LIST', repetition_type: 'REQUIRED', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'REQUIRED', num_children: 2 },
  { name: 'key', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  { name: 'value', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
] as const;

interface Columns {
  partition: number[];
  offset: bigint[];
  timestamp: bigint[];
  key: (Uint8Array | null)[];
  value: (Uint8Array | null)[];
  headers: RecordHeader[][];
}

const emptyColumns = (): Columns => ({
  partition: [],
  offset: [],
  timestamp: [],
  key: [],
  value: [],
  headers: [],
});

export class ParquetEncoder implements ExportEncoder {
  private readonly writer = new ByteWriter();
  private readonly parquet: ParquetWriter;
  private columns = emptyColumns();
  private bytes = 0;

  constructor(private readonly topic: string) {
    this.parquet = new ParquetWriter({
      writer: this.writer,
      schema: parquetSchema.map((element) => ({ ...element })),
      createdBy: 'brokerlab',
    });
  }

  encode(chunks: readonly RecordChunk[]): Buffer[] {
    const out: Buffer[] = [];
    for (const { partition, records } of chunks) {
      for (const r of records) {
        const c = this.columns;
        c.partition.push(partition);
        c.offset.push(BigInt(r.offset));
        c.timestamp.push(BigInt(r.timestamp));
        c.key.push(r.key);
        c.value.push(r.value);
        c.headers.push(r.headers as RecordHeader[]);
        this.bytes += (r.key?.length ?? 0) + (r.value?.length ?? 0);
        if (c.partition.length >= ROW_GROUP_RECORDS || this.bytes >= ROW_GROUP_BYTES) {
          this.writeRowGroup();
          out.push(this.take());
        }
      }
    }
    // The PAR1 magic the writer starts with goes out with the first row group.
    return out;
  }

  finish(): Buffer[] {
    if (this.columns.partition.length > 0) this.writeRowGroup();
    void this.parquet.finish();
    return [this.take()];
  }

  private writeRowGroup(): void {
    const c = this.columns;
    const rows = c.partition.length;
    void this.parquet.write({
      columnData: [
        { name: 'topic', data: new Array<string>(rows).fill(this.topic) },
        { name: 'partition', data: Int32Array.from(c.partition) },
        { name: 'offset', data: BigInt64Array.from(c.offset) },
        { name: 'timestamp', data: BigInt64Array.from(c.timestamp) },
        { name: 'key', data: c.key },
        { name: 'value', data: c.value },
        { name: 'headers', data: c.headers },
      ],
      rowGroupSize: rows,
    });
    this.columns = emptyColumns();
    this.bytes = 0;
  }

  /** The bytes encoded since the last call; the writer's buffer is reused. */
  private take(): Buffer {
    const bytes = Buffer.from(new Uint8Array(this.writer.buffer, 0, this.writer.index));
    this.writer.index = 0;
    return bytes;
  }
}
