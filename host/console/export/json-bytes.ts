/**
 * JSON Lines written straight into bytes, for the export's hot path: no intermediate strings
 * (building one string per round and encoding it cost more in garbage collection than the
 * encoding itself). The output is byte for byte what record-json.ts's `recordLine` gives.
 *
 * Why escaping bytes is exact: for valid UTF-8, JSON.stringify escapes only `"`, `\` and the
 * control characters below U+0020 — all single bytes below 0x80, which never occur inside a
 * multi-byte UTF-8 sequence — and leaves every other character as it is (lone surrogates, the
 * one other case, cannot occur in valid UTF-8).
 */
import { isAscii, isUtf8 } from 'node:buffer';
import type { LogRecord, RecordHeader } from '../../../engine/records/record.js';
import { BASE64_KEY } from './record-json.js';

/** For each byte: 0 copy as is, else the byte after the backslash ('u' for \u00XX). */
const ESCAPE = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) ESCAPE[b] = 0x75; // u
ESCAPE[0x22] = 0x22; // \"
ESCAPE[0x5c] = 0x5c; // \\
ESCAPE[0x08] = 0x62; // \b
ESCAPE[0x09] = 0x74; // \t
ESCAPE[0x0a] = 0x6e; // \n
ESCAPE[0x0c] = 0x66; // \f
ESCAPE[0x0d] = 0x72; // \r
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/** Copies bytes[from, to) to out at `at`; short runs byte by byte (Buffer.copy's call costs more). */
function copyRun(bytes: Buffer, from: number, to: number, out: Buffer, at: number): number {
  if (to - from > 32) return at + bytes.copy(out, at, from, to);
  for (let i = from; i < to; i++) out[at++] = bytes[i]!;
  return at;
}

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

  /** Valid UTF-8 bytes as a JSON string, quotes included. */
  jsonString(bytes: Buffer): void {
    // At most 6 bytes (\u00XX) per input byte, plus the quotes.
    this.ensure(bytes.length * 6 + 2);
    const out = this.buffer;
    let at = this.length;
    out[at++] = 0x22;
    let run = 0;
    for (let i = 0; i < bytes.length; i++) {
      const escape = ESCAPE[bytes[i]!]!;
      if (escape === 0) continue;
      at = copyRun(bytes, run, i, out, at);
      out[at++] = 0x5c;
      out[at++] = escape;
      if (escape === 0x75) {
        out[at++] = 0x30;
        out[at++] = 0x30;
        out[at++] = HEX[bytes[i]! >> 4]!;
        out[at++] = HEX[bytes[i]! & 15]!;
      }
      run = i + 1;
    }
    at = copyRun(bytes, run, bytes.length, out, at);
    out[at++] = 0x22;
    this.length = at;
  }

  /** Bytes as record-json.ts's bytesJson: a string, {"base64": "..."} or null. */
  bytesJson(bytes: Buffer | null): void {
    if (bytes === null) this.ascii('null');
    else if (isAscii(bytes) || isUtf8(bytes)) this.jsonString(bytes);
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
  recordLine(prefix: string, partition: number, record: LogRecord): void {
    this.utf8(prefix);
    this.ascii(`${partition},"offset":${record.offset},"timestamp":${record.timestamp},"key":`);
    this.bytesJson(record.key);
    this.ascii(',"value":');
    this.bytesJson(record.value);
    this.ascii(',"headers":');
    this.headersJson(record.headers);
    this.ascii('}\n');
  }

  /** The bytes so far (a copy: the builder is reused), and a fresh start. */
  take(): Buffer {
    const out = Buffer.from(this.buffer.subarray(0, this.length));
    this.length = 0;
    return out;
  }
}
