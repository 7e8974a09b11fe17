import { describe, expect, it } from 'vitest';
import {
  bestFormat,
  bytesOf,
  jsonOf,
  previewOf,
  textOf,
} from '../../../../renderer/components/messages/record-bytes.js';

const utf8 = (data: string) => ({ encoding: 'utf8' as const, data });
const b64 = (data: string) => ({ encoding: 'base64' as const, data });

describe('record bytes for the inspector', () => {
  it('chooses JSON for objects and arrays, text for other text, hex for binary', () => {
    expect(bestFormat(utf8('{"a":1}'))).toBe('json');
    expect(bestFormat(utf8(' [1,2]'))).toBe('json');
    expect(bestFormat(utf8('{"a":'))).toBe('text');
    expect(bestFormat(utf8('42'))).toBe('text');
    expect(bestFormat(b64('/wA='))).toBe('hex');
    expect(bestFormat(null)).toBe('text');
  });

  it('keeps binary as bytes and never reads it as text', () => {
    expect(Array.from(bytesOf(b64('/wB/'))!)).toEqual([0xff, 0x00, 0x7f]);
    expect(textOf(b64('/wB/'))).toBeNull();
    expect(jsonOf(b64('e30='))).toBeUndefined();
  });

  it('previews text on one line and binary as its first bytes in hex', () => {
    expect(previewOf(utf8('{\n  "a": 1,\n\t"b": 2\n}'))).toBe('{ "a": 1, "b": 2 }');
    expect(previewOf(b64('/wB/'))).toBe('ff 00 7f');
    expect(previewOf(b64('A'.repeat(40)))).toMatch(/ …$/);
    expect(previewOf(null)).toBe('null');
    expect(previewOf(utf8('x'.repeat(1000))).length).toBe(240);
  });
});
