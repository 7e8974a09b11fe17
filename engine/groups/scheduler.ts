/**
 * Timers of the group coordinator (session timeouts, rebalance and sync deadlines, the initial
 * rebalance delay, offsets expiry) and the time they are measured in, behind one small
 * interface, so the group state machine can be driven step by step in tests.
 *
 * The system scheduler uses the cluster's clock for timestamps and Node's timers (unref'd: a
 * pending session timeout never keeps a process alive). The manual scheduler runs due tasks in
 * deadline order, then in the order they were scheduled, when told to advance.
 */
import type { Clock } from '../util/clock.js';

/** Cancels a scheduled task; a no-op when it already ran or was cancelled. */
export type Cancel = () => void;

export interface Scheduler {
  now(): number;
  schedule(delayMs: number, task: () => void): Cancel;
}

export function systemScheduler(clock: Clock): Scheduler {
  return {
    now: () => clock.now(),
    schedule(delayMs, task) {
      const timer = setTimeout(task, Math.max(0, delayMs));
      timer.unref();
      return () => clearTimeout(timer);
    },
  };
}

interface Task {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

export class ManualScheduler implements Scheduler {
  private tasks: Task[] = [];
  private seq = 0;

  constructor(private current = 1_700_000_000_000) {}

  now(): number {
    return this.current;
  }

  schedule(delayMs: number, run: () => void): Cancel {
    const task = { at: this.current + Math.max(0, delayMs), seq: this.seq++, run };
    this.tasks.push(task);
    return () => {
      this.tasks = this.tasks.filter((t) => t !== task);
    };
  }

  /** Moves time forward, running every task that falls due on the way, at its own time. */
  advance(ms: number): void {
    const until = this.current + ms;
    for (;;) {
      const next = this.tasks.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (next === undefined) break;
      this.tasks = this.tasks.filter((t) => t !== next);
      this.current = Math.max(this.current, next.at);
      next.run();
    }
    this.current = until;
  }

  /** Tasks waiting to run. */
  get pending(): number {
    return this.tasks.length;
  }
}
