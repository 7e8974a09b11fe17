/**
 * The bytes a broker's connections may hold at once: request frames being handled and responses
 * waiting to be written to their sockets (a fetch response can be megabytes of segment data).
 * Kafka's `queued.max.request.bytes` bounds the first; here one budget covers both, since either
 * is memory a misbehaving client can make the broker hold.
 *
 * The budget is enforced as Kafka enforces it: a reservation never fails (a request already read
 * must be served), but while the pool is over its capacity no connection reads further requests;
 * they resume, in order of waiting, when enough has been released. A capacity ≤ 0 is unbounded.
 */
export class MemoryPool {
  private used = 0;
  private readonly waiters = new Set<() => void>();

  constructor(readonly capacity: number) {}

  get usedBytes(): number {
    return this.used;
  }

  /** True while connections must not read more requests. */
  get exhausted(): boolean {
    return this.capacity > 0 && this.used >= this.capacity;
  }

  reserve(bytes: number): void {
    this.used += bytes;
  }

  release(bytes: number): void {
    this.used -= bytes;
    if (this.waiters.size === 0 || this.exhausted) return;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter();
  }

  /** Calls `resume` once the pool is no longer exhausted; the returned function cancels. */
  whenAvailable(resume: () => void): () => void {
    this.waiters.add(resume);
    return () => this.waiters.delete(resume);
  }
}
