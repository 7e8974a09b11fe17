import { describe, expect, it } from 'vitest';
import { hexDumpLine, hexDumpLineCount, hexDumpText } from '../../../renderer/util/hex-dump.js';

describe('hex dump', () => {
  const bytes = new Uint8Array([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x31, 0x7d, 0x0a, 0xff, 0x00, 0x41]);

  it('shows 16 bytes a line with a gap after the eighth, and dots for what is not printable', () => {
    const line = hexDumpLine(bytes, 0);
    expect(line.offset).toBe('00000000');
    expect(line.hex).toBe('7b 22 69 64 22 3a 31 7d  0a ff 00 41' + ' '.repeat(12));
    expect(line.ascii).toBe('{"id":1}...A');
  });

  it('pads a short last line so the ASCII column lines up', () => {
    const long = new Uint8Array(20).fill(0x61);
    expect(hexDumpLine(long, 0).hex.length).toBe(hexDumpLine(long, 16).hex.length);
    expect(hexDumpLine(long, 16).offset).toBe('00000010');
    expect(hexDumpLine(long, 16).ascii).toBe('aaaa');
  });

  it('counts lines, with one line for an empty value', () => {
    expect(hexDumpLineCount(0)).toBe(1);
    expect(hexDumpLineCount(16)).toBe(1);
    expect(hexDumpLineCount(17)).toBe(2);
  });

  it('writes the whole dump as text for copying', () => {
    expect(hexDumpText(new Uint8Array([0x68, 0x69]))).toBe(`00000000  68 69${' '.repeat(43)}  |hi|`);
  });
});
