/**
 * The `brokerlab` command inside a terminal: a directory holding one small launcher script that
 * runs this very installation's CLI with the runtime that runs the host (Node, or Electron acting
 * as Node), put first on the shell's PATH. So `brokerlab topics list` in the console's terminal
 * is the CLI of the app the user is looking at, even where no `brokerlab` is installed globally.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../cli/package-root.js';

export interface Launcher {
  /** The directory to put first on PATH. */
  readonly dir: string;
  remove(): Promise<void>;
}

/** POSIX shell quoting: the text between single quotes, with each ' closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function launcherScript(runtime: string, cli: string): string {
  // ELECTRON_RUN_AS_NODE makes the desktop app's binary behave as Node; plain Node ignores it.
  return `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${shellQuote(runtime)} ${shellQuote(cli)} "$@"\n`;
}

/** Windows' cmd.exe finds `brokerlab.cmd` on PATH as `brokerlab`. */
export function launcherBatch(runtime: string, cli: string): string {
  return `@set ELECTRON_RUN_AS_NODE=1\r\n@"${runtime}" "${cli}" %*\r\n`;
}

export async function createLauncher(): Promise<Launcher> {
  const dir = await mkdtemp(join(tmpdir(), 'brokerlab-bin-'));
  const cli = join(packageRoot(), 'bin', 'brokerlab.js');
  if (process.platform === 'win32') {
    await writeFile(join(dir, 'brokerlab.cmd'), launcherBatch(process.execPath, cli));
  } else {
    const script = join(dir, 'brokerlab');
    await writeFile(script, launcherScript(process.execPath, cli));
    await chmod(script, 0o755);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
