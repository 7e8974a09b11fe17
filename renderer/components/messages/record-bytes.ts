/**
 * Keys, values and header values as they arrive (UTF-8 text when valid, base64 otherwise) turned
 * into what the inspector shows: a one-line preview, the bytes for the hex view, the text, and
 * the best first view (JSON when it parses, text when it is text, hex when it is binary).
 * Binary stays binary: it is never decoded as text and mangled.
 */
import { decodeBytes, toBase64, type EncodedBytes } from '../../../host/api/index.js';

export type ValueFormat = 'json' | 'text' | 'hex' | 'base64';

export function bytesOf(e: EncodedBytes | null): Uint8Array | null {
  return e === null ? null : decodeBytes(e);
}

/** What "copy" gives for a key, value or header value: its text, or base64 for binary. */
export function copyable(e: EncodedBytes | null): string {
  if (e === null) return '';
  return e.encoding === 'utf8' ? e.data : toBase64(decodeBytes(e));
}

export function textOf(e: EncodedBytes | null): string | null {
  return e !== null && e.encoding === 'utf8' ? e.data : null;
}

const previewChars = 240;

/** One line for a table cell: text with whitespace runs collapsed, or the first bytes in hex. */
export function previewOf(e: EncodedBytes | null): string {
  if (e === null) return 'null';
  if (e.encoding === 'utf8') {
    const head = e.data.length > previewChars * 2 ? e.data.slice(0, previewChars * 2) : e.data;
    return head.replace(/\s+/g, ' ').trim().slice(0, previewChars);
  }
  const bytes = decodeBytes(e);
  const shown = Array.from(bytes.subarray(0, 24), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${shown}${bytes.length > 24 ? ' …' : ''}`;
}

/** Parses the value as JSON when it looks like an object or an array; undefined when it is not JSON. */
export function jsonOf(e: EncodedBytes | null): unknown {
  const text = textOf(e);
  if (text === null) return undefined;
  const t = text.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function bestFormat(e: EncodedBytes | null): ValueFormat {
  if (e === null) return 'text';
  if (e.encoding === 'base64') return 'hex';
  return jsonOf(e) === undefined ? 'text' : 'json';
}
