/**
 * The web host's gate. It listens on 127.0.0.1 only, and on top of that:
 * - every API request (HTTP and WebSocket) carries the per-launch token, or gets 401 — other
 *   local users and programs cannot drive the cluster without reading the printed URL;
 * - the Host header must name this host and port (127.0.0.1 or localhost), or 403 — a DNS
 *   rebinding page (evil.example resolving to 127.0.0.1) sends its own name as Host;
 * - an Origin header, when present (browsers always send one on POST and WebSocket), must be
 *   this very origin, or 403 — another page open in the user's browser cannot call the API.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes as hex: safe in a URL, a header and a WebSocket subprotocol. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

export type GateVerdict =
  { readonly ok: true } | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

export interface GateInput {
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly token: string | null | undefined;
}

/** Host and Origin first (403), then the token (401). */
export function checkRequest(
  port: number,
  expectedToken: string,
  input: GateInput,
  needsToken: boolean,
): GateVerdict {
  if (!input.host || !allowedHosts(port).has(input.host.toLowerCase())) {
    return { ok: false, status: 403, reason: 'this host name is not allowed' };
  }
  if (input.origin !== undefined && !allowedOrigins(port).has(input.origin.toLowerCase())) {
    return { ok: false, status: 403, reason: 'requests from other origins are not allowed' };
  }
  if (needsToken && !tokenMatches(expectedToken, input.token)) {
    return {
      ok: false,
      status: 401,
      reason: 'a valid token is required (open the URL that `brokerlab serve` printed)',
    };
  }
  return { ok: true };
}

/** The bearer token of an Authorization header. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9._~-]+)$/.exec(header ?? '');
  return match ? match[1]! : null;
}

/**
 * The page's Content-Security-Policy: scripts only from this origin, no eval, no plugins, no
 * framing, no remote anything; connections only back to this host (HTTP and its WebSocket).
 * Styles allow inline style attributes and tags, which the component library writes at run time.
 */
export function contentSecurityPolicy(port: number): string {
  const self = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const ws = [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${[...self, ...ws].join(' ')}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers every response gets. */
export function baseHeaders(): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    // The console URL carries the token: never send it anywhere as a referrer.
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
  };
}
