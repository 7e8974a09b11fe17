import type { TerminalInfo } from '../api/schemas/terminals.js';
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
}
export declare function defaultShell(env?: NodeJS.ProcessEnv): string;
export declare class TerminalManager {
  private readonly options;
  private readonly sessions;
  private nextId;
  private launcher;
  private closed;
  constructor(options?: TerminalManagerOptions);
  open(
    bootstrap: string,
    size: {
      cols: number;
      rows: number;
    },
  ): Promise<TerminalInfo>;
  list(): TerminalInfo[];
  /** The session, or NOT_FOUND. */
  get(id: string): TerminalSession;
  write(id: string, data: string): void;
  resize(id: string, cols: number, rows: number): void;
  /** Ends the terminal's processes and forgets it; resolves once the shell is gone. */
  close(id: string): Promise<void>;
  /** Ends every terminal and removes the launcher: the host is stopping. */
  closeAll(): Promise<void>;
}
