/**
 * Records as JSON text for export files (the JSON Lines format, and the headers column of CSV).
 * Exact: a key, value or header value is a JSON string when its bytes are valid UTF-8 (so
 * `Buffer.from(JSON.parse(text), 'utf8')` gives the bytes back), `{"base64":"..."}` otherwise,
 * and `null` when it is null. Headers are a list, in record order, since Kafka allows a name
 * more than once.
 *
 *   {"topic":"orders","partition":0,"offset":42,"timestamp":1700000000000,"key":"user-7",
 *    "value":"{\"total\":12}","headers":[{"key":"trace","value":{"base64":"/wA="}}]}
 *
 * JSON Lines itself is written as bytes by json-bytes.ts (the export's hot path); CSV's headers
 * column uses the strings here.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import type { RecordHeader } from '../../../engine/records/record.js';

/** The marker key of binary data: `{"base64": "..."}`. */
export const BASE64_KEY = 'base64';

/** True when the bytes are text that a JSON string can carry exactly (valid UTF-8). */
export function isText(bytes: Buffer): boolean {
  return isAscii(bytes) || isUtf8(bytes);
}

/** Bytes as the JSON fragment described above. */
export function bytesJson(bytes: Buffer | null): string {
  if (bytes === null) return 'null';
  // latin1 decoding of ASCII is the same text, and cheaper than a UTF-8 decode.
  if (isAscii(bytes)) return JSON.stringify(bytes.toString('latin1'));
  if (isUtf8(bytes)) return JSON.stringify(bytes.toString('utf8'));
  return `{"${BASE64_KEY}":"${bytes.toString('base64')}"}`;
}

export function headersJson(headers: readonly RecordHeader[]): string {
  if (headers.length === 0) return '[]';
  let out = '[';
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    out += `${i === 0 ? '' : ','}{"key":${JSON.stringify(h.key)},"value":${bytesJson(h.value)}}`;
  }
  return `${out}]`;
}

/** The start of every line of one topic: `{"topic":"orders","partition":`. */
export function linePrefix(topic: string): string {
  return `{"topic":${JSON.stringify(topic)},"partition":`;
}
