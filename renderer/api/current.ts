/**
 * The one Api object of the page. main.ts installs it at start (over the Electron bridge or over
 * HTTP + WebSocket); stores read it with `useApi()` and are its only callers. Component tests
 * install a test double instead.
 */
import type { ConsoleApi } from '../../host/api/types.js';
import type { WebFiles } from '../../host/api/web-files.js';

let current: ConsoleApi | undefined;
let files: WebFiles | null = null;

/** `webFiles`: the browser's upload and download routes (null on the desktop, which has dialogs). */
export function installApi(api: ConsoleApi, webFiles: WebFiles | null = null): void {
  current = api;
  files = webFiles;
}

/** How export and import reach files in a browser; null on the desktop. */
export function useWebFiles(): WebFiles | null {
  return files;
}

export function useApi(): ConsoleApi {
  if (!current) throw new Error('the console API is not installed yet (installApi in main.ts)');
  return current;
}
