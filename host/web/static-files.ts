/**
 * Serves the built console (dist/renderer) read-only: files under the root only (no traversal,
 * no dotfiles), index.html for the console's own routes (paths without an extension), and a
 * plain page saying how to build it when it has not been built.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The Content-Type of a file by its extension. */
export function contentTypeOf(path: string): string {
  return contentTypes[extname(path)] ?? 'application/octet-stream';
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Resolves a URL path to a file under root, or null for anything outside it or hidden. */
export function resolveUnder(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  if (relative.split(/[/\\]/).some((part) => part === '..' || part.startsWith('.'))) return null;
  const path = join(root, relative);
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : null;
}

export async function serveStatic(
  root: string,
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  const urlPath = new URL(request.url ?? '/', 'http://x').pathname;
  const index = join(root, 'index.html');
  let file = resolveUnder(root, urlPath);
  if (file === null) return send(response, 404, headers, 'not found');
  if (!(await isFile(file))) {
    if (extname(urlPath) !== '') return send(response, 404, headers, 'not found');
    file = index;
  }
  if (!(await isFile(file))) {
    return send(
      response,
      503,
      headers,
      'The console has not been built. Run `npm run build` in the Brokerlab folder, then reload. The API is running.',
    );
  }
  const type = contentTypeOf(file);
  const hashed = file.startsWith(join(root, 'assets') + sep);
  response.writeHead(200, {
    ...headers,
    'content-type': type,
    // Vite's hashed assets may be cached for good; the page (which names them) and the rest may not.
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, text: string): void {
  response.writeHead(status, {
    ...headers,
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(text);
}
