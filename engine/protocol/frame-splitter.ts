/**
 * Splits a byte stream (socket chunks as they arrive) into Kafka frames: an int32 size, then
 * that many bytes. Yields each frame's payload without its size prefix.
 *
 * Invariants: a frame that lies inside one chunk is returned as a view of that chunk (no copy);
 * a frame spread over chunks is copied once, when its last byte has arrived. A size above the
 * maximum (Kafka's `socket.request.max.bytes`) or below zero is refused as soon as its four bytes
 * are in, before anything of the frame is buffered; the connection cannot be resynchronised
 * after that and must be closed.
 */
import { ProtocolDecodeError } from './decode-error.js';

/** A frame size that is negative or above the maximum: close the connection. */
export class FrameSizeError extends ProtocolDecodeError {
  override readonly name = 'FrameSizeError';
  constructor(
    readonly size: number,
    readonly maxFrameBytes: number,
  ) {
    super(
      size < 0
        ? `invalid frame size ${size}`
        : `frame of ${size} bytes is larger than the maximum ${maxFrameBytes}`,
      0,
    );
  }
}

const SIZE_BYTES = 4;

export class FrameSplitter {
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Payload size of the frame being assembled, or -1 before its size prefix is complete. */
  private frameSize = -1;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes received but not yet returned as part of a frame. */
  get buffered(): number {
    return this.pendingBytes;
  }

  /** Adds a chunk; returns the frames it completed, in order (often none, sometimes many). */
  push(chunk: Buffer): Buffer[] {
    if (chunk.length > 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
    }
    const frames: Buffer[] = [];
    for (;;) {
      if (this.frameSize < 0) {
        if (this.pendingBytes < SIZE_BYTES) break;
        const size = this.take(SIZE_BYTES).readInt32BE(0);
        if (size < 0 || size > this.maxFrameBytes) throw new FrameSizeError(size, this.maxFrameBytes);
        this.frameSize = size;
      }
      if (this.pendingBytes < this.frameSize) break;
      frames.push(this.take(this.frameSize));
      this.frameSize = -1;
    }
    return frames;
  }

  /** Removes the first `bytes` pending bytes (there are at least that many). */
  private take(bytes: number): Buffer {
    if (bytes === 0) return Buffer.alloc(0);
    this.pendingBytes -= bytes;
    const first = this.pending[0]!;
    if (first.length >= bytes) {
      if (first.length === bytes) this.pending.shift();
      else this.pending[0] = first.subarray(bytes);
      return first.subarray(0, bytes);
    }
    const out = Buffer.allocUnsafe(bytes);
    let filled = 0;
    while (filled < bytes) {
      const head = this.pending[0]!;
      const n = Math.min(head.length, bytes - filled);
      head.copy(out, filled, 0, n);
      filled += n;
      if (n === head.length) this.pending.shift();
      else this.pending[0] = head.subarray(n);
    }
    return out;
  }
}
