/**
 * The host's terminals: each one the user's shell ($SHELL, else /bin/bash; %COMSPEC% on Windows)
 * in its own pseudo-terminal, in the home folder, with BROKERLAB_BOOTSTRAP set to the connection in
 * view when it opened and the `brokerlab` launcher first on PATH. A terminal stays (exited or not) until it
 * is closed, so its output can be read again; closing it, or closing the manager when the host
 * stops, ends its processes.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter } from 'node:path';
import { ApiError } from '../api/errors.js';
import type { TerminalInfo } from '../api/schemas/terminals.js';
import { createLauncher, type Launcher } from './launcher.js';
import { TerminalSession } from './session.js';

export interface TerminalManagerOptions {
  /** Defaults to $SHELL, else /bin/bash. */
  readonly shell?: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
  /** Defaults to this process's environment. */
  readonly env?: NodeJS.ProcessEnv;
  readonly maxTerminals?: number;
  readonly scrollbackChars?: number;
  readonly killGraceMs?: number;
  /** Output a viewer has not acknowledged past which a shell is paused. */
  readonly unackedLimitChars?: number;
}

export function defaultShell(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return env['COMSPEC'] ?? 'cmd.exe';
  const shell = env['SHELL'];
  return shell && existsSync(shell) ? shell : '/bin/bash';
}

export class TerminalManager {
  private readonly sessions = new Map<string, TerminalSession>();
  private nextId = 1;
  private launcher: Promise<Launcher> | null = null;
  private closed = false;

  constructor(private readonly options: TerminalManagerOptions = {}) {}

  async open(bootstrap: string, size: { cols: number; rows: number }): Promise<TerminalInfo> {
    if (this.closed) throw new ApiError('UNAVAILABLE', 'the console host is stopping');
    const max = this.options.maxTerminals ?? 32;
    if (this.sessions.size >= max)
      throw new ApiError('CONFLICT', `at most ${max} terminals are open at once; close one first`);
    this.launcher ??= createLauncher();
    const launcher = await this.launcher;
    const base = this.options.env ?? process.env;
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
    delete env['ELECTRON_RUN_AS_NODE'];
    env['BROKERLAB_BOOTSTRAP'] = bootstrap;
    env['PATH'] = [launcher.dir, base['PATH'] ?? '/usr/local/bin:/usr/bin:/bin'].join(delimiter);
    env['TERM'] = 'xterm-256color';
    env['COLORTERM'] = 'truecolor';
    const id = `t${this.nextId++}`;
    let session: TerminalSession;
    try {
      session = new TerminalSession({
        id,
        shell: this.options.shell ?? defaultShell(base),
        args: this.options.args ?? [],
        cwd: this.options.cwd ?? homedir(),
        env,
        bootstrap,
        ...size,
        scrollbackChars: this.options.scrollbackChars ?? 2_000_000,
        killGraceMs: this.options.killGraceMs ?? 2_000,
        unackedLimitChars: this.options.unackedLimitChars ?? 1_000_000,
      });
    } catch (err) {
      throw new ApiError('UNAVAILABLE', `the shell could not start: ${(err as Error).message}`);
    }
    this.sessions.set(id, session);
    return session.info();
  }

  list(): TerminalInfo[] {
    return [...this.sessions.values()].map((s) => s.info());
  }

  /** The session, or NOT_FOUND. */
  get(id: string): TerminalSession {
    const session = this.sessions.get(id);
    if (!session) throw new ApiError('NOT_FOUND', `there is no terminal ${id} (it was closed)`);
    return session;
  }

  write(id: string, data: string): void {
    if (!this.get(id).write(data))
      throw new ApiError('CONFLICT', `the shell of terminal ${id} has exited; open a new one`);
  }

  resize(id: string, cols: number, rows: number): void {
    this.get(id).resize(cols, rows);
  }

  /** Ends the terminal's processes and forgets it; resolves once the shell is gone. */
  async close(id: string): Promise<void> {
    const session = this.get(id);
    this.sessions.delete(id);
    await session.close();
  }

  /** Ends every terminal and removes the launcher: the host is stopping. */
  async closeAll(): Promise<void> {
    this.closed = true;
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.close()));
    const launcher = await this.launcher?.catch(() => null);
    await launcher?.remove();
  }
}
