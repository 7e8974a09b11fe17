import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  ApiError,
  createConsoleApi,
  webTransport,
  type Connection,
  type WebSocketConstructor,
} from '../../../host/api/index.js';
import type { ConsoleService } from '../../../host/service/console-service.js';
import { startWebHost, type WebHost } from '../../../host/web/server.js';
import { fakeService } from '../fixtures/fake-service.js';

let dir: string;
let service: ConsoleService;
let host: WebHost;
let origin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Brokerlab</title>');
  writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(dir, '.env'), 'SECRET=1');
  service = fakeService({ seedRecords: 3 });
  host = await startWebHost({ service, port: 0, staticDir: dir });
  origin = `http://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host.close();
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so tests can set Host and Origin as an attacker would. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: host.port,
        method,
        path,
        headers: { host: `127.0.0.1:${host.port}`, ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const auth = () => ({ authorization: `Bearer ${host.token}`, 'content-type': 'application/json' });

describe('web host: the console page', () => {
  it('prints a URL with the launch token, on 127.0.0.1', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves the page with a strict CSP and no caching, and the console routes as the page', async () => {
    for (const path of ['/', '/topics/orders?partition=1']) {
      const page = await raw('GET', path);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<title>Brokerlab</title>');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-eval');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
    }
    const asset = await raw('GET', '/assets/app-1234.js');
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('serves nothing outside the built console, nor hidden files', async () => {
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/.env',
      '/assets/missing.js',
      '/a%00b',
    ]) {
      expect((await raw('GET', path)).status, path).toBe(404);
    }
  });

  it('refuses a foreign Host even for the page (DNS rebinding)', async () => {
    const page = await raw('GET', '/', { host: `evil.example:${host.port}` });
    expect(page.status).toBe(403);
  });
});

describe('web host: API calls', () => {
  it('answers a call with the token', async () => {
    const answer = await raw('POST', '/api/topics.list', auth(), '{}');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: [{ name: 'orders' }] });
    const noBody = await raw('POST', '/api/cluster.snapshot', { authorization: `Bearer ${host.token}` });
    expect(JSON.parse(noBody.body)).toMatchObject({ ok: true, value: { clusterId: 'fake-cluster' } });
  });

  it('refuses calls without the token, or with a wrong one: 401', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer nope' },
      { authorization: `Basic ${host.token}` },
    ];
    for (const headers of attempts) {
      const answer = await raw(
        'POST',
        '/api/topics.list',
        { 'content-type': 'application/json', ...headers },
        '{}',
      );
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('refuses a foreign Origin or Host even with the token: 403', async () => {
    const foreign: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: `http://127.0.0.1:${host.port + 1}` },
      { host: `evil.example:${host.port}` },
      { host: `127.0.0.1:${host.port + 1}` },
    ];
    for (const headers of foreign) {
      const answer = await raw('POST', '/api/faults.killBroker', { ...auth(), ...headers }, '{"brokerId":1}');
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await service.call('faults.list', {})).toEqual([]);
    const same = await raw(
      'POST',
      '/api/faults.list',
      { ...auth(), origin, host: `localhost:${host.port}` },
      '{}',
    );
    expect(same.status).toBe(200);
  });

  it('runs nothing for a refused call, and guards uploads and downloads the same way', async () => {
    const faultsBefore = await service.call('faults.list', {});
    const json = { 'content-type': 'application/json' };
    expect((await raw('POST', '/api/faults.killBroker', json, '{"brokerId":1}')).status).toBe(401);
    const foreign = { ...auth(), origin: 'http://evil.example' };
    expect((await raw('POST', '/api/faults.killBroker', foreign, '{"brokerId":1}')).status).toBe(403);
    expect(await service.call('faults.list', {})).toEqual(faultsBefore);

    const upload = '/api/files/upload?name=orders.jsonl';
    const octets = { 'content-type': 'application/octet-stream' };
    expect((await raw('POST', upload, octets, '{}\n')).status).toBe(401);
    expect((await raw('POST', upload, { ...foreign, ...octets }, '{}\n')).status).toBe(403);
    expect((await raw('GET', '/api/files/download/abc')).status).toBe(401);
    expect((await raw('GET', '/api/files/download/abc?token=wrong')).status).toBe(401);
    expect(
      (await raw('GET', `/api/files/download/abc?token=${host.token}`, { origin: 'http://evil.example' }))
        .status,
    ).toBe(403);
  });

  it('maps errors to HTTP statuses with the envelope as body', async () => {
    const bad = await raw('POST', '/api/topics.create', auth(), '{"name":"a b"}');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: ['name'] }] });
    expect((await raw('POST', '/api/topics.nope', auth(), '{}')).status).toBe(404);
    expect((await raw('POST', '/api/topics.describe', auth(), '{"name":"ghost"}')).status).toBe(404);
    const notJson = await raw('POST', '/api/topics.list', auth(), '{oops');
    expect(notJson.status).toBe(400);
    const wrongType = await raw(
      'POST',
      '/api/topics.list',
      { authorization: `Bearer ${host.token}`, 'content-type': 'text/plain' },
      '{}',
    );
    expect(JSON.parse(wrongType.body).error.message).toBe('the request body must be application/json');
    expect((await raw('GET', '/api/topics.list', auth())).status).toBe(405);
  });
});

function openSocket(headers: Record<string, string>, protocols: string[]) {
  return new Promise<WebSocket | number>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/ws`, protocols, { headers });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => {});
  });
}

describe('web host: the WebSocket', () => {
  it('refuses a socket without the token (401) or from a foreign origin (403)', async () => {
    expect(await openSocket({ origin }, ['brokerlab.v1'])).toBe(401);
    expect(await openSocket({ origin }, ['brokerlab.v1', 'token.wrong'])).toBe(401);
    expect(await openSocket({ origin: 'http://evil.example' }, ['brokerlab.v1', `token.${host.token}`])).toBe(
      403,
    );
    expect(await openSocket({ origin, host: 'evil.example' }, ['brokerlab.v1', `token.${host.token}`])).toBe(
      403,
    );
  });

  it('closes a socket that sends something other than subscription frames', async () => {
    const ws = (await openSocket({ origin }, ['brokerlab.v1', `token.${host.token}`])) as WebSocket;
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send('hello');
    expect(await closed).toBe(1003);
  });
});

describe('web host: the browser client against it', () => {
  const client = () =>
    createConsoleApi(
      webTransport({
        baseUrl: origin,
        token: host.token,
        WebSocket: WebSocket as unknown as WebSocketConstructor,
      }),
    );

  it('calls methods and gets ApiErrors back', async () => {
    const api = client();
    const topics = await api.topics.list();
    expect(topics.map((t) => t.name)).toEqual(['orders']);
    const error = await api.topics.describe({ name: 'ghost' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'there is no topic ghost' });
  });

  it('streams over the one WebSocket, and ends a stream with its error', async () => {
    const api = client();
    const active = await new Promise<Connection>((resolve) => {
      const stop = api.connections.onChanges({}, (c) => {
        stop();
        resolve(c);
      });
    });
    expect(active).toMatchObject({ id: 'embedded', status: 'ready' });
    const error = await new Promise<ApiError>((resolve) =>
      api.jobs.onProgress({ jobId: 'nope' }, () => {}, resolve),
    );
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('cancels a call when its signal aborts', async () => {
    const controller = new AbortController();
    const call = client().topics.list({}, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('web host without a built console', () => {
  it('says how to build it, and still serves the API', async () => {
    const bare = await startWebHost({ service, port: 0, staticDir: join(dir, 'missing') });
    try {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port: bare.port, path: '/' }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
          .on('error', reject)
          .end();
      });
      expect(answer.status).toBe(503);
      expect(answer.body).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });
});
