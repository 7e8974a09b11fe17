/**
 * One shell in a pseudo-terminal (node-pty). It keeps the most recent output (a bounded
 * scrollback) so a subscriber that comes late — the console re-attaching after a reload — first
 * gets what was printed, then the rest as it comes. Output is handed on in batches, at most one
 * per turn of the event loop, so a flood of small writes becomes a few large events.
 *
 * Flow control: once a viewer acknowledges what it has drawn (`ack`), the shell is paused while
 * more than `unackedLimitChars` of its output wait to be drawn, and resumed when the viewer has
 * caught up to half of that; a shell printing without end (`yes`) then blocks on its writes
 * instead of filling the transport's buffers. The most advanced viewer counts, so a second,
 * slow window does not stall the shell. Without acknowledgements nothing is paused.
 *
 * Ending: the shell leads its own session (node-pty calls setsid). `close()` sends SIGHUP — what
 * a closing terminal window sends — to every process of that session (the shell, the foreground
 * command, background jobs), SIGKILL to those still there after a grace period, and SIGKILL to
 * whatever outlived the shell (a job that ignores hangups).
 */
import { spawn, type IPty } from 'node-pty';
import type { TerminalInfo, TerminalOutputEvent } from '../api/schemas/terminals.js';
import { sessionMembers } from './session-members.js';

export interface SessionOptions {
  readonly id: string;
  readonly shell: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly bootstrap: string;
  readonly cols: number;
  readonly rows: number;
  /** Characters of output kept for late subscribers. */
  readonly scrollbackChars: number;
  /** How long close() waits after SIGHUP before SIGKILL. */
  readonly killGraceMs: number;
  /** Output not yet acknowledged by a viewer past which the shell is paused. */
  readonly unackedLimitChars: number;
}

type Listener = (event: TerminalOutputEvent) => void;

export class TerminalSession {
  private readonly pty: IPty;
  private readonly kept: string[] = [];
  private keptChars = 0;
  /** Characters printed since the start; the kept ones are the last `keptChars` of them. */
  private printedChars = 0;
  private pending = '';
  private flushScheduled = false;
  /** The furthest offset a viewer has drawn up to; null until one acknowledges. */
  private acked: number | null = null;
  private paused = false;
  private readonly listeners = new Set<Listener>();
  private exit: { exitCode: number; signal: number | null } | null = null;
  readonly exited: Promise<void>;

  constructor(private readonly options: SessionOptions) {
    this.pty = spawn(options.shell, [...options.args], {
      name: 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: options.cwd,
      env: options.env,
    });
    this.pty.onData((data) => this.received(data));
    this.exited = new Promise((resolve) => {
      this.pty.onExit(({ exitCode, signal }) => {
        this.flush();
        this.exit = { exitCode, signal: signal ? signal : null };
        for (const listener of this.listeners) listener({ type: 'exit', ...this.exit });
        resolve();
      });
    });
  }

  info(): TerminalInfo {
    return {
      id: this.options.id,
      pid: this.pty.pid,
      shell: this.options.shell,
      bootstrap: this.options.bootstrap,
      state: this.exit ? 'exited' : 'running',
      exitCode: this.exit?.exitCode ?? null,
      signal: this.exit?.signal ?? null,
    };
  }

  /** Replays the kept output (and the exit, if it happened), then follows. */
  subscribe(listener: Listener): () => void {
    this.flush();
    const replay = this.kept.join('');
    if (replay) listener({ type: 'data', offset: this.printedChars - this.keptChars, data: replay });
    if (this.exit) {
      listener({ type: 'exit', ...this.exit });
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** False when the shell has exited (the keystrokes have nowhere to go). */
  write(data: string): boolean {
    if (this.exit) return false;
    this.pty.write(data);
    return true;
  }

  /** A viewer has drawn the output up to `offset` (in the units of the events' offsets). */
  ack(offset: number): void {
    this.acked = Math.max(this.acked ?? 0, Math.min(offset, this.printedChars));
    if (this.paused && this.printedChars - this.acked <= this.options.unackedLimitChars / 2) {
      this.paused = false;
      if (!this.exit) this.pty.resume();
    }
  }

  /** True while the shell is held back for its viewer to catch up. */
  get outputPaused(): boolean {
    return this.paused;
  }

  resize(cols: number, rows: number): void {
    if (!this.exit) this.pty.resize(cols, rows);
  }

  async close(): Promise<void> {
    if (!this.exit) {
      this.signalSession('SIGHUP');
      const timer = setTimeout(() => this.signalSession('SIGKILL'), this.options.killGraceMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.signalSession('SIGKILL');
    this.listeners.clear();
  }

  /** Each process of the shell's session once; where sessions cannot be listed, its process group. */
  private signalSession(name: NodeJS.Signals): void {
    const members = sessionMembers(this.pty.pid);
    for (const pid of members.length > 0 ? members : [-this.pty.pid]) {
      try {
        process.kill(pid, name);
      } catch {
        // already gone
      }
    }
  }

  private received(data: string): void {
    this.pending += data;
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (!this.pending) return;
    const data = this.pending;
    this.pending = '';
    const offset = this.printedChars;
    this.printedChars += data.length;
    this.keep(data);
    for (const listener of this.listeners) listener({ type: 'data', offset, data });
    if (!this.paused && !this.exit && this.acked !== null) {
      if (this.printedChars - this.acked > this.options.unackedLimitChars) {
        this.paused = true;
        this.pty.pause();
      }
    }
  }

  private keep(data: string): void {
    this.kept.push(data);
    this.keptChars += data.length;
    while (this.keptChars > this.options.scrollbackChars && this.kept.length > 1) {
      this.keptChars -= this.kept.shift()!.length;
    }
    if (this.keptChars > this.options.scrollbackChars) {
      const only = this.kept[0]!.slice(-this.options.scrollbackChars);
      this.kept[0] = only;
      this.keptChars = only.length;
    }
  }
}
