/**
 * Binary data (record keys, values, header values) as it crosses the API: exact and JSON-safe.
 * Bytes that are valid UTF-8 travel as that text (`encoding: 'utf8'`), anything else as base64,
 * so `decodeBytes(encodeBytes(b))` always gives `b` back byte for byte. Pure: no Node built-ins
 * (the renderer uses these to show hex and to send what the user typed).
 */
import { z } from 'zod';

export const encodedBytesSchema = z.strictObject({
  encoding: z.enum(['utf8', 'base64']),
  data: z.string(),
});
export type EncodedBytes = z.infer<typeof encodedBytesSchema>;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8 = new TextEncoder();

/** UTF-8 text when the bytes are valid UTF-8, else base64. */
export function encodeBytes(bytes: Uint8Array): EncodedBytes {
  try {
    return { encoding: 'utf8', data: strictUtf8.decode(bytes) };
  } catch {
    return { encoding: 'base64', data: toBase64(bytes) };
  }
}

export function decodeBytes(encoded: EncodedBytes): Uint8Array {
  return encoded.encoding === 'utf8' ? utf8.encode(encoded.data) : fromBase64(encoded.data);
}

/** Text typed by a user, as bytes-to-send. */
export function textBytes(text: string): EncodedBytes {
  return { encoding: 'utf8', data: text };
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const lookup = new Int16Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + '=';
  }
  return out;
}

/** Standard base64 with padding; throws on any other character or a bad length. */
export function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new RangeError('base64 length must be a multiple of 4');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      const isPad = c === 61 && i + j >= text.length - padding;
      const v = isPad ? 0 : c < 128 ? lookup[c]! : -1;
      if (v < 0) throw new RangeError(`not base64 at character ${i + j}`);
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Refines an EncodedBytes schema so base64 data is checked at the boundary. */
export const validEncodedBytesSchema = encodedBytesSchema.refine(
  (e) =>
    e.encoding === 'utf8' || /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(e.data),
  { message: 'data is not valid base64', path: ['data'] },
);
