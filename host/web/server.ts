/**
 * The web host (`brokerlab serve`): the built console and the API over HTTP + one WebSocket, on
 * 127.0.0.1, behind the gate in security.ts. The console URL it returns carries the token in its
 * query (`?token=`); the page keeps it (sessionStorage) and sends it with every call.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { ApiError } from '../api/errors.js';
import { tokenProtocolPrefix, tokenQueryParam, webProtocol } from '../api/web-protocol.js';
import type { ConsoleService } from '../service/console-service.js';
import { handleApiCall } from './api-routes.js';
import { downloadPrefix, handleFileRoute, isFileRoute } from './file-routes.js';
import { baseHeaders, bearerToken, checkRequest, contentSecurityPolicy, newToken } from './security.js';
import { serveStatic } from './static-files.js';
import { isTerminalEntry, terminalsOff } from './terminal-gate.js';
import { serveSocket } from './websocket.js';

export interface WebHostOptions {
  readonly service: ConsoleService;
  /** 0 picks a free port. */
  readonly port: number;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  /** Defaults to a fresh random token. */
  readonly token?: string;
  /** Whether the console may open terminals (shells on this machine); default true. */
  readonly terminal?: boolean;
}

export interface WebHost {
  readonly port: number;
  readonly token: string;
  /** The console's address with the token, to open in a browser. */
  readonly url: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? newToken();
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has(webProtocol) ? webProtocol : false),
  });
  const terminal = options.terminal ?? true;
  const refuseStream = (name: string) => (!terminal && isTerminalEntry(name) ? terminalsOff() : null);
  sockets.on('connection', (socket) => serveSocket(options.service, socket, refuseStream));
  let port = 0;

  const server: Server = createServer((request, response) => {
    void route(request, response).catch(() => response.destroy());
  });

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const headers = baseHeaders();
    const url = new URL(request.url ?? '/', 'http://x');
    const path = url.pathname;
    const isApi = path.startsWith('/api/');
    // A download link cannot set headers: it may carry the token in its query instead.
    const given =
      bearerToken(request.headers.authorization) ??
      (path.startsWith(downloadPrefix) ? url.searchParams.get(tokenQueryParam) : null);
    let verdict = checkRequest(
      port,
      token,
      { host: request.headers.host, origin: request.headers.origin, token: given },
      isApi,
    );
    if (verdict.ok && isApi && !terminal && isTerminalEntry(path.slice('/api/'.length)))
      verdict = { ok: false, status: 403, reason: terminalsOff().message };
    if (!verdict.ok) {
      if (!isApi) return plain(response, verdict.status, headers, verdict.reason);
      const error = new ApiError(verdict.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', verdict.reason);
      response.writeHead(verdict.status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
      return void response.end(JSON.stringify({ ok: false, error: error.toEnvelope() }));
    }
    if (isFileRoute(path)) return handleFileRoute(options.service, url, request, response, headers);
    if (isApi) {
      if (request.method !== 'POST')
        return plain(response, 405, { ...headers, allow: 'POST' }, 'API calls are POST');
      return handleApiCall(options.service, path.slice('/api/'.length), request, response, headers);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plain(response, 405, { ...headers, allow: 'GET, HEAD' }, 'method not allowed');
    }
    return serveStatic(options.staticDir, request, response, {
      ...headers,
      'content-security-policy': contentSecurityPolicy(port),
    });
  };

  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const given = offered.find((p) => p.startsWith(tokenProtocolPrefix))?.slice(tokenProtocolPrefix.length);
    const verdict =
      path !== '/api/ws'
        ? ({ ok: false, status: 404, reason: 'not found' } as const)
        : checkRequest(
            port,
            token,
            { host: request.headers.host, origin: request.headers.origin, token: given },
            true,
          );
    if (!verdict.ok) {
      socket.end(
        `HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : verdict.status === 403 ? 'Forbidden' : 'Not Found'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
      );
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as { port: number }).port;

  return {
    port,
    token,
    url: `http://${HOST}:${port}/?${tokenQueryParam}=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function plain(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  text: string,
): void {
  response.writeHead(status, {
    ...headers,
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(text);
}
