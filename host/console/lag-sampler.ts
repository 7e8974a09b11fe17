/**
 * The lag chart's data: every `intervalMs` (1 s) the lag of each watched group, per partition
 * and in total, into a bounded ring buffer per group (the most recent `capacity` samples).
 *
 * A group is watched from the first time someone asks for it (its series, or a subscription to
 * its samples) until nobody has for `idleMs`, so the chart keeps its history while the user
 * looks elsewhere for a while, and an idle console does not poll every group of a big cluster.
 * A tick skips a group whose previous sample is still being taken; a group that cannot be
 * described at the moment (deleted, coordinator moving) simply gets no sample that tick.
 */
import type { LagSample } from '../api/schemas/groups.js';
import type { MethodResult } from '../api/types.js';
import type { ClusterAccess } from '../cluster-access.js';
import { describeGroup } from './groups.js';

/** A fixed-size buffer that keeps the last `capacity` items. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** Oldest first. */
  toArray(): T[] {
    const start = (this.next - this.count + this.capacity) % this.capacity;
    return Array.from({ length: this.count }, (_, i) => this.items[(start + i) % this.capacity] as T);
  }
}

export interface LagSamplerOptions {
  readonly intervalMs?: number;
  readonly capacity?: number;
  readonly idleMs?: number;
}

interface Watch {
  readonly samples: RingBuffer<LagSample>;
  readonly listeners: Set<(sample: LagSample) => void>;
  lastInterest: number;
  sampling: Promise<void> | null;
}

export class LagSampler {
  readonly intervalMs: number;
  private readonly capacity: number;
  private readonly idleMs: number;
  private readonly watches = new Map<string, Watch>();
  private readonly stop = new AbortController();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly access: ClusterAccess,
    options: LagSamplerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1_000;
    this.capacity = options.capacity ?? 900;
    this.idleMs = options.idleMs ?? 10 * 60_000;
  }

  /** The group's samples, oldest first (those at or after `since`); the first call takes one at once. */
  async series(groupId: string, since?: number): Promise<MethodResult<'groups.lagSeries'>> {
    const watch = this.watch(groupId);
    if (watch.samples.toArray().length === 0) await this.sample(groupId, watch);
    const samples = watch.samples.toArray().filter((s) => since === undefined || s.timestamp >= since);
    return { groupId, intervalMs: this.intervalMs, samples };
  }

  /** Calls `listener` with each new sample of the group until the returned function is called. */
  subscribe(groupId: string, listener: (sample: LagSample) => void): () => void {
    const watch = this.watch(groupId);
    watch.listeners.add(listener);
    return () => {
      watch.listeners.delete(listener);
      watch.lastInterest = Date.now();
    };
  }

  close(): void {
    this.stop.abort();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.watches.clear();
  }

  private watch(groupId: string): Watch {
    let watch = this.watches.get(groupId);
    if (!watch) {
      watch = {
        samples: new RingBuffer(this.capacity),
        listeners: new Set(),
        lastInterest: Date.now(),
        sampling: null,
      };
      this.watches.set(groupId, watch);
    }
    watch.lastInterest = Date.now();
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), this.intervalMs);
      this.timer.unref();
    }
    return watch;
  }

  private tick(): void {
    const now = Date.now();
    for (const [groupId, watch] of this.watches) {
      if (watch.listeners.size === 0 && now - watch.lastInterest > this.idleMs) {
        this.watches.delete(groupId);
        continue;
      }
      if (!watch.sampling) void this.sample(groupId, watch);
    }
    if (this.watches.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private sample(groupId: string, watch: Watch): Promise<void> {
    watch.sampling ??= (async () => {
      try {
        const described = await describeGroup(this.access, { groupId }, this.stop.signal);
        const sample: LagSample = {
          groupId,
          timestamp: Date.now(),
          totalLag: described.totalLag,
          partitions: described.offsets,
        };
        watch.samples.push(sample);
        for (const listener of watch.listeners) listener(sample);
      } catch {
        // No sample this tick (see the file's doc).
      } finally {
        watch.sampling = null;
      }
    })();
    return watch.sampling;
  }
}
