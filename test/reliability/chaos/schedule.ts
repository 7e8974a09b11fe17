/**
 * A chaos schedule: a seeded list of steps, each one or two faults held for a while and then
 * healed, with a quiet gap before the next. Targets are roles (the active controller, the group's
 * coordinator, a partition leader) resolved when the step runs, or fixed broker ids. At most one
 * broker is killed per step, so every acknowledged record stays on an in-sync replica that kept
 * its memory, which is the promise acks=all with min.insync.replicas=2 makes.
 */
import { seededRandom, type Random } from '../../../engine/cluster/random.js';

export type Target =
  | { readonly role: 'controller' }
  | { readonly role: 'coordinator' }
  | { readonly role: 'leader'; readonly partition: number }
  | { readonly role: 'broker'; readonly id: number };

export type Fault =
  | { readonly kind: 'kill'; readonly target: Target; readonly loseUnflushedData: boolean }
  | { readonly kind: 'stop'; readonly target: Target }
  | { readonly kind: 'isolate'; readonly target: Target; readonly from: 'all' | 'brokers' | 'clients' }
  | { readonly kind: 'delay'; readonly target: Target; readonly ms: number }
  | { readonly kind: 'loss'; readonly target: Target; readonly rate: number };

export interface Step {
  readonly faults: readonly Fault[];
  /** How long the faults stay in force. */
  readonly holdMs: number;
  /** Quiet time after healing, before the next step. */
  readonly gapMs: number;
}

export interface Schedule {
  readonly index: number;
  /** Seed of this schedule's steps and of its cluster's own random choices. */
  readonly seed: number;
  readonly steps: readonly Step[];
}

export interface ScheduleShape {
  readonly brokers: number;
  readonly partitions: number;
  readonly steps: number;
}

/** Schedule `index` of a run seeded with `runSeed`: the same pair always gives the same schedule. */
export function scheduleOf(runSeed: number, index: number, shape: ScheduleShape): Schedule {
  const seed = Math.floor(seededRandom(runSeed).fork(`schedule-${index}`).next() * 0x7fff_ffff);
  const random = seededRandom(seed);
  const steps = Array.from({ length: shape.steps }, () => step(random, shape));
  return { index, seed, steps };
}

function step(random: Random, shape: ScheduleShape): Step {
  const primary = primaryFault(random, shape);
  const faults: Fault[] = [primary];
  // Sometimes a second, milder fault elsewhere at the same time.
  if (random.next() < 0.35) {
    const target: Target = { role: 'broker', id: 1 + random.nextInt(shape.brokers) };
    faults.push(
      random.next() < 0.5
        ? { kind: 'delay', target, ms: random.between(5, 60) }
        : { kind: 'loss', target, rate: Math.round(random.between(5, 30)) / 100 },
    );
  }
  return { faults, holdMs: random.between(300, 1500), gapMs: random.between(100, 700) };
}

function primaryFault(random: Random, shape: ScheduleShape): Fault {
  const target = pickTarget(random, shape);
  const roll = random.nextInt(10);
  if (roll < 4) return { kind: 'kill', target, loseUnflushedData: random.next() < 0.5 };
  if (roll < 5) return { kind: 'stop', target };
  if (roll < 8)
    return { kind: 'isolate', target, from: (['all', 'brokers', 'clients'] as const)[random.nextInt(3)]! };
  if (roll < 9) return { kind: 'delay', target, ms: random.between(50, 400) };
  return { kind: 'loss', target, rate: Math.round(random.between(20, 60)) / 100 };
}

function pickTarget(random: Random, shape: ScheduleShape): Target {
  const roll = random.nextInt(4);
  if (roll === 0) return { role: 'controller' };
  if (roll === 1) return { role: 'coordinator' };
  if (roll === 2) return { role: 'leader', partition: random.nextInt(shape.partitions) };
  return { role: 'broker', id: 1 + random.nextInt(shape.brokers) };
}

export function describeTarget(target: Target): string {
  if (target.role === 'broker') return `broker ${target.id}`;
  if (target.role === 'leader') return `leader of partition ${target.partition}`;
  return `the ${target.role === 'controller' ? 'active controller' : "group's coordinator"}`;
}

export function describeFault(fault: Fault): string {
  const on = describeTarget(fault.target);
  if (fault.kind === 'kill') return `kill ${on}${fault.loseUnflushedData ? ' (unflushed data lost)' : ''}`;
  if (fault.kind === 'stop') return `stop ${on}`;
  if (fault.kind === 'isolate') return `isolate ${on} from ${fault.from}`;
  if (fault.kind === 'delay') return `delay ${on}'s links by ${fault.ms} ms`;
  return `drop ${Math.round(fault.rate * 100)}% on ${on}'s links`;
}

/** The schedule as lines a failure report prints. */
export function describeSchedule(schedule: Schedule): string[] {
  return schedule.steps.map(
    (s, i) =>
      `  step ${i + 1}: ${s.faults.map(describeFault).join(' + ')}; hold ${s.holdMs} ms, then heal and wait ${s.gapMs} ms`,
  );
}
