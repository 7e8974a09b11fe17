/**
 * The classic hex dump: one line per 16 bytes with the offset, the bytes in hex (a gap after the
 * eighth) and the same bytes as ASCII, where anything outside printable ASCII shows as '.'.
 *
 *   00000000  7b 22 69 64 22 3a 31 7d  0a ff                    |{"id":1}..|
 */

export interface HexDumpLine {
  /** Position of the line's first byte, as 8 hex digits. */
  readonly offset: string;
  /** Two hex digits per byte, padded to the full width so the ASCII column lines up. */
  readonly hex: string;
  readonly ascii: string;
}

export const bytesPerLine = 16;

const hexByte = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function hexDumpLine(bytes: Uint8Array, start: number): HexDumpLine {
  const end = Math.min(start + bytesPerLine, bytes.length);
  let hex = '';
  let ascii = '';
  for (let i = 0; i < bytesPerLine; i++) {
    if (i > 0) hex += i === bytesPerLine / 2 ? '  ' : ' ';
    const at = start + i;
    if (at < end) {
      const b = bytes[at]!;
      hex += hexByte[b];
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    } else {
      hex += '  ';
    }
  }
  return { offset: start.toString(16).padStart(8, '0'), hex, ascii };
}

/** Number of lines a dump of `length` bytes takes (an empty value still shows one line). */
export function hexDumpLineCount(length: number): number {
  return Math.max(1, Math.ceil(length / bytesPerLine));
}

/** The whole dump as text, for the copy button. */
export function hexDumpText(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let start = 0; start < bytes.length; start += bytesPerLine) {
    const line = hexDumpLine(bytes, start);
    lines.push(`${line.offset}  ${line.hex}  |${line.ascii}|`);
  }
  return lines.join('\n');
}
