/**
 * One running cluster per data dir: the live process named in its control.json owns it. Checked
 * before an embedded cluster starts, so the CLI and the desktop app never run two engines on the
 * same files; a control.json left by a process that is gone does not count.
 */
import { readControlFile } from './control-file.js';

export function assertDataDirFree(dataDir: string): void {
  let pid: number;
  let url: string;
  try {
    ({ pid, url } = readControlFile(dataDir));
  } catch {
    return;
  }
  if (pid === process.pid || !isAlive(pid)) return;
  throw new Error(
    `a cluster is already running on ${dataDir} (pid ${pid}, control ${url}); stop it or use another data directory`,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
