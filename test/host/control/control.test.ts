import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlCall, resolveControlTarget } from '../../../host/control/client.js';
import {
  controlFilePath,
  readControlFile,
  removeControlFile,
  writeControlFile,
  type ControlFile,
} from '../../../host/control/control-file.js';
import { assertDataDirFree } from '../../../host/control/data-dir-owner.js';
import { defaultDataDir, defaultSettingsDir } from '../../../host/control/data-dir.js';
import { startControlEndpoint, type ControlEndpoint } from '../../../host/control/server.js';
import type { ConsoleService } from '../../../host/service/console-service.js';
import { fakeService } from '../fixtures/fake-service.js';

let service: ConsoleService;
let endpoint: ControlEndpoint;
let dir: string;

beforeAll(async () => {
  service = fakeService();
  endpoint = await startControlEndpoint({ service });
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-control-'));
});
afterAll(async () => {
  await endpoint.close();
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, headers: Record<string, string>, body = '{}') {
  const response = await fetch(`${endpoint.url}${path}`, { method: 'POST', headers, body });
  return {
    status: response.status,
    body: (await response.json()) as { ok: boolean; error?: { code: string } },
  };
}

describe('control endpoint', () => {
  it('runs cluster and fault methods for a caller with the token', async () => {
    const target = { url: endpoint.url, token: endpoint.token };
    const fault = await controlCall(target, 'faults.killBroker', { brokerId: 2 });
    expect(fault).toMatchObject({ kind: 'kill', brokerId: 2 });
    const snapshot = await controlCall(target, 'cluster.snapshot', {});
    expect(snapshot.brokers.find((b) => b.id === 2)?.state).toBe('down');
    await expect(controlCall(target, 'faults.healAll', {})).resolves.toMatchObject({
      healed: [{ id: fault.id }],
    });
  });

  it('refuses a missing or wrong token (401), a foreign Host or any Origin (403)', async () => {
    expect((await post('/v1/faults.list', {})).status).toBe(401);
    expect((await post('/v1/faults.list', { authorization: 'Bearer wrong' })).status).toBe(401);
    const auth = { authorization: `Bearer ${endpoint.token}` };
    expect((await post('/v1/faults.list', { ...auth, origin: endpoint.url })).status).toBe(403);
    // fetch will not forge Host; a raw socket sends what a rebinding page would
    const status = await new Promise<string>((resolve) => {
      const c = connect(Number(new URL(endpoint.url).port), '127.0.0.1', () =>
        c.write(
          `POST /v1/faults.list HTTP/1.1\r\nhost: evil.example\r\nauthorization: Bearer ${endpoint.token}\r\n` +
            'content-length: 0\r\nconnection: close\r\n\r\n',
        ),
      );
      let text = '';
      c.on('data', (d) => (text += d));
      c.on('end', () => resolve(text.split(' ')[1] ?? ''));
    });
    expect(status).toBe('403');
  });

  it('runs nothing for a refused request', async () => {
    const before = await service.call('faults.list', {});
    const kill = '{"brokerId":3}';
    expect((await post('/v1/faults.killBroker', {}, kill)).status).toBe(401);
    expect((await post('/v1/faults.killBroker', { authorization: 'Bearer wrong' }, kill)).status).toBe(401);
    const auth = { authorization: `Bearer ${endpoint.token}` };
    expect((await post('/v1/faults.killBroker', { ...auth, origin: 'null' }, kill)).status).toBe(403);
    expect(await service.call('faults.list', {})).toEqual(before);
  });

  it('refuses a body that is too large or not JSON, with INVALID_INPUT', async () => {
    const auth = { authorization: `Bearer ${endpoint.token}` };
    const huge = await post('/v1/faults.list', auth, JSON.stringify({ pad: 'x'.repeat(70 * 1024) }));
    expect(huge.body.error).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'the request body is too large',
    });
    const broken = await post('/v1/faults.list', auth, '{oops');
    expect(broken.body.error).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'the request body is not valid JSON',
    });
  });

  it('runs nothing outside its list: topics and messages are for the Kafka protocol', async () => {
    const auth = { authorization: `Bearer ${endpoint.token}` };
    const answer = await post('/v1/topics.delete', auth, '{"name":"orders"}');
    expect(answer.status).toBe(404);
    expect(answer.body.error?.code).toBe('UNKNOWN_METHOD');
    expect((await post('/v1/faults.killBroker', auth, '{"brokerId":"x"}')).body.error?.code).toBe(
      'INVALID_INPUT',
    );
  });

  it('says plainly when nothing listens at the control URL', async () => {
    const started = Date.now();
    const dead = { url: 'http://127.0.0.1:9', token: 'x' };
    await expect(controlCall(dead, 'cluster.snapshot', {})).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('cannot reach the control endpoint at http://127.0.0.1:9'),
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('control file', () => {
  const content: ControlFile = {
    url: 'http://127.0.0.1:4000',
    token: 'a'.repeat(64),
    pid: 1,
    bootstrap: '127.0.0.1:9092',
    startedAt: new Date(0).toISOString(),
  };

  it('is written readable by its owner only, and read back', async () => {
    await writeControlFile(dir, content);
    expect(statSync(controlFilePath(dir)).mode & 0o777).toBe(0o600);
    expect(readControlFile(dir)).toEqual(content);
  });

  it('is removed only by the process that wrote it', async () => {
    await writeControlFile(dir, content);
    await removeControlFile(dir, 'b'.repeat(64));
    expect(readFileSync(controlFilePath(dir), 'utf8')).toContain(content.token);
    await removeControlFile(dir, content.token);
    expect(() => readControlFile(dir)).toThrow(/no running cluster found: .*control\.json does not exist/);
  });

  it('names a file that is not a control file', () => {
    writeFileSync(controlFilePath(dir), '{"hello":1}');
    expect(() => readControlFile(dir)).toThrow(/is not a Brokerlab control file/);
  });

  it('finds the target from --control with the env token, or from the data dir', async () => {
    await writeControlFile(dir, content);
    expect(resolveControlTarget({ dataDir: dir, env: {} })).toEqual({
      url: content.url,
      token: content.token,
    });
    expect(
      resolveControlTarget({
        control: 'http://127.0.0.1:5000/',
        dataDir: dir,
        env: { BROKERLAB_CONTROL_TOKEN: 't' },
      }),
    ).toEqual({
      url: 'http://127.0.0.1:5000',
      token: 't',
    });
    expect(resolveControlTarget({ control: content.url, dataDir: dir, env: {} }).token).toBe(content.token);
    expect(() => resolveControlTarget({ control: 'http://127.0.0.1:5000', dataDir: dir, env: {} })).toThrow(
      /no token for http:\/\/127\.0\.0\.1:5000: set BROKERLAB_CONTROL_TOKEN/,
    );
  });
});

describe('default data directory', () => {
  it("is the platform's user data directory", () => {
    expect(defaultDataDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.local/share/brokerlab');
    expect(defaultDataDir({ HOME: '/home/u', XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/brokerlab');
    expect(defaultDataDir({ HOME: '/home/u', XDG_DATA_HOME: 'relative' }, 'linux')).toBe(
      '/home/u/.local/share/brokerlab',
    );
    expect(defaultDataDir({ HOME: '/Users/u' }, 'darwin')).toBe(
      '/Users/u/Library/Application Support/Brokerlab',
    );
    expect(
      defaultDataDir({ HOME: 'C:\\Users\\u', LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32'),
    ).toMatch(/Brokerlab$/);
  });

  it("keeps settings in the platform's user configuration directory", () => {
    expect(defaultSettingsDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.config/brokerlab');
    expect(defaultSettingsDir({ HOME: '/home/u', XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/brokerlab');
    expect(defaultSettingsDir({ HOME: '/home/u', XDG_CONFIG_HOME: 'cfg' }, 'linux')).toBe(
      '/home/u/.config/brokerlab',
    );
    expect(defaultSettingsDir({ HOME: 'C:\\Users\\u', APPDATA: 'R' }, 'win32')).toMatch(/^R.Brokerlab$/);
  });
});

describe('data dir owner', () => {
  it('refuses a data dir that a live process runs a cluster on, and ignores a stale file', async () => {
    const owned = join(dir, 'owned');
    // this test's parent process is alive and not us
    await writeControlFile(owned, {
      url: 'http://127.0.0.1:1',
      token: 't',
      pid: process.ppid,
      bootstrap: '',
      startedAt: '',
    });
    expect(() => assertDataDirFree(owned)).toThrow(
      /^a cluster is already running on .*owned \(pid \d+, control http:\/\/127\.0\.0\.1:1\)/,
    );
    await writeControlFile(owned, {
      url: 'http://127.0.0.1:1',
      token: 't',
      pid: 2 ** 22 + 12345,
      bootstrap: '',
      startedAt: '',
    });
    expect(() => assertDataDirFree(owned)).not.toThrow();
    expect(() => assertDataDirFree(join(dir, 'empty'))).not.toThrow();
  });
});
