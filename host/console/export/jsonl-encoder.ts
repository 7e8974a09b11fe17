/** JSON Lines: one object per record (see record-json.ts), written as bytes (json-bytes.ts), one chunk per round. */
import type { ExportEncoder, RecordChunk } from './encoder.js';
import { ByteBuilder } from './json-bytes.js';
import { linePrefix } from './record-json.js';

export class JsonLinesEncoder implements ExportEncoder {
  private readonly prefix: string;
  private readonly out = new ByteBuilder();

  constructor(topic: string) {
    this.prefix = linePrefix(topic);
  }

  encode(chunks: readonly RecordChunk[]): Buffer[] {
    for (const { partition, records, decoded } of chunks) {
      for (let i = 0; i < records.length; i++)
        this.out.recordLine(this.prefix, partition, records[i]!, decoded?.[i]);
    }
    return this.out.length === 0 ? [] : [this.out.take()];
  }

  finish(): Buffer[] {
    return [];
  }
}
