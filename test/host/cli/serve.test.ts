/**
 * `brokerlab serve` as a process: it prints the console URL (127.0.0.1, with the launch token)
 * and the ready line, answers the API only with that token and only for its own origin, drives
 * the embedded cluster it started, and stops both — and the shells of its terminals — on SIGTERM
 * with exit 0. With --no-terminal it refuses to open terminals.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alive } from '../terminal/terminal-helpers.js';

const main = new URL('../../../host/cli/main.ts', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'brokerlab-cli-serve-'));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Collects stdout and resolves once every pattern has matched a line. */
function linesMatching(process: ChildProcess, patterns: RegExp[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let out = '';
    process.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      const found = patterns.map((p) => lines.find((l) => p.test(l)));
      if (found.every((l) => l !== undefined)) resolve(found as string[]);
    });
    process.once('close', (code) =>
      reject(new Error(`serve exited with ${code} before it was ready:\n${out}`)),
    );
  });
}

describe('brokerlab serve', () => {
  it('prints the URL and the ready line, guards the API with the token, and stops on SIGTERM', async () => {
    const kafkaPort = await freePort();
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        main,
        'serve',
        '--port',
        '0',
        '--kafka-port',
        String(kafkaPort),
        '--brokers',
        '1',
        '--data-dir',
        dataDir,
        // Never the user's own saved connections.
        '--settings-dir',
        join(dataDir, 'settings'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('close', resolve));

    const [consoleLine, readyLine] = await linesMatching(child, [/^console /, /^brokerlab ready /]);
    const url = new URL(consoleLine!.slice('console '.length));
    expect(url.hostname).toBe('127.0.0.1');
    const token = url.searchParams.get('token');
    expect(token).toMatch(/^[\w-]{20,}$/);
    expect(readyLine).toMatch(
      new RegExp(
        `^brokerlab ready bootstrap=127\\.0\\.0\\.1:${kafkaPort} control=http://127\\.0\\.0\\.1:\\d+/?\\S* registry=http://127\\.0\\.0\\.1:\\d+$`,
      ),
    );
    expect(existsSync(join(dataDir, 'control.json'))).toBe(true);

    const call = (method: string, headers: Record<string, string>) =>
      fetch(new URL(`/api/${method}`, url.origin), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    const bearer = { authorization: `Bearer ${token}` };
    expect((await call('cluster.snapshot', {})).status).toBe(401);
    expect((await call('cluster.snapshot', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await call('cluster.snapshot', { ...bearer, origin: 'http://evil.example' })).status).toBe(403);
    const answer = await call('cluster.snapshot', { ...bearer, origin: url.origin });
    expect(answer.status).toBe(200);
    const snapshot = (await answer.json()) as {
      ok: boolean;
      value: { brokers: { port: number; state: string }[] };
    };
    expect(snapshot).toMatchObject({ ok: true, value: { brokers: [{ port: kafkaPort, state: 'up' }] } });
    const terminal = (await (await call('terminals.open', bearer)).json()) as {
      value: { pid: number; bootstrap: string };
    };
    expect(terminal.value.bootstrap).toBe(`127.0.0.1:${kafkaPort}`);
    expect(alive(terminal.value.pid)).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(alive(terminal.value.pid)).toBe(false);
    expect(err).toMatch(/stopping the console and the cluster/);
    expect(existsSync(join(dataDir, 'control.json'))).toBe(false);
    await expect(call('cluster.snapshot', bearer)).rejects.toThrow();
  }, 90_000);

  it('--no-terminal refuses terminals with 403 and says why', async () => {
    const kafkaPort = await freePort();
    const noTerminalDir = mkdtempSync(join(tmpdir(), 'brokerlab-cli-serve-'));
    const served = spawn(
      process.execPath,
      ['--import', 'tsx', main, 'serve', '--port', '0', '--kafka-port', String(kafkaPort)].concat([
        '--brokers',
        '1',
        '--data-dir',
        noTerminalDir,
        '--settings-dir',
        join(noTerminalDir, 'settings'),
        '--no-terminal',
      ]),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = served;
    const exited = new Promise<number | null>((resolve) => served.once('close', resolve));
    try {
      const [consoleLine] = await linesMatching(served, [/^console /, /^brokerlab ready /]);
      const url = new URL(consoleLine!.slice('console '.length));
      const answer = await fetch(new URL('/api/terminals.open', url.origin), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${url.searchParams.get('token')}`,
        },
        body: '{}',
      });
      expect(answer.status).toBe(403);
      expect(await answer.json()).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringContaining('--no-terminal') },
      });
    } finally {
      served.kill('SIGTERM');
      await exited;
      rmSync(noTerminalDir, { recursive: true, force: true });
    }
  }, 90_000);
});
