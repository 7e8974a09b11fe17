/**
 * `POST /api/<method>`: the JSON body is the input (an empty body means none), the answer is the
 * dispatch result `{ ok, value }` / `{ ok, error }` with an HTTP status matching the error code.
 * A client that goes away aborts the call.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../api/errors.js';
import type { CallResult } from '../api/types.js';
import { httpStatusOf } from '../api/web-protocol.js';
import type { ConsoleService } from '../service/console-service.js';

/** Produce values may be large (16 MiB, base64 grows it by a third). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export async function handleApiCall(
  service: ConsoleService,
  method: string,
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  const controller = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  let answer: CallResult;
  try {
    const input = await readJson(request);
    answer = await service.dispatch(method, input, { signal: controller.signal });
  } catch (err) {
    const error =
      err instanceof ApiError ? err : new ApiError('INVALID_INPUT', 'the request body is not valid JSON');
    answer = { ok: false, error: error.toEnvelope() };
  }
  if (response.destroyed) return;
  const body = JSON.stringify(answer);
  response.writeHead(answer.ok ? 200 : httpStatusOf(answer.error.code), {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(body);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new ApiError('INVALID_INPUT', `the request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  if (!/^application\/json\b/i.test(type))
    throw new ApiError('INVALID_INPUT', 'the request body must be application/json');
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
