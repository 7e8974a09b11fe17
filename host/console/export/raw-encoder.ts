/**
 * Raw values: each value's bytes and a newline, nothing else (a null value is an empty line), the
 * bytes `kcat -C -f '%s\n'` writes. Values that hold newlines cannot be told apart again: this
 * format is for reading and for tools, not for import.
 */
import type { ExportEncoder, RecordChunk } from './encoder.js';

const NEWLINE = Buffer.from('\n');

export class RawEncoder implements ExportEncoder {
  encode(chunks: readonly RecordChunk[]): Buffer[] {
    const parts: Buffer[] = [];
    for (const { records } of chunks) {
      for (const record of records) {
        if (record.value !== null && record.value.length > 0) parts.push(record.value);
        parts.push(NEWLINE);
      }
    }
    return parts.length === 0 ? [] : [Buffer.concat(parts)];
  }

  finish(): Buffer[] {
    return [];
  }
}
