/** JSON Lines: one object per record (see record-json.ts), one string per round. */
import type { ExportEncoder, RecordChunk } from './encoder.js';
import { linePrefix, recordLine } from './record-json.js';

export class JsonLinesEncoder implements ExportEncoder {
  private readonly prefix: string;

  constructor(topic: string) {
    this.prefix = linePrefix(topic);
  }

  encode(chunks: readonly RecordChunk[]): Buffer[] {
    let text = '';
    for (const { partition, records } of chunks) {
      for (const record of records) text += recordLine(this.prefix, partition, record);
    }
    return text.length === 0 ? [] : [Buffer.from(text, 'utf8')];
  }

  finish(): Buffer[] {
    return [];
  }
}
