/**
 * CSV with a header row (RFC 4180 quoting by csv-stringify): topic, partition, offset, timestamp,
 * key, key_encoding, value, value_encoding, headers. A key or value is its text when its bytes are
 * valid UTF-8 (encoding `utf8`), base64 otherwise (`base64`), and empty with encoding `null` when
 * it is null, so empty and absent stay apart. `headers` holds the JSON Lines form of the headers.
 */
import { stringify } from 'csv-stringify/sync';
import type { ExportEncoder, RecordChunk } from './encoder.js';
import { headersJson, isText } from './record-json.js';

export const csvColumns = [
  'topic',
  'partition',
  'offset',
  'timestamp',
  'key',
  'key_encoding',
  'value',
  'value_encoding',
  'headers',
] as const;

function cell(bytes: Buffer | null): [text: string, encoding: string] {
  if (bytes === null) return ['', 'null'];
  return isText(bytes) ? [bytes.toString('utf8'), 'utf8'] : [bytes.toString('base64'), 'base64'];
}

export class CsvEncoder implements ExportEncoder {
  private headerWritten = false;

  constructor(private readonly topic: string) {}

  encode(chunks: readonly RecordChunk[]): Buffer[] {
    const rows: string[][] = [];
    if (!this.headerWritten) {
      rows.push([...csvColumns]);
      this.headerWritten = true;
    }
    for (const { partition, records } of chunks) {
      for (const r of records) {
        const [key, keyEncoding] = cell(r.key);
        const [value, valueEncoding] = cell(r.value);
        rows.push([
          this.topic,
          String(partition),
          String(r.offset),
          String(r.timestamp),
          key,
          keyEncoding,
          value,
          valueEncoding,
          headersJson(r.headers),
        ]);
      }
    }
    return rows.length === 0 ? [] : [Buffer.from(stringify(rows), 'utf8')];
  }

  finish(): Buffer[] {
    return this.headerWritten ? [] : this.encode([]);
  }
}
