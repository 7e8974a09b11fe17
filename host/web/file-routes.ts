/**
 * The web host's file routes, for the browser's side of export and import (the desktop uses its
 * native dialogs instead):
 *
 *   POST /api/files/upload?name=orders.jsonl   body: the file's bytes (any type, streamed to disk)
 *        → { ok: true, value: { fileId, name, bytes } }: the id import.preview and import.start take
 *   GET  /api/files/download/<downloadId>       → the finished export, as an attachment
 *
 * Both sit behind the same gate as every API call. A download may carry the token as `?token=`
 * (an `<a download>` link cannot set headers), which the page already holds from its own URL.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../api/errors.js';
import { fileNameSchema } from '../api/schemas/transfer.js';
import { httpStatusOf } from '../api/web-protocol.js';
import type { ConsoleService } from '../service/console-service.js';

export const uploadPath = '/api/files/upload';
export const downloadPrefix = '/api/files/download/';

export function isFileRoute(path: string): boolean {
  return path === uploadPath || path.startsWith(downloadPrefix);
}

function answer(
  response: ServerResponse,
  headers: Record<string, string>,
  result: { ok: true; value: unknown } | { ok: false; error: ApiError },
): void {
  const status = result.ok ? 200 : httpStatusOf(result.error.code);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(result.ok ? result : { ok: false, error: result.error.toEnvelope() }));
}

/** `attachment; filename="..."` with the name also in RFC 5987 form, for non-ASCII names. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function handleFileRoute(
  service: ConsoleService,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  if (url.pathname === uploadPath) {
    if (request.method !== 'POST') {
      response.writeHead(405, { ...headers, allow: 'POST' });
      return void response.end();
    }
    const name = fileNameSchema.safeParse(url.searchParams.get('name') ?? '');
    if (!name.success)
      return answer(response, headers, {
        ok: false,
        error: new ApiError('INVALID_INPUT', `name: ${name.error.issues[0]!.message}`),
      });
    try {
      const value = await service.files.acceptUpload(name.data, request);
      return answer(response, headers, { ok: true, value });
    } catch (error) {
      if (response.destroyed) return;
      const message = error instanceof Error ? error.message : String(error);
      return answer(response, headers, {
        ok: false,
        error: new ApiError('INTERNAL', `upload failed: ${message}`),
      });
    }
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...headers, allow: 'GET, HEAD' });
    return void response.end();
  }
  const id = url.pathname.slice(downloadPrefix.length);
  const file = service.files.download(id);
  if (!file)
    return answer(response, headers, {
      ok: false,
      error: new ApiError('NOT_FOUND', 'there is no such download (it may have been removed)'),
    });
  const stream = createReadStream(file.path);
  stream.once('error', () => response.destroy());
  stream.once('open', () => {
    response.writeHead(200, {
      ...headers,
      'content-type': 'application/octet-stream',
      'content-disposition': attachment(file.name),
      'cache-control': 'no-store',
    });
    if (request.method === 'HEAD') {
      stream.destroy();
      response.end();
    } else stream.pipe(response);
  });
}
