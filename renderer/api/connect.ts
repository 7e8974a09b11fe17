/**
 * Chooses the page's transport: the preload's `window.brokerlab` in Electron, else HTTP +
 * WebSocket to the web host that served the page, with the launch token from the URL.
 */
import {
  bridgeTransport,
  createConsoleApi,
  webFiles,
  webTransport,
  type BridgeApi,
  type ConsoleApi,
  type WebFiles,
} from '../../host/api/index.js';
import { takeSessionToken } from './session-token.js';

/** `files`: the browser's upload and download routes; null on the desktop, which has dialogs. */
export type Connected =
  | { readonly api: ConsoleApi; readonly files: WebFiles | null }
  | { readonly api: null; readonly problem: string };

export function connectApi(win: Window): Connected {
  const bridge = (win as Window & { brokerlab?: BridgeApi }).brokerlab;
  if (bridge) return { api: createConsoleApi(bridgeTransport(bridge)), files: null };
  if (win.location.protocol !== 'http:' && win.location.protocol !== 'https:') {
    return {
      api: null,
      problem: 'This page was opened from a file. Start the console with `brokerlab serve`.',
    };
  }
  const token = takeSessionToken(win.location, win.history, win.sessionStorage);
  if (!token) {
    return {
      api: null,
      problem: 'This page has no launch token. Open the console with the URL that `brokerlab serve` printed.',
    };
  }
  return {
    api: createConsoleApi(webTransport({ baseUrl: win.location.origin, token })),
    files: webFiles({ baseUrl: win.location.origin, token }),
  };
}
