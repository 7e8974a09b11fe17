/**
 * Kafka's purgatory: requests that wait for a condition (an acks=all produce for the high
 * watermark, a long-poll fetch for data) watch the partitions they depend on and are re-checked
 * when something happens to one of them, or completed when their time runs out.
 *
 * An operation completes exactly once: `tryComplete` answers true when it has finished (then it
 * is forgotten), and `expire` runs at the deadline if it had not.
 */
export interface DelayedOperation {
  /** Re-checks the condition; completes the operation and answers true when it is met. */
  tryComplete(): boolean;
  /** Completes the operation as it stands, at its deadline or when the broker stops. */
  expire(): void;
}

interface Watch {
  readonly keys: readonly string[];
  readonly timer: ReturnType<typeof setTimeout>;
}

export class Purgatory {
  private readonly watchers = new Map<string, Set<DelayedOperation>>();
  private readonly watches = new Map<DelayedOperation, Watch>();

  /** Parks `operation` on `keys` until it completes or `timeoutMs` passes. */
  watch(operation: DelayedOperation, keys: readonly string[], timeoutMs: number): void {
    for (const key of keys) {
      let set = this.watchers.get(key);
      if (!set) this.watchers.set(key, (set = new Set()));
      set.add(operation);
    }
    const timer = setTimeout(() => {
      this.forget(operation);
      operation.expire();
    }, timeoutMs);
    this.watches.set(operation, { keys, timer });
  }

  /** Something happened to `key`: re-check the operations watching it. */
  checkAndComplete(key: string): void {
    const set = this.watchers.get(key);
    if (!set) return;
    for (const operation of [...set]) {
      if (this.watches.has(operation) && operation.tryComplete()) this.forget(operation);
    }
  }

  /** Expires everything (the broker is stopping). */
  expireAll(): void {
    for (const operation of [...this.watches.keys()]) {
      this.forget(operation);
      operation.expire();
    }
  }

  get size(): number {
    return this.watches.size;
  }

  private forget(operation: DelayedOperation): void {
    const watch = this.watches.get(operation);
    if (!watch) return;
    clearTimeout(watch.timer);
    this.watches.delete(operation);
    for (const key of watch.keys) {
      const set = this.watchers.get(key);
      set?.delete(operation);
      if (set?.size === 0) this.watchers.delete(key);
    }
  }
}
