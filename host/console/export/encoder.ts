/**
 * Export formats as encoders: records in, the file's bytes out, chunk by chunk, so an export
 * holds one read round in memory whatever the size of the topic. The formats themselves are
 * described in host/api/schemas/transfer.ts.
 */
import type { LogRecord } from '../../../engine/records/record.js';
import type { ExportFormat } from '../../api/schemas/transfer.js';
import type { DecodedParts } from '../../schema-registry/decoder.js';
import { CsvEncoder } from './csv-encoder.js';
import { JsonLinesEncoder } from './jsonl-encoder.js';
import { ParquetEncoder } from './parquet-encoder.js';
import { RawEncoder } from './raw-encoder.js';

/** Records of one partition, in offset order. */
export interface RecordChunk {
  readonly partition: number;
  readonly records: readonly LogRecord[];
  /** With `export --decode`: each record's decoded key and value, in the same order (JSON Lines writes them). */
  readonly decoded?: readonly DecodedParts[];
}

export interface ExportEncoder {
  /** The bytes of these records (Parquet holds them back until a row group is full). */
  encode(chunks: readonly RecordChunk[]): Buffer[];
  /** What ends the file: a CSV header when no record came, Parquet's last row group and footer. */
  finish(): Buffer[];
}

export function encoderFor(format: ExportFormat, topic: string): ExportEncoder {
  switch (format) {
    case 'jsonl':
      return new JsonLinesEncoder(topic);
    case 'csv':
      return new CsvEncoder(topic);
    case 'raw':
      return new RawEncoder();
    case 'parquet':
      return new ParquetEncoder(topic);
  }
}

/** The usual file name ending of a format. */
export function formatExtension(format: ExportFormat, gzip: boolean): string {
  return `.${format === 'raw' ? 'txt' : format}${gzip ? '.gz' : ''}`;
}
