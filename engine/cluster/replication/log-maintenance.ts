/**
 * The periodic work a broker does on the partitions it hosts, each on its own interval:
 *
 *   every replica.lag.time.max.ms / 2           leaders drop followers that fell behind from the ISR
 *   every log.retention.check.interval.ms       retention deletes old segments; compaction runs
 *   every log.flush.offset.checkpoint.interval.ms  log start, high watermark and recovery point go
 *                                               to each log's checkpoint file, so a broker that
 *                                               crashes restarts close to where it was
 *   every producer.id.expiration.check.interval.ms  idempotent producers idle longer than
 *                                               producer.id.expiration.ms are forgotten
 *
 * A pass that fails on one log (a full disk, a log closed meanwhile) moves on to the next log;
 * the next pass tries again. Invariant violations are bugs and are not swallowed.
 */
import { KafkaError } from '../../protocol/errors.js';
import type { TopicPartition } from '../../types.js';
import { InvariantError } from '../../util/invariant.js';
import type { ClusterSettings } from '../config.js';
import type { Partition } from './partition.js';

export interface MaintenanceDeps {
  readonly settings: ClusterSettings;
  /** The partitions hosted now. */
  partitions(): readonly Partition[];
  /** Whether `partition` is still hosted (it may go while an async pass runs). */
  isHosted(partition: Partition): boolean;
  /** The log start moved: waiting requests on `tp` may complete. */
  wake(tp: TopicPartition): void;
}

export class LogMaintenance {
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private cleaning = false;
  private stopped = false;

  constructor(private readonly deps: MaintenanceDeps) {
    const { settings } = deps;
    this.every(Math.max(1, Math.floor(settings.replicaLagTimeMaxMs / 2)), () => this.shrinkIsrs());
    this.every(settings.logRetentionCheckIntervalMs, () => void this.cleanLogs());
    this.every(settings.logFlushOffsetCheckpointIntervalMs, () => this.checkpointLogs());
    this.every(settings.producerIdExpirationCheckIntervalMs, () => this.expireProducers());
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
  }

  private every(ms: number, task: () => void): void {
    const timer = setInterval(task, ms);
    // Housekeeping alone never keeps the process alive.
    timer.unref();
    this.timers.push(timer);
  }

  private shrinkIsrs(): void {
    for (const partition of this.deps.partitions()) if (partition.isLeader) partition.maybeShrinkIsr();
  }

  private checkpointLogs(): void {
    this.forEachLog((partition) => partition.log.checkpoint());
  }

  private expireProducers(): void {
    const expirationMs = this.deps.settings.producerIdExpirationMs;
    this.forEachLog((partition) => partition.log.expireProducers(expirationMs));
  }

  private forEachLog(task: (partition: Partition) => void): void {
    if (this.stopped) return;
    for (const partition of this.deps.partitions()) {
      try {
        task(partition);
      } catch (err) {
        if (!(err instanceof KafkaError)) throw err;
        // A full disk or a closed log: the next pass tries again.
      }
    }
  }

  /** Retention and compaction of every hosted log, one log at a time. */
  private async cleanLogs(): Promise<void> {
    if (this.cleaning || this.stopped) return;
    this.cleaning = true;
    try {
      for (const partition of this.deps.partitions()) {
        if (this.stopped || !this.deps.isHosted(partition)) continue;
        try {
          if (partition.log.applyRetention() > 0) this.deps.wake(partition.tp);
          if (partition.log.config.cleanupPolicy.compact) await partition.log.compact();
        } catch (err) {
          if (err instanceof InvariantError) throw err;
          // A failing disk or a closed log: the next pass tries again.
        }
      }
    } finally {
      this.cleaning = false;
    }
  }
}
