/**
 * JSON Lines written into one reused buffer, for the export's hot path: each key and value is
 * escaped by JSON.stringify on its own and written at once, and a round's lines are handed out
 * as one Buffer. Concatenating a round into one string first cost more in garbage collection
 * than the encoding itself. The output is exactly JSON.stringify of the record's object form.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import type { LogRecord, RecordHeader } from '../../../engine/records/record.js';
import { decodedView, type DecodedParts } from '../../schema-registry/decoder.js';
import { BASE64_KEY } from './record-json.js';

/** A growable byte buffer, handed out and reset once per round. */
export class ByteBuilder {
  private buffer: Buffer;
  length = 0;

  constructor(initial = 1024 * 1024) {
    this.buffer = Buffer.allocUnsafe(initial);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + extra));
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }

  /** ASCII or Latin-1 text (numbers, fixed JSON pieces). */
  ascii(text: string): void {
    this.ensure(text.length);
    this.length += this.buffer.write(text, this.length, 'latin1');
  }

  utf8(text: string): void {
    this.ensure(text.length * 3);
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  byte(b: number): void {
    this.ensure(1);
    this.buffer[this.length++] = b;
  }

  /** Valid UTF-8 bytes as a JSON string, quotes included (ASCII is decoded as Latin-1: cheaper, same text). */
  jsonString(bytes: Buffer): void {
    if (isAscii(bytes)) this.ascii(JSON.stringify(bytes.toString('latin1')));
    else this.utf8(JSON.stringify(bytes.toString('utf8')));
  }

  /** Bytes as record-json.ts's bytesJson: a string, {"base64": "..."} or null. */
  bytesJson(bytes: Buffer | null): void {
    if (bytes === null) this.ascii('null');
    else if (isUtf8(bytes)) this.jsonString(bytes);
    else this.ascii(`{"${BASE64_KEY}":"${bytes.toString('base64')}"}`);
  }

  headersJson(headers: readonly RecordHeader[]): void {
    this.byte(0x5b);
    for (let i = 0; i < headers.length; i++) {
      const h = headers[i]!;
      this.utf8(`${i === 0 ? '' : ','}{"key":${JSON.stringify(h.key)},"value":`);
      this.bytesJson(h.value);
      this.byte(0x7d);
    }
    this.byte(0x5d);
  }

  /** One JSON Lines line, newline included; `prefix` is record-json.ts's linePrefix(topic). */
  recordLine(prefix: string, partition: number, record: LogRecord, decoded?: DecodedParts): void {
    this.utf8(prefix);
    this.ascii(`${partition},"offset":${record.offset},"timestamp":${record.timestamp},"key":`);
    this.bytesJson(record.key);
    this.ascii(',"value":');
    this.bytesJson(record.value);
    this.ascii(',"headers":');
    this.headersJson(record.headers);
    if (decoded?.key) this.utf8(`,"keyDecoded":${JSON.stringify(decodedView(decoded.key))}`);
    if (decoded?.value) this.utf8(`,"valueDecoded":${JSON.stringify(decodedView(decoded.value))}`);
    this.ascii('}\n');
  }

  /** The bytes so far (a copy: the builder is reused), and a fresh start. */
  take(): Buffer {
    const out = Buffer.from(this.buffer.subarray(0, this.length));
    this.length = 0;
    return out;
  }
}
