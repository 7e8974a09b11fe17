/**
 * The registry's HTTP listener on 127.0.0.1 (Node's http, as the web host uses). Answers are
 * `application/vnd.schemaregistry.v1+json`; errors are `{"error_code":..,"message":..}` with the
 * HTTP status Confluent uses. Bodies are JSON in any of the content types Confluent accepts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryError, notFound } from './errors.js';
import type { SchemaRegistry } from './registry.js';
import { matchRoute, type RouteAnswer } from './routes.js';

export const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface RegistryListener {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RegistryError(413, 413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (err) {
    throw new RegistryError(400, 400, `Unexpected character in the request body: ${(err as Error).message}`);
  }
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': CONTENT_TYPE, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function handle(registry: SchemaRegistry, request: IncomingMessage, response: ServerResponse) {
  try {
    const url = new URL(request.url ?? '/', 'http://registry');
    const route = matchRoute(request.method ?? 'GET', url.pathname);
    if (!route) throw notFound();
    const body = await readBody(request);
    const answer: RouteAnswer = await route.handler(registry, {
      params: route.params,
      query: url.searchParams,
      body,
    });
    send(response, 200, 'raw' in answer ? answer.raw : JSON.stringify(answer.json));
  } catch (err) {
    const error =
      err instanceof RegistryError
        ? err
        : new RegistryError(500, 50001, `Error in the registry - ${(err as Error).message}`);
    send(response, error.status, JSON.stringify(error));
  }
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Listens on `port` (0: one the kernel picks). With `fallbackToFree`, a port already taken is
 * replaced by a free one; otherwise it is an error naming the port.
 */
export async function listenRegistry(
  registry: SchemaRegistry,
  options: { host: string; port: number; fallbackToFree?: boolean },
): Promise<RegistryListener> {
  const server = createServer((request, response) => void handle(registry, request, response));
  let port: number;
  try {
    port = await listen(server, options.host, options.port);
  } catch (err) {
    const taken = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (!taken) throw err;
    if (!options.fallbackToFree)
      throw new Error(`the schema registry's port ${options.port} is already in use`, { cause: err });
    port = await listen(server, options.host, 0);
  }
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
