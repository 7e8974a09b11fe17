/**
 * The one Api object of the page. main.ts installs it at start (over the Electron bridge or over
 * HTTP + WebSocket); stores read it with `useApi()` and are its only callers. Component tests
 * install a test double instead.
 */
import type { ConsoleApi } from '../../host/api/types.js';

let current: ConsoleApi | undefined;

export function installApi(api: ConsoleApi): void {
  current = api;
}

export function useApi(): ConsoleApi {
  if (!current) throw new Error('the console API is not installed yet (installApi in main.ts)');
  return current;
}
