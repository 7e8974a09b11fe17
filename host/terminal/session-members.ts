/**
 * The processes of a terminal's session. A shell in a pseudo-terminal leads its own session, and
 * everything it starts — the foreground command, background jobs in their own process groups —
 * stays in that session unless it detaches on purpose (setsid). Listing the session lets a closing
 * terminal signal each of them instead of trusting the shell to pass a hangup on.
 *
 * Linux reads /proc; elsewhere the list is empty and the caller falls back to the process group.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Field 6 of /proc/<pid>/stat is the session id; fields are counted after the ")" of the name. */
function sessionOf(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // state ppid pgrp session ...; a zombie has already ended.
    if (fields[0] === 'Z') return null;
    return Number(fields[3]);
  } catch {
    return null;
  }
}

/** Live processes whose session id is `sid` (the session leader included). */
export function sessionMembers(sid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries.filter((e) => /^\d+$/.test(e) && sessionOf(e) === sid).map(Number);
}
