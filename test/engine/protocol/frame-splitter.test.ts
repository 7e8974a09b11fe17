import { describe, expect, it } from 'vitest';
import { ProtocolDecodeError } from '../../../engine/protocol/decode-error.js';
import { FrameSizeError, FrameSplitter } from '../../../engine/protocol/frame-splitter.js';

const frame = (payload: number[]): Buffer => {
  const out = Buffer.alloc(4 + payload.length);
  out.writeInt32BE(payload.length, 0);
  Buffer.from(payload).copy(out, 4);
  return out;
};

describe('FrameSplitter', () => {
  it('returns every complete frame of a chunk as views of that chunk', () => {
    const chunk = Buffer.concat([frame([1, 2]), frame([3]), frame([4, 5, 6])]);
    const frames = new FrameSplitter(100).push(chunk);
    expect(frames.map((f) => [...f])).toEqual([[1, 2], [3], [4, 5, 6]]);
    for (const f of frames) expect(f.buffer).toBe(chunk.buffer);
  });

  it('assembles frames that arrive a byte at a time, size prefix included', () => {
    const splitter = new FrameSplitter(100);
    const bytes = Buffer.concat([frame([1, 2, 3]), frame([9])]);
    const frames: number[][] = [];
    for (const byte of bytes) for (const f of splitter.push(Buffer.from([byte]))) frames.push([...f]);
    expect(frames).toEqual([[1, 2, 3], [9]]);
    expect(splitter.buffered).toBe(0);
  });

  it('keeps a partial frame until the rest arrives', () => {
    const splitter = new FrameSplitter(100);
    const bytes = frame([1, 2, 3, 4]);
    expect(splitter.push(bytes.subarray(0, 6))).toEqual([]);
    expect(splitter.buffered).toBe(2);
    expect(splitter.push(bytes.subarray(6)).map((f) => [...f])).toEqual([[1, 2, 3, 4]]);
  });

  it('returns empty frames', () => {
    expect(new FrameSplitter(100).push(frame([])).map((f) => f.length)).toEqual([0]);
  });

  it('refuses a frame above the maximum as soon as its size is known', () => {
    const splitter = new FrameSplitter(1024);
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(1025);
    expect(() => splitter.push(prefix)).toThrow(FrameSizeError);
    expect(() => new FrameSplitter(1024).push(prefix)).toThrow(ProtocolDecodeError);
    expect(() => new FrameSplitter(1024).push(prefix)).toThrow(/1025 bytes is larger than the maximum 1024/);
  });

  it('refuses a negative frame size', () => {
    expect(() => new FrameSplitter(1024).push(Buffer.from([0xff, 0xff, 0xff, 0xfe]))).toThrow(
      /invalid frame size -2/,
    );
  });
});
