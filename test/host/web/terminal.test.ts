import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  ApiError,
  createConsoleApi,
  webTransport,
  type ConsoleApi,
  type TerminalOutputEvent,
  type WebSocketConstructor,
} from '../../../host/api/index.js';
import type { ConsoleService } from '../../../host/service/console-service.js';
import { startWebHost, type WebHost } from '../../../host/web/server.js';
import { fakeService } from '../fixtures/fake-service.js';
import { alive, waitForOutput } from '../terminal/terminal-helpers.js';

let dir: string;
let service: ConsoleService;
let host: WebHost;
let locked: WebHost;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-web-terminal-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Brokerlab</title>');
  service = fakeService({}, { terminals: { shell: '/bin/bash' } });
  host = await startWebHost({ service, port: 0, staticDir: dir });
  locked = await startWebHost({ service, port: 0, staticDir: dir, terminal: false });
});

afterAll(async () => {
  await host.close();
  await locked.close();
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

function client(web: WebHost, token = web.token): ConsoleApi {
  return createConsoleApi(
    webTransport({
      baseUrl: `http://127.0.0.1:${web.port}`,
      token,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    }),
  );
}

/** A raw upgrade to the streams' socket: the socket, or the HTTP status that refused it. */
function openSocket(web: WebHost, protocols: string[], origin = `http://127.0.0.1:${web.port}`) {
  return new Promise<WebSocket | number>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${web.port}/api/ws`, protocols, { headers: { origin } });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => {});
  });
}

describe('terminals over the web host', () => {
  it('cannot be opened or read without the token, nor from another origin', async () => {
    expect(await openSocket(host, ['brokerlab.v1'])).toBe(401);
    expect(await openSocket(host, ['brokerlab.v1', 'token.0123'])).toBe(401);
    expect(await openSocket(host, ['brokerlab.v1', `token.${host.token}`], 'http://evil.example')).toBe(403);
    await expect(client(host, 'wrong').terminals.open({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(service.terminals.list()).toEqual([]);
  });

  it('runs a shell with the bootstrap, streams its output, and ends it on close', async () => {
    const api = client(host);
    const { bootstrap } = await api.connections.active();
    const t = await api.terminals.open({ cols: 100, rows: 30 });
    expect(t).toMatchObject({ state: 'running', bootstrap });
    const follow = (listener: (e: TerminalOutputEvent) => void) =>
      api.terminals.onOutput({ id: t.id }, listener);
    await api.terminals.write({ id: t.id, data: 'printf "BOOT=%s\\n" "$BROKERLAB_BOOTSTRAP"\r' });
    await waitForOutput(follow, new RegExp(`BOOT=${bootstrap.replaceAll('.', '\\.')}\r?\n`));
    await api.terminals.resize({ id: t.id, cols: 90, rows: 20 });
    expect(await api.terminals.list()).toEqual([expect.objectContaining({ id: t.id, pid: t.pid })]);
    await api.terminals.close({ id: t.id });
    expect(alive(t.pid)).toBe(false);
    await expect(api.terminals.write({ id: t.id, data: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses terminals, with the reason, when the console was started with --no-terminal', async () => {
    const api = client(locked);
    const error = await api.terminals.open({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('--no-terminal') });
    // Open one through the other host: the locked one still will not stream it.
    const t = await client(host).terminals.open({});
    const streamError = await new Promise<ApiError>((resolve) =>
      api.terminals.onOutput({ id: t.id }, () => {}, resolve),
    );
    expect(streamError).toMatchObject({ code: 'FORBIDDEN' });
    await service.terminals.close(t.id);
  });
});
