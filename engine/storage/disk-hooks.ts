/**
 * The point where a broker's disk can be made to misbehave on purpose (the cluster's fault
 * injector) and where real write failures are turned into one error type.
 *
 * Every write of a log, index or checkpoint file asks `beforeWrite` first; a hook that throws
 * fails that write before any byte reaches the file, exactly as ENOSPC would after a partial
 * write that the log then truncates away. A slow disk is modelled by the callers, because the
 * log itself writes synchronously: the replica manager holds each leader append for
 * `latencyMs()` before it reaches the log and delays fetch answers carrying records; a
 * follower's fetcher waits as long after each append.
 */
import { KafkaStorageError } from './errors.js';

export interface DiskHooks {
  /** Throws (a KafkaStorageError) to refuse a write of `bytes` bytes to `file`. */
  beforeWrite(file: string, bytes: number): void;
  /** Extra latency, in ms, the caller should add to each append and fetch on this disk. */
  latencyMs(): number;
}

/** A disk that works. */
export const healthyDisk: DiskHooks = {
  beforeWrite: () => {},
  latencyMs: () => 0,
};

/** A per-broker disk with switches: full (writes fail as ENOSPC would) and slow. */
export class FaultyDisk implements DiskHooks {
  full = false;
  slowMs = 0;

  beforeWrite(file: string, bytes: number): void {
    if (this.full) {
      throw new KafkaStorageError(`No space left on device writing ${bytes} bytes to ${file} (ENOSPC)`);
    }
  }
  latencyMs(): number {
    return this.slowMs;
  }
}
