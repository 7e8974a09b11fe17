/**
 * The console window, locked down as Electron's security checklist asks: context isolation,
 * the sandbox, no Node in the page, no webviews, our own origin only (navigation, redirects and
 * new windows denied), every permission request refused, and only our page's main frame trusted
 * on IPC.
 */
import { join } from 'node:path';
import { BrowserWindow, session, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { APP_ORIGIN } from './app-protocol.js';
import { bridgeLayout, LAYOUT_ARGUMENT } from './channels.js';
import { loadWindowState, rememberWindowState } from './window-state.js';

export function lockDownSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

export function createConsoleWindow(appPath: string): BrowserWindow {
  const state = loadWindowState();
  const window = new BrowserWindow({
    ...state,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Brokerlab',
    backgroundColor: '#101418',
    webPreferences: {
      preload: join(appPath, 'dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      additionalArguments: [`${LAYOUT_ARGUMENT}${JSON.stringify(bridgeLayout())}`],
    },
  });
  if (state.maximized) window.maximize();
  rememberWindowState(window);
  const contents = window.webContents;
  const isOwnPage = (url: string): boolean => url.startsWith(`${APP_ORIGIN}/`);
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/`);
  return window;
}

/** True only for our page's main frame. */
export function isConsoleFrame(
  window: BrowserWindow | null,
  event: IpcMainEvent | IpcMainInvokeEvent,
): boolean {
  const frame = event.senderFrame;
  if (!window || window.isDestroyed() || !frame) return false;
  return frame === window.webContents.mainFrame && frame.url.startsWith(`${APP_ORIGIN}/`);
}
