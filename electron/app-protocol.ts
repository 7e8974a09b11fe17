/**
 * The console's own origin, `brokerlab://app/`: the built renderer served from the app's files
 * with a strict Content-Security-Policy. A privileged standard scheme gives the page a real
 * origin (unlike file://), so the sender check can compare origins and the CSP's 'self' means
 * these files only. The desktop page talks to the host over IPC only: no network at all.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { protocol } from 'electron';
import { contentTypeOf, resolveUnder } from '../host/web/static-files.js';

export const APP_SCHEME = 'brokerlab';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

export const DESKTOP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

/** Serves rendererDir at brokerlab://app/ (index.html for the console's own routes). */
export function serveApp(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const headers = { 'content-security-policy': DESKTOP_CSP, 'x-content-type-options': 'nosniff' };
    if (url.host !== 'app' || request.method !== 'GET')
      return new Response('not found', { status: 404, headers });
    const file = resolveUnder(rendererDir, url.pathname);
    if (file === null) return new Response('not found', { status: 404, headers });
    const candidates = /\.[a-z0-9]+$/i.test(url.pathname) ? [file] : [file, join(rendererDir, 'index.html')];
    for (const path of candidates) {
      try {
        const body = await readFile(path);
        return new Response(body, { headers: { ...headers, 'content-type': contentTypeOf(path) } });
      } catch {
        // try the next candidate
      }
    }
    return new Response('The console has not been built: run `npm run build`.', { status: 404, headers });
  });
}
