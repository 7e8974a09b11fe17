/**
 * Reusable read buffers (see ScratchBuffer). Concurrency: single-threaded; a nested use gets a
 * fresh buffer instead of sharing one.
 */
/**
 * A read buffer reused by scans whose bytes never outlive the call. Fresh allocations are paid
 * in page faults on first touch, which measured as the largest cost of small reads; a buffer
 * already paged in is not. Scans do not nest; if one ever did, it gets a fresh buffer.
 */
export class ScratchBuffer {
  private buffer = Buffer.alloc(0);
  private busy = false;

  use<T>(size: number, work: (buffer: Buffer) => T): T {
    if (this.busy) return work(Buffer.allocUnsafe(size));
    if (this.buffer.length < size) this.buffer = Buffer.alloc(size);
    this.busy = true;
    try {
      return work(this.buffer);
    } finally {
      this.busy = false;
    }
  }
}
