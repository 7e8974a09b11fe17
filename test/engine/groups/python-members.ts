/**
 * Group members as real confluent-kafka-python consumers (test/peers/python/group_member.py, in
 * the peers venv with a current librdkafka), one process each, so a test can end one gracefully
 * (SIGTERM: it leaves the group) or crash it (SIGKILL: only its session timeout tells the
 * coordinator). Each member's events are kept in order and can be waited on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readManifest, repoRoot } from '../../peers/cache.js';
import type { PeerEntry } from '../../peers/cache.js';

const script = join(repoRoot, 'test/peers/python/group_member.py');

export type MemberEvent =
  | { readonly event: 'assigned' | 'revoked'; readonly partitions: number[]; readonly incremental: boolean }
  | { readonly event: 'records'; readonly records: [number, number, string][] }
  | { readonly event: 'error'; readonly error: string }
  | { readonly event: 'closed' };

export interface MemberOptions {
  readonly topic: string;
  readonly group: string;
  readonly clientId: string;
  readonly instanceId?: string;
  readonly assignor?: 'range' | 'roundrobin' | 'cooperative-sticky';
  readonly sessionTimeoutMs?: number;
}

export function pythonAvailability(): PeerEntry<{ python: string; version: string }> {
  const venv = readManifest().pythonVenv;
  return venv.ok ? { ok: true, python: venv.python, version: venv.version } : venv;
}

export class PythonMember {
  readonly events: MemberEvent[] = [];
  /** When each event was read (Date.now()), index by index. */
  readonly times: number[] = [];
  private readonly waiters = new Set<() => void>();
  private exited = false;
  private stderr = '';

  private constructor(
    readonly options: MemberOptions,
    private readonly child: ChildProcess,
  ) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      this.events.push(JSON.parse(line) as MemberEvent);
      this.times.push(Date.now());
      this.notify();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    child.on('exit', () => {
      this.exited = true;
      this.notify();
    });
  }

  static start(python: string, bootstrap: string, options: MemberOptions): PythonMember {
    const child = spawn(python, [script, bootstrap, JSON.stringify(options)], {
      env: { ...process.env, LC_ALL: 'C', PYTHONNOUSERSITE: '1', PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new PythonMember(options, child);
  }

  /** @internal Registers a check run on each of its events; returns the unregistration. */
  watch(check: () => void): () => void {
    this.waiters.add(check);
    return () => this.waiters.delete(check);
  }

  get hasExited(): boolean {
    return this.exited;
  }

  get errorOutput(): string {
    return this.stderr;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves once `condition` holds over the events so far; rejects when the member exits first. */
  waitFor(what: string, condition: (m: PythonMember) => boolean, timeoutMs = 30_000): Promise<void> {
    return waitForMembers([this], what, () => condition(this), timeoutMs);
  }

  /** The partitions it owns now, from its assignment events. */
  get owned(): number[] {
    const owned = new Set<number>();
    for (const e of this.events) {
      if (e.event === 'assigned') {
        if (!e.incremental) owned.clear();
        for (const p of e.partitions) owned.add(p);
      } else if (e.event === 'revoked') {
        if (e.incremental) for (const p of e.partitions) owned.delete(p);
        else owned.clear();
      }
    }
    return [...owned].sort((a, b) => a - b);
  }

  /** Every record it consumed (and committed), in order. */
  get records(): { partition: number; offset: number; value: string }[] {
    return this.events.flatMap((e) =>
      e.event === 'records'
        ? e.records.map(([partition, offset, value]) => ({ partition, offset, value }))
        : [],
    );
  }

  /** Its assignment history and record count, for failure messages. */
  summary(): string {
    const moves = this.events.flatMap((e) =>
      e.event === 'assigned' || e.event === 'revoked' ? [`${e.event} [${e.partitions.join(',')}]`] : [],
    );
    return `${moves.join(', ')}; owns [${this.owned.join(',')}]; ${this.records.length} records`;
  }

  count(event: MemberEvent['event']): number {
    return this.events.filter((e) => e.event === event).length;
  }

  /** SIGTERM: the consumer closes, leaving the group; resolves once the process ended. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }

  /** SIGKILL: a crash; the coordinator learns of it only from the session timeout. */
  async crash(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }
}

/**
 * Resolves once `condition` holds, checked after every event of any of the members; rejects
 * when one of them exits first or at the timeout, with every member's history.
 */
export function waitForMembers(
  members: readonly PythonMember[],
  what: string,
  condition: () => boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const history = () => members.map((m) => `${m.options.clientId}: ${m.summary()}`).join('\n');
  return new Promise((resolve, reject) => {
    const unwatch: (() => void)[] = [];
    const done = () => {
      clearTimeout(timer);
      for (const off of unwatch) off();
    };
    const check = () => {
      const exited = members.find((m) => m.hasExited);
      if (condition()) {
        done();
        resolve();
      } else if (exited !== undefined) {
        done();
        reject(
          new Error(`${exited.options.clientId} exited before ${what}:\n${history()}\n${exited.errorOutput}`),
        );
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no ${what} within ${timeoutMs} ms:\n${history()}`));
    }, timeoutMs);
    for (const m of members) unwatch.push(m.watch(check));
    check();
  });
}
