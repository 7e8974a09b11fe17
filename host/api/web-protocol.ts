/**
 * The web host's wire format, shared by the server (host/web) and the browser client.
 *
 * Calls: `POST /api/<method>` with the JSON input as body (empty body = no input) and the launch
 * token as `Authorization: Bearer <token>`; the answer is `{ ok: true, value }` or
 * `{ ok: false, error: <envelope> }` with an HTTP status that matches the error code.
 *
 * Streams: one WebSocket at `/api/ws`, the token offered as the subprotocol `token.<token>` beside
 * `brokerlab.v1` (browsers cannot set headers on a WebSocket; a subprotocol keeps the token out of
 * URLs and logs). Client frames subscribe and unsubscribe by a client-chosen id; server frames
 * carry events for that id or the error that ended it.
 */
import { z } from 'zod';
import type { ApiErrorCode } from './errors.js';
import { errorEnvelopeSchema } from './errors.js';

export const webProtocol = 'brokerlab.v1';
export const tokenProtocolPrefix = 'token.';
export const tokenStorageKey = 'brokerlab.token';
export const tokenQueryParam = 'token';

export const clientFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('subscribe'),
    id: z.string().min(1).max(64),
    stream: z.string(),
    args: z.unknown(),
  }),
  z.strictObject({ type: z.literal('unsubscribe'), id: z.string().min(1).max(64) }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), id: z.string(), event: z.unknown() }),
  z.object({ type: z.literal('error'), id: z.string(), error: errorEnvelopeSchema }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/** HTTP status for an error code: what a generic HTTP tool would expect. */
export function httpStatusOf(code: ApiErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'UNKNOWN_METHOD':
    case 'NOT_FOUND':
      return 404;
    case 'ALREADY_EXISTS':
    case 'CONFLICT':
    case 'LOCAL_ONLY':
      return 409;
    case 'CANCELLED':
      return 499;
    case 'UNAVAILABLE':
      return 503;
    case 'TIMEOUT':
      return 504;
    case 'KAFKA':
      return 422;
    case 'INTERNAL':
      return 500;
  }
}
