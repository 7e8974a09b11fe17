/**
 * Starts `brokerlab serve` as a user would (the built CLI, the embedded cluster, a temp data
 * dir, free ports) and reads its console URL and ready line; stops it with SIGTERM and removes the
 * data dir. The end-to-end tests drive the console it serves.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { freePortRun } from '../peers/ports.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Served {
  /** The console's address with its launch token. */
  readonly url: string;
  readonly origin: string;
  /** host:port,host:port,... of the brokers. */
  readonly bootstrap: string;
  readonly brokers: number;
  stop(): Promise<void>;
}

const root = new URL('../..', import.meta.url).pathname;

export async function serve(brokers = 3): Promise<Served> {
  for (const built of ['dist/renderer/index.html', 'dist/host/cli/main.js'])
    if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-e2e-'));
  // Saved connections go to a settings folder of the run's own, never the user's.
  const settingsDir = mkdtempSync(join(tmpdir(), 'brokerlab-e2e-settings-'));
  const kafkaPort = await freePortRun(brokers);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(root, 'bin/brokerlab.js'),
      'serve',
      '--port',
      '0',
      '--kafka-port',
      String(kafkaPort),
      '--brokers',
      String(brokers),
      '--data-dir',
      dataDir,
      '--settings-dir',
      settingsDir,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));

  const started = await new Promise<{ url: string; bootstrap: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`brokerlab serve did not get ready in 90 s\n${stdout}${stderr}`)),
      90_000,
    );
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const url = /^console (\S+)$/m.exec(stdout)?.[1];
      const bootstrap = /^brokerlab ready bootstrap=(\S+)/m.exec(stdout)?.[1];
      if (url && bootstrap) {
        clearTimeout(timer);
        resolve({ url, bootstrap });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`brokerlab serve exited with ${code}\n${stdout}${stderr}`));
    });
  });

  return {
    ...started,
    origin: new URL(started.url).origin,
    brokers,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(settingsDir, { recursive: true, force: true });
    },
  };
}
