/**
 * `brokerlab serve --settings-dir DIR` offers the connections saved there after the embedded
 * cluster; a connections file it cannot read is named on stderr and through the API, and kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePortRun } from '../../peers/ports.js';

const main = new URL('../../../host/cli/main.ts', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'brokerlab-serve-connections-'));
let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

async function serve(settingsDir: string) {
  const kafkaPort = await freePortRun(1);
  const served = spawn(
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
    ].concat(['--data-dir', join(root, `data-${kafkaPort}`), '--settings-dir', settingsDir, '--no-terminal']),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child = served;
  let out = '';
  let err = '';
  served.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<URL>((resolve, reject) => {
    served.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = /^console (\S+)$/m.exec(out);
      if (line && /^brokerlab ready /m.test(out)) resolve(new URL(line[1]!));
    });
    served.once('close', (code) => reject(new Error(`serve exited with ${code}:\n${out}${err}`)));
  });
  const call = async (method: string) => {
    const answer = await fetch(new URL(`/api/${method}`, url.origin), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${url.searchParams.get('token')}`,
        origin: url.origin,
      },
      body: '{}',
    });
    return ((await answer.json()) as { value: unknown }).value;
  };
  const stop = async () => {
    const exited = new Promise((resolve) => served.once('close', resolve));
    served.kill('SIGTERM');
    await exited;
  };
  return { call, stop, stderr: () => err };
}

describe('brokerlab serve with saved connections', () => {
  it('lists saved connections after the embedded cluster, and names an unreadable file', async () => {
    const good = join(root, 'good');
    const bad = join(root, 'bad');
    for (const [dir, text] of [
      [
        good,
        JSON.stringify({
          version: 1,
          connections: [
            {
              id: 'prod',
              name: 'Prod',
              bootstrap: 'kafka.example.com:9092',
              securityProtocol: 'PLAINTEXT',
              sasl: null,
              tls: null,
              clientId: null,
              secrets: { mode: 'memory' },
            },
          ],
        }),
      ],
      [bad, '{"version": 2}'],
    ] as const) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'connections.json'), text);
    }

    const first = await serve(good);
    const list = (await first.call('connections.list')) as { id: string; status: string; active: boolean }[];
    expect(list.map((c) => [c.id, c.status, c.active])).toEqual([
      ['embedded', 'ready', true],
      ['prod', 'stopped', false],
    ]);
    await first.stop();

    const second = await serve(bad);
    expect(((await second.call('connections.storage')) as { problem: string }).problem).toContain(
      'connections.json is not a connections file (version:',
    );
    await second.stop();
    expect(second.stderr()).toMatch(
      /brokerlab: saved connections: .*connections\.json is not a connections file/,
    );
    expect(readFileSync(join(bad, 'connections.json'), 'utf8')).toBe('{"version": 2}');
  }, 90_000);
});
