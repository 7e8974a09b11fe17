/**
 * The order in which a broker's leader appends reach its logs. Appends are applied in call order
 * (pipelined produce requests keep their order, so idempotent sequences stay contiguous), and
 * most are applied synchronously inside the produce call. Two things make an append wait — and
 * every append that arrives after it waits behind it:
 *
 * - the topic's `compression.type` asks for another codec than the producer used: the batches
 *   are recompressed first, which is asynchronous (zstd);
 * - the broker's disk is slow (a fault): each write holds the disk for its latency before it
 *   lands, one write at a time, as on a saturated device.
 *
 *   idle: append A runs at once.  A slow: A queued; B (arriving during A's wait) queued behind
 *   it even if B alone could run at once; C arriving after both finished runs at once again.
 */
export class AppendQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Nothing is queued: an append may run at once without overtaking another. */
  get idle(): boolean {
    return this.waiting === 0;
  }

  /** Runs `task` once every task queued before it has finished (or failed). */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.waiting++;
    const run = this.tail.then(task);
    this.tail = run.then(
      () => void this.waiting--,
      () => void this.waiting--,
    );
    return run;
  }
}

/** Resolves after `ms` milliseconds. */
export function diskDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
