/**
 * `brokerlab serve` as a process: it prints the console URL (127.0.0.1, with the launch token)
 * and the ready line, answers the API only with that token and only for its own origin, drives
 * the embedded cluster it started, and stops both on SIGTERM with exit 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

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
        `^brokerlab ready bootstrap=127\\.0\\.0\\.1:${kafkaPort} control=http://127\\.0\\.0\\.1:\\d+/?\\S*$`,
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

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(err).toMatch(/stopping the console and the cluster/);
    expect(existsSync(join(dataDir, 'control.json'))).toBe(false);
    await expect(call('cluster.snapshot', bearer)).rejects.toThrow();
  }, 90_000);
});
