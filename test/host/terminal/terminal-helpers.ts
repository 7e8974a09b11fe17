/** Helpers for tests that drive real shells: read a terminal's output until a pattern shows. */
import { readFileSync } from 'node:fs';
import type { TerminalOutputEvent } from '../../../host/api/schemas/terminals.js';

export type Follow = (listener: (event: TerminalOutputEvent) => void) => () => void;

/** Resolves with the first match of `pattern` in everything the terminal printed. */
export function waitForOutput(follow: Follow, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve) => {
    let seen = '';
    let stop: (() => void) | null = null;
    let found: RegExpExecArray | null = null;
    stop = follow((event) => {
      if (found || event.type !== 'data') return;
      seen += event.data;
      found = pattern.exec(seen);
      if (!found) return;
      stop?.();
      resolve(found);
    });
    if (found) stop();
  });
}

/**
 * Whether a process with this id still runs. An ended process whose parent is gone may stay a
 * zombie (state Z) where the container's first process does not reap orphans: that counts as ended.
 */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
