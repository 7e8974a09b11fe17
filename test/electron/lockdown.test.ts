/**
 * The desktop window's lock-down and the brokerlab:// scheme without an Electron binary: the
 * main-process code runs against a recording stand-in for the few Electron objects it touches,
 * and each refusal of docs/security.md is checked (the Electron e2e test checks some of them again
 * in a real window where an Electron binary exists).
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const home = mkdtempSync(join(tmpdir(), 'brokerlab-lockdown-'));

class FakeContents extends EventEmitter {
  readonly mainFrame = { url: 'brokerlab://app/' };
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
}

class FakeWindow extends EventEmitter {
  static last: FakeWindow | null = null;
  readonly webContents = new FakeContents();
  destroyed = false;
  loaded: string | null = null;
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super();
    FakeWindow.last = this;
  }
  isDestroyed() {
    return this.destroyed;
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  maximize() {}
}

const permissions: {
  request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
  check?: () => boolean;
} = {};
const handlers = new Map<string, (request: Request) => Promise<Response>>();

vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  app: { getPath: () => home },
  screen: { getAllDisplays: () => [] },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: typeof permissions.request) => (permissions.request = fn),
      setPermissionCheckHandler: (fn: typeof permissions.check) => (permissions.check = fn),
    },
  },
  protocol: {
    registerSchemesAsPrivileged: () => {},
    handle: (scheme: string, fn: (request: Request) => Promise<Response>) => handlers.set(scheme, fn),
  },
}));

const { createConsoleWindow, isConsoleFrame, lockDownSessions } = await import('../../electron/window.js');
const { APP_SCHEME, serveApp } = await import('../../electron/app-protocol.js');

afterAll(() => rmSync(home, { recursive: true, force: true }));

function open(): FakeWindow {
  createConsoleWindow(home);
  return FakeWindow.last!;
}

/** Emits a navigation-like event and says whether a handler prevented it. */
function prevented(contents: FakeContents, name: string, url?: string): boolean {
  let stopped = false;
  contents.emit(name, { preventDefault: () => (stopped = true) }, url);
  return stopped;
}

describe('the console window', () => {
  it('isolates, sandboxes and strips the page of Node, webviews and insecure content', () => {
    const window = open();
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(window.options.webPreferences).not.toHaveProperty('experimentalFeatures');
    expect(window.options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(window.loaded).toBe('brokerlab://app/');
  });

  it('refuses navigation and redirects away from its own origin, webviews and new windows', () => {
    const { webContents } = open();
    expect(prevented(webContents, 'will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented(webContents, 'will-navigate', 'brokerlab://application/')).toBe(true);
    expect(prevented(webContents, 'will-navigate', 'brokerlab://app/topics')).toBe(false);
    expect(prevented(webContents, 'will-redirect', 'http://127.0.0.1:9092/')).toBe(true);
    expect(prevented(webContents, 'will-attach-webview')).toBe(true);
    expect(webContents.openHandler?.({ url: 'brokerlab://app/' })).toEqual({ action: 'deny' });
  });

  it('refuses every permission request and check', () => {
    lockDownSessions();
    let granted: boolean | null = null;
    permissions.request?.({}, 'media', (answer) => (granted = answer));
    expect(granted).toBe(false);
    expect(permissions.check?.()).toBe(false);
  });

  it("trusts on IPC only its own page's main frame", () => {
    const window = open();
    const as = (senderFrame: unknown) => ({ senderFrame }) as Parameters<typeof isConsoleFrame>[1];
    const real = window as unknown as Parameters<typeof isConsoleFrame>[0];
    expect(isConsoleFrame(real, as(window.webContents.mainFrame))).toBe(true);
    expect(isConsoleFrame(real, as({ url: 'brokerlab://app/' }))).toBe(false);
    expect(isConsoleFrame(real, as(null))).toBe(false);
    expect(isConsoleFrame(null, as(window.webContents.mainFrame))).toBe(false);
    window.webContents.mainFrame.url = 'https://example.com/';
    expect(isConsoleFrame(real, as(window.webContents.mainFrame))).toBe(false);
    window.webContents.mainFrame.url = 'brokerlab://app/';
    window.destroyed = true;
    expect(isConsoleFrame(real, as(window.webContents.mainFrame))).toBe(false);
  });
});

describe('the brokerlab:// scheme', () => {
  const rendererDir = join(home, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Brokerlab</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, '.secret'), 'no');
  writeFileSync(join(home, 'outside.txt'), 'no');
  serveApp(rendererDir);
  const get = (url: string, method = 'GET') => handlers.get(APP_SCHEME)!(new Request(url, { method }));

  it('serves the built console with a CSP that allows no network, no eval and no framing', async () => {
    const page = await get('brokerlab://app/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Brokerlab</title>');
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "connect-src 'none'",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get('brokerlab://app/topics/orders')).status).toBe(200);
  });

  it('serves nothing outside the build, no hidden files, only GET and only its own host', async () => {
    expect((await get('brokerlab://app/%2e%2e/outside.txt')).status).toBe(404);
    expect((await get('brokerlab://app/..%2foutside.txt')).status).toBe(404);
    expect((await get('brokerlab://app/.secret')).status).toBe(404);
    expect((await get('brokerlab://app/assets/app.js', 'POST')).status).toBe(404);
    expect((await get('brokerlab://other/assets/app.js')).status).toBe(404);
    const refused = await get('brokerlab://app/.secret');
    expect(refused.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await get('brokerlab://app/assets/app.js')).status).toBe(200);
  });
});
